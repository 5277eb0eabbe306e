using System.Globalization;
using Steward.Core.Storage;

namespace Steward.Core.Memory;

/// <summary>`steward memory export`: every entry as MEMORY.md-style Markdown, grouped by topic, then kind. Streams, so a huge store never sits in memory.</summary>
public static class MemoryExporter
{
    public static void Export(StewardDatabase database, TopicSummaryStore summaries, TextWriter output, DateTimeOffset now)
    {
        using var connection = database.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*), COUNT(DISTINCT topic) FROM memories WHERE kind <> 'summary'";
        using (var reader = count.ExecuteReader())
        {
            reader.Read();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# Memory ({reader.GetInt64(0):N0} entries in {reader.GetInt64(1):N0} topics, exported {now.UtcDateTime:yyyy-MM-dd HH:mm}Z)"));
        }

        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT m.id, m.topic, m.kind, m.text, m.tags, m.source, m.importance, m.created_at, m.last_used_at, m.use_count
              FROM memories m WHERE m.kind <> 'summary'
             ORDER BY m.topic, CASE m.kind WHEN 'fact' THEN 0 WHEN 'decision' THEN 1 WHEN 'lesson' THEN 2 WHEN 'note' THEN 3 ELSE 4 END, m.id
            """;
        string? topic = null;
        MemoryKind? kind = null;
        using var rows = command.ExecuteReader();
        while (rows.Read())
        {
            var entry = MemoryStore.Read(rows);
            if (entry.Topic != topic)
            {
                topic = entry.Topic;
                kind = null;
                output.WriteLine();
                output.WriteLine($"## {topic}");
                if (summaries.Latest(topic) is { } summary)
                {
                    output.WriteLine();
                    output.WriteLine($"_Purpose: {summary.Purpose}_");
                    output.WriteLine();
                    output.WriteLine(summary.Summary);
                }
            }
            if (entry.Kind != kind)
            {
                kind = entry.Kind;
                output.WriteLine();
                output.WriteLine($"### {Heading(entry.Kind)}");
                output.WriteLine();
            }
            var tags = entry.Tags.Count == 0 ? "" : " " + string.Join(' ', entry.Tags.Select(t => "#" + t));
            var lines = entry.Text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- {lines[0]} _({entry.CreatedAt.UtcDateTime:yyyy-MM-dd}, importance {entry.Importance}{tags}, #{entry.Id})_"));
            foreach (var line in lines.Skip(1))
            {
                output.WriteLine("  " + line);
            }
        }
    }

    private static string Heading(MemoryKind kind) => kind switch
    {
        MemoryKind.Fact => "Facts",
        MemoryKind.Decision => "Decisions",
        MemoryKind.Lesson => "Lessons",
        MemoryKind.Note => "Notes",
        _ => "Messages",
    };
}
