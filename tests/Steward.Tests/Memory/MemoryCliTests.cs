namespace Steward.Tests.Memory;

public sealed class MemoryCliTests : IDisposable
{
    private readonly StewardHomeFixture _fixture = new();

    [Fact]
    public async Task Add_search_recent_topics_export_and_forget_from_the_command_line()
    {
        using var add = await _fixture.RunAsync("memory", "add", "The backup bucket is s3://ada-backups", "--topic", "infra", "--kind", "fact", "--tag", "backup");
        using var second = await _fixture.RunAsync("memory", "add", "Rotate the backup keys in March", "--topic", "infra", "--kind", "decision");
        Assert.True(add.ExitCode == 0, add.Stderr);

        using var search = await _fixture.RunAsync("memory", "search", "backup bucket");
        Assert.Contains("The **backup** **bucket** is s3://ada-", search.Stdout, StringComparison.Ordinal);

        using var topics = await _fixture.RunAsync("memory", "topics");
        Assert.Contains("infra: 2 entries, 2 since the last summary", topics.Stdout, StringComparison.Ordinal);

        var exportPath = Path.Combine(_fixture.Root, "memory.md");
        using var export = await _fixture.RunAsync("memory", "export", "--output", exportPath);
        var exported = File.ReadAllText(exportPath);
        Assert.Contains("## infra", exported, StringComparison.Ordinal);
        Assert.Contains("### Facts", exported, StringComparison.Ordinal);
        Assert.Contains("- Rotate the backup keys in March", exported, StringComparison.Ordinal);

        var id = search.Stdout.Split(' ')[0].TrimStart('#');
        using var forget = await _fixture.RunAsync("memory", "forget", id);
        Assert.Equal(0, forget.ExitCode);
        using var forgetAgain = await _fixture.RunAsync("memory", "forget", id);
        Assert.Equal(1, forgetAgain.ExitCode);
        Assert.Contains($"no memory #{id}", forgetAgain.Stderr, StringComparison.Ordinal);

        using var recent = await _fixture.RunAsync("memory", "recent");
        Assert.DoesNotContain("s3://ada-backups", recent.Stdout, StringComparison.Ordinal);
        Assert.Contains("Rotate the backup keys", recent.Stdout, StringComparison.Ordinal);

        using var context = await _fixture.RunAsync("context", "--prompt", "backup keys");
        Assert.Contains("Rotate the backup keys in March", context.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _fixture.Dispose();
}
