using Steward.Core.Sessions;
using Steward.Testing;

namespace Steward.Core.Tests.Sessions;

public sealed class TranscriptReaderTests : IDisposable
{
    private readonly TempDirectory _directory = new("tr");

    private string PathOf => _directory.Combine("s.jsonl");

    private static string Assistant(string text) =>
        new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "assistant",
            ["message"] = new System.Text.Json.Nodes.JsonObject
            {
                ["content"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["type"] = "text", ["text"] = text }),
            },
        }.ToJsonString();

    [Fact]
    public void The_last_items_are_returned_oldest_first()
    {
        File.WriteAllLines(PathOf, Enumerable.Range(1, 50).Select(i => Assistant($"line {i}")));

        var items = TranscriptReader.LastItems(PathOf, 3);

        Assert.Equal(["assistant: line 48", "assistant: line 49", "assistant: line 50"], items);
    }

    [Fact]
    public void A_missing_transcript_reads_as_empty()
    {
        Assert.Empty(TranscriptReader.LastItems(_directory.Combine("none.jsonl"), 10));
    }

    [Fact]
    public void Following_reads_only_whole_new_lines()
    {
        File.WriteAllText(PathOf, Assistant("one") + "\n");
        var (first, position) = TranscriptReader.ItemsAfter(PathOf, 0);
        File.AppendAllText(PathOf, Assistant("two") + "\n" + "{\"type\":\"assistant\",\"mess");

        var (second, next) = TranscriptReader.ItemsAfter(PathOf, position);
        File.AppendAllText(PathOf, "age\":{\"content\":[{\"type\":\"text\",\"text\":\"three\"}]}}\n");
        var (third, _) = TranscriptReader.ItemsAfter(PathOf, next);

        Assert.Equal(["assistant: one"], first);
        Assert.Equal(["assistant: two"], second);
        Assert.Equal(["assistant: three"], third);
    }

    [Fact]
    public void Appending_keeps_every_line_and_adds_steward_events()
    {
        using (var transcript = TranscriptFile.OpenForAppend(PathOf))
        {
            transcript.Append(Assistant("hello"));
            transcript.AppendStewardEvent("spawned", DateTimeOffset.UnixEpoch, new System.Text.Json.Nodes.JsonObject { ["pid"] = 42 });
        }

        var lines = File.ReadAllLines(PathOf);
        Assert.Equal(2, lines.Length);
        Assert.Contains("\"pid\":42", lines[1], StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PathOf));
    }

    public void Dispose() => _directory.Dispose();
}
