using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Steward.Core.Scheduling;
using Steward.Core.Sessions;

namespace Steward.Core.Memory;

/// <summary>
/// Rolling summaries: when a topic has gained memory.summary_every new entries, a one-turn Claude
/// Code session on a small model (memory.summary_model) rewrites the topic's summary from the
/// previous one and the new entries. First line "PURPOSE: …", then at most 400 words.
/// </summary>
public sealed class TopicSummarizer(
    TopicSummaryStore summaries,
    IJobSessions sessions,
    string model,
    int threshold,
    TimeProvider time,
    ILogger<TopicSummarizer> logger)
{
    public const int MaxWords = 400;
    public const int MaxEntriesPerSummary = 200;
    public const int MaxEntryCharacters = 1_000;

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    /// <summary>Writes the summary of the topic that most needs one; returns it, or null when none is due.</summary>
    public async Task<TopicSummary?> SummarizeNextAsync(CancellationToken cancellationToken)
    {
        var topic = summaries.ClaimDue(threshold, time.GetUtcNow());
        if (topic is null)
        {
            return null;
        }
        var sessionName = $"summary-{time.GetUtcNow():yyyyMMddHHmmssfff}";
        try
        {
            var previous = summaries.Latest(topic);
            var entries = summaries.EntriesSince(topic, previous?.LastMemoryId ?? 0, MaxEntriesPerSummary);
            if (entries.Count == 0)
            {
                summaries.MarkFailed(topic, time.GetUtcNow());
                return null;
            }
            await sessions.StartAsync(new JobSessionStart(sessionName, Prompt(topic, previous, entries), model, 2, [], "memory summarizer",
                $"the rolling summary of topic \"{topic}\""), cancellationToken);
            var text = await WaitForResultAsync(sessionName, cancellationToken);
            var (purpose, summary) = Parse(text);
            var saved = summaries.Save(topic, purpose, summary, entries.Count, entries[^1].Id, sessionName, time.GetUtcNow());
            logger.LogInformation("Topic {Topic}: summary {Id} written from {Count} new entries", topic, saved.Id, entries.Count);
            return saved;
        }
        catch (Exception e) when (e is StewardException or TimeoutException)
        {
            summaries.MarkFailed(topic, time.GetUtcNow());
            logger.LogWarning("Topic {Topic}: the summary could not be written ({Message}); trying again later", topic, e.Message);
            return null;
        }
        finally
        {
            await sessions.ReleaseAsync(sessionName, "the summary is written");
        }
    }

    public static string Prompt(string topic, TopicSummary? previous, IReadOnlyList<MemoryEntry> entries)
    {
        var text = new StringBuilder();
        text.Append($"You keep the rolling summary of the topic \"{topic}\" in an agent's long-term memory. ");
        text.Append("Write the updated summary now from the previous summary and the new entries below. Do not use tools.\n\n");
        text.Append("Answer in exactly this form:\n");
        text.Append("PURPOSE: <one sentence: what this topic is about>\n");
        text.Append($"<then at most {MaxWords} words: decisions, current state, open items, and the names, paths and numbers worth keeping>\n\n");
        text.Append("Previous summary:\n");
        text.Append(previous is null ? "(none yet)\n" : $"PURPOSE: {previous.Purpose}\n{previous.Summary}\n");
        text.Append("\nNew entries, oldest first:\n");
        foreach (var entry in entries)
        {
            var body = entry.Text.Length > MaxEntryCharacters ? entry.Text[..MaxEntryCharacters] + "…" : entry.Text;
            text.Append(CultureInfo.InvariantCulture, $"[{entry.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm}Z] ({entry.Kind.Name()}, {entry.Source}) {body.ReplaceLineEndings(" ")}\n");
        }
        return text.ToString();
    }

    /// <summary>Takes the PURPOSE line and the summary (cut at <see cref="MaxWords"/> words); anything else is an error worth a retry.</summary>
    public static (string Purpose, string Summary) Parse(string? text)
    {
        var lines = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var purposeIndex = Array.FindIndex(lines, l => l.TrimStart().StartsWith("PURPOSE:", StringComparison.OrdinalIgnoreCase));
        if (purposeIndex < 0)
        {
            throw new StewardException("the model's answer has no \"PURPOSE:\" line");
        }
        var purpose = lines[purposeIndex].Trim()["PURPOSE:".Length..].Trim();
        var body = string.Join('\n', lines.Skip(purposeIndex + 1)).Trim();
        if (purpose.Length == 0 || body.Length == 0)
        {
            throw new StewardException("the model's answer has an empty purpose or summary");
        }
        var words = System.Text.RegularExpressions.Regex.Matches(body, @"\S+");
        if (words.Count > MaxWords)
        {
            var last = words[MaxWords - 1];
            body = body[..(last.Index + last.Length)] + " …";
        }
        return (purpose, body);
    }

    private async Task<string?> WaitForResultAsync(string sessionName, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + Patience;
        while (true)
        {
            var state = sessions.Find(sessionName);
            if (state is { Status: SessionStatus.Idle } || (state is not null && state.Status.HasEnded() && state.Turns > 0))
            {
                if (state.ResultSubtype != "success" || state.ResultIsError)
                {
                    throw new StewardException($"the summary session ended with {state.ResultSubtype}: {state.ResultText}");
                }
                return state.ResultText;
            }
            if (state is not null && state.Status.HasEnded())
            {
                throw new StewardException($"the summary session ended without an answer ({state.Status.ToDatabase()}: {state.Error ?? state.EndedReason})");
            }
            if (time.GetUtcNow() > deadline)
            {
                await sessions.StopAsync(sessionName, "the summary took too long");
                throw new TimeoutException($"no summary within {Patience.TotalMinutes:0} minutes");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }
}
