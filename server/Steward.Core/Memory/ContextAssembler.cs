using System.Globalization;
using System.Text;
using Steward.Core.Homes;

namespace Steward.Core.Memory;

/// <summary>What the agent should have in front of it, within a token budget.</summary>
/// <param name="People">People in the conversation: ids, platform:handle identities or unique names.</param>
/// <param name="IncludeIdentity">False when the identity files are already in front of the agent (a prompt after the session start).</param>
public sealed record ContextRequest(string? Prompt = null, string? Topic = null, IReadOnlyList<string>? People = null, int BudgetTokens = ContextAssembler.DefaultBudgetTokens, bool IncludeIdentity = true);

/// <summary>
/// Builds the context block the identity hook injects and identity_get returns: who the agent is,
/// who it serves, its standing notes, the topic's summary, the memories most relevant to the
/// prompt, and the people involved — each cut to its share of the budget (tokens estimated as
/// characters / 4), with what a section leaves unused going to the memories.
/// </summary>
public sealed class ContextAssembler(AgentHome home, MemoryStore memory, TopicSummaryStore summaries, People.PersonStore people, TimeProvider? timeProvider = null)
{
    public const int DefaultBudgetTokens = 2_000;
    private const int CharactersPerToken = 4;

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public string Assemble(ContextRequest request)
    {
        if (request.BudgetTokens is < 200 or > 50_000)
        {
            throw new StewardException("The context budget must be between 200 and 50,000 tokens.");
        }
        var budget = request.BudgetTokens * CharactersPerToken;
        var sections = new List<(string Heading, string Body)>();
        var used = 0;
        void Add(string heading, string? body, double share)
        {
            if (string.IsNullOrWhiteSpace(body))
            {
                return;
            }
            var cut = Cut(body.Trim(), (int)(budget * share));
            sections.Add((heading, cut));
            used += cut.Length + heading.Length + 8;
        }

        if (request.IncludeIdentity)
        {
            Add("Who I am (AGENT.md)", ReadIdentity("AGENT.md"), 0.20);
            Add("Who I serve (USER.md)", ReadIdentity("USER.md"), 0.15);
            Add("Standing notes (MEMORY.md)", ReadIdentity("MEMORY.md"), 0.10);
        }
        if (request.Topic is { } topic && summaries.Latest(MemoryLimits.Topic(topic)) is { } summary)
        {
            Add($"Topic \"{summary.Topic}\" so far", $"PURPOSE: {summary.Purpose}\n{summary.Summary}", 0.20);
        }
        if (request.People is { Count: > 0 } involved)
        {
            Add("People in this conversation", PeopleBlocks(involved), 0.10);
        }
        if (!string.IsNullOrWhiteSpace(request.Prompt))
        {
            Add("Relevant memories", RelevantMemories(request.Prompt, request.Topic), Math.Max(0.05, (budget - used) / (double)budget));
        }

        var text = new StringBuilder();
        foreach (var (heading, body) in sections)
        {
            text.Append("## ").Append(heading).Append('\n').Append(body).Append("\n\n");
        }
        return text.ToString().TrimEnd() + "\n";
    }

    private string? RelevantMemories(string prompt, string? topic)
    {
        var now = _time.GetUtcNow();
        var hits = memory.Search(new MemoryQuery(prompt.Length > 2_000 ? prompt[..2_000] : prompt, Limit: 8));
        if (topic is not null)
        {
            // Prefer the conversation's own topic when its entries match as well.
            hits = hits.OrderByDescending(h => h.Entry.Topic == topic).ThenByDescending(h => h.Score).ToList();
        }
        return hits.Count == 0 ? null : string.Join("\n", hits.Select(h =>
            string.Create(CultureInfo.InvariantCulture, $"- [{h.Entry.Kind.Name()} · {h.Entry.Topic} · {Age(now - h.Entry.CreatedAt)}] {h.Entry.Text.ReplaceLineEndings(" ")}")));
    }

    /// <summary>Each person as an escaped block; someone the store does not know is said so (a new sender, say).</summary>
    private string PeopleBlocks(IReadOnlyList<string> references)
    {
        var profiles = new People.PersonProfiles(people, memory);
        return string.Join("\n", references.Select(reference =>
        {
            try
            {
                return People.PersonBlock.Render(profiles.Load(people.Find(reference)));
            }
            catch (StewardException)
            {
                return $"(no one in the people store matches \"{People.PersonBlock.Escape(reference)}\")";
            }
        }));
    }

    private string? ReadIdentity(string name)
    {
        var path = Path.Combine(home.Root, name);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    private static string Cut(string text, int maxCharacters)
    {
        if (text.Length <= maxCharacters)
        {
            return text;
        }
        var end = text.LastIndexOf('\n', Math.Max(0, maxCharacters - 1));
        if (end < maxCharacters / 2)
        {
            end = text.LastIndexOf(' ', Math.Max(0, maxCharacters - 1));
        }
        return text[..Math.Max(end, 1)].TrimEnd() + " …";
    }

    private static string Age(TimeSpan span) => span.TotalHours < 1 ? "just now"
        : span.TotalDays < 1 ? $"{(int)span.TotalHours} h ago"
        : $"{(int)span.TotalDays} d ago";
}
