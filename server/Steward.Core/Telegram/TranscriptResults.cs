using System.Text.Json;
using Steward.Core.Homes;
using Steward.Core.Sessions;

namespace Steward.Core.Telegram;

/// <summary>The result texts of a session, in order, read from its transcript (every result event is kept there).</summary>
internal static class TranscriptResults
{
    public static int Count(AgentHome home, string sessionName) => Read(home, sessionName).Count;

    public static IReadOnlyList<(string? Text, bool IsError)> Read(AgentHome home, string sessionName)
    {
        var path = TranscriptFile.PathFor(home, sessionName);
        var results = new List<(string?, bool)>();
        if (!File.Exists(path))
        {
            return results;
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (!line.Contains("\"result\"", StringComparison.Ordinal))
            {
                continue;
            }
            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var type) && type.ValueEquals("result"))
                {
                    results.Add((root.TryGetProperty("result", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null,
                        root.TryGetProperty("is_error", out var error) && error.ValueKind == JsonValueKind.True));
                }
            }
            catch (JsonException)
            {
                // A line cut short by a crash: not a result.
            }
        }
        return results;
    }
}
