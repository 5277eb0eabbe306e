using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Steward.Core;
using Steward.Core.Homes;
using Steward.Core.Memory;

namespace Steward.Mcp;

/// <summary>memory_*: thin adapters over <see cref="MemoryStore"/> and the topic summaries.</summary>
[McpServerToolType]
internal sealed class MemoryTools(HomeServices services)
{
    private static string Source => Environment.GetEnvironmentVariable("STEWARD_SESSION") is { Length: > 0 } session ? $"session:{session}" : "session:interactive";

    [McpServerTool(Name = "memory_remember", Title = "Remember something")]
    [Description("Store something worth remembering across sessions: a fact, a decision, a lesson, a note. It is searchable at once (memory_search) by this and every later session.")]
    public Task<CallToolResult> RememberAsync(
        [Description("What to remember, in a sentence or a short paragraph (at most 20,000 characters).")] string text,
        [Description("Optional topic that groups it: a project, a conversation, a subject (default \"general\").")] string? topic = null,
        [Description("note (default), fact, decision, lesson or message. Facts and lessons stay relevant longer.")] string? kind = null,
        [Description("Optional tags, e.g. [\"billing\", \"urgent\"].")] string[]? tags = null,
        [Description("1 (trivia) to 5 (essential); default 3, or 4 for facts, decisions and lessons.")] int? importance = null) => ToolResults.Guard(() =>
    {
        var entry = services.Memory.Remember(new MemoryDraft(text, topic, kind is null ? MemoryKind.Note : MemoryKindNames.Parse(kind), tags, Source, importance));
        return Task.FromResult(ToolResults.Success($"Remembered #{entry.Id} in topic \"{entry.Topic}\" as a {entry.Kind.Name()} (importance {entry.Importance}).", MemoryJson.Entry(entry)));
    });

    [McpServerTool(Name = "memory_search", Title = "Search memory", ReadOnly = true)]
    [Description("Search everything remembered, ranked by relevance, recency, importance and use. Any text works: words, \"an exact phrase\", prefix* . Returns snippets with the matches in **bold**, topic, kind, score and age.")]
    public Task<CallToolResult> SearchAsync(
        [Description("What to look for.")] string query,
        [Description("Optional: only this topic.")] string? topic = null,
        [Description("Optional: only this kind (note, fact, decision, lesson, message, summary).")] string? kind = null,
        [Description("How many results (1-100, default 10).")] int? limit = null) => ToolResults.Guard(() =>
    {
        var memory = services.Memory;
        var hits = memory.Search(new MemoryQuery(query ?? "", topic, kind is null ? null : MemoryKindNames.Parse(kind), MemoryLimits.Limit(limit)));
        memory.MarkUsed(hits.Select(h => h.Entry.Id));
        var text = hits.Count == 0 ? "Nothing in memory matches." : string.Join("\n", hits.Select(h =>
            string.Create(CultureInfo.InvariantCulture, $"#{h.Entry.Id} [{h.Entry.Kind.Name()} · {h.Entry.Topic} · {Age(h.Age)} · score {h.Score:G3}] {h.Snippet.ReplaceLineEndings(" ")}")));
        return Task.FromResult(ToolResults.Success(text, new JsonObject
        {
            ["results"] = new JsonArray([.. hits.Select(h => (JsonNode)MemoryJson.Hit(h))]),
        }));
    });

    [McpServerTool(Name = "memory_recent", Title = "Recent memories", ReadOnly = true, Idempotent = true)]
    [Description("The newest memories, of one topic or all, newest first.")]
    public Task<CallToolResult> RecentAsync(
        [Description("Optional: only this topic.")] string? topic = null,
        [Description("How many (1-100, default 20).")] int? limit = null) => ToolResults.Guard(() =>
    {
        var entries = services.Memory.Recent(topic, MemoryLimits.Limit(limit, 20));
        var now = services.Time.GetUtcNow();
        var text = entries.Count == 0 ? "No memories yet." : string.Join("\n", entries.Select(e =>
            $"#{e.Id} [{e.Kind.Name()} · {e.Topic} · {Age(now - e.CreatedAt)}] {e.Text.ReplaceLineEndings(" ")}"));
        return Task.FromResult(ToolResults.Success(text, new JsonObject { ["entries"] = new JsonArray([.. entries.Select(e => (JsonNode)MemoryJson.Entry(e))]) }));
    });

    [McpServerTool(Name = "memory_forget", Title = "Forget a memory", Destructive = true, Idempotent = true)]
    [Description("Delete one memory for good (from the store and the search index).")]
    public Task<CallToolResult> ForgetAsync([Description("The memory's id, as shown by memory_search or memory_recent (e.g. 42).")] long id) => ToolResults.Guard(() =>
    {
        if (!services.Memory.Forget(id))
        {
            throw new StewardException($"There is no memory #{id}.");
        }
        return Task.FromResult(ToolResults.Success($"Forgot #{id}.", new JsonObject { ["forgotten"] = id }));
    });

    [McpServerTool(Name = "memory_summary", Title = "A topic's rolling summary", ReadOnly = true, Idempotent = true)]
    [Description("The latest rolling summary of a topic (its purpose, decisions, state, open items), which the daemon rewrites as the topic grows, with how many entries have arrived since.")]
    public Task<CallToolResult> SummaryAsync([Description("The topic.")] string topic) => ToolResults.Guard(() =>
    {
        var name = MemoryLimits.Topic(topic);
        var summary = services.Summaries.Latest(name);
        var info = services.Memory.Topics().FirstOrDefault(t => t.Name == name);
        if (summary is null)
        {
            var text = info is null
                ? $"There is no topic \"{name}\" in memory."
                : $"Topic \"{name}\" has no summary yet: {info.Entries} entries, {info.SinceSummary} since the last summary (one is written every {services.Config.MemorySummaryEvery}).";
            return Task.FromResult(ToolResults.Success(text, new JsonObject { ["topic"] = name, ["summary"] = null, ["entries"] = info?.Entries ?? 0 }));
        }
        return Task.FromResult(ToolResults.Success(
            $"Topic \"{name}\" (summary of {summary.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm}Z, {info?.SinceSummary ?? 0} entries since)\nPURPOSE: {summary.Purpose}\n{summary.Summary}",
            new JsonObject
            {
                ["topic"] = name,
                ["purpose"] = summary.Purpose,
                ["summary"] = summary.Summary,
                ["written_at"] = summary.CreatedAt.ToString("O"),
                ["entries_covered"] = summary.EntriesCovered,
                ["entries_since"] = info?.SinceSummary ?? 0,
                ["versions"] = services.Summaries.History(name).Count,
            }));
    });

    private static string Age(TimeSpan span) => span.TotalMinutes < 1 ? "just now"
        : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min ago"
        : span.TotalDays < 1 ? $"{(int)span.TotalHours} h ago"
        : $"{(int)span.TotalDays} d ago";
}
