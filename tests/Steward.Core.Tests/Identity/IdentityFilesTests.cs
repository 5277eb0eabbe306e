using Steward.Core.Identity;

namespace Steward.Core.Tests.Identity;

public sealed class IdentityFilesTests : IDisposable
{
    private readonly TestHome _test = new("Ada");
    private readonly IdentityFiles _identity;

    public IdentityFilesTests()
    {
        _identity = new IdentityFiles(_test.Home);
    }

    private string PathOf(string name) => Path.Combine(_test.Home.Root, name);

    [Theory]
    [InlineData("AGENT.md", "AGENT.md")]
    [InlineData("agent.md", "AGENT.md")]
    [InlineData("user", "USER.md")]
    [InlineData(" Memory ", "MEMORY.md")]
    public void File_names_are_accepted_in_any_case_with_or_without_extension(string requested, string expected)
    {
        Assert.Equal(expected, IdentityFiles.ResolveName(requested));
    }

    [Theory]
    [InlineData("SOUL.md")]
    [InlineData("../config.json")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_file_names_are_refused_with_the_accepted_list(string? requested)
    {
        var error = Assert.Throws<StewardException>(() => IdentityFiles.ResolveName(requested));
        Assert.Contains("AGENT.md", error.Message, StringComparison.Ordinal);
        Assert.Contains("MEMORY.md", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_returns_all_three_files_with_their_content()
    {
        var documents = _identity.ReadAll();

        Assert.Equal(["AGENT.md", "USER.md", "MEMORY.md"], documents.Select(d => d.Name));
        Assert.All(documents, d => Assert.True(d.Exists));
        Assert.Contains("Ada", documents[0].Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Append_adds_a_separate_paragraph_at_the_end()
    {
        File.WriteAllText(PathOf("MEMORY.md"), "# Notes\n- one");

        await _identity.UpdateAsync("MEMORY.md", "- two", IdentityUpdateMode.Append);
        await _identity.UpdateAsync("memory", "- three\n", IdentityUpdateMode.Append);

        Assert.Equal("# Notes\n- one\n\n- two\n\n- three\n", File.ReadAllText(PathOf("MEMORY.md")));
    }

    [Fact]
    public async Task Replace_keeps_the_previous_version()
    {
        var before = File.ReadAllText(PathOf("USER.md"));

        var result = await _identity.UpdateAsync("USER.md", "# Grace Hopper\n", IdentityUpdateMode.Replace);

        Assert.Equal("# Grace Hopper\n", File.ReadAllText(PathOf("USER.md")));
        Assert.NotNull(result.BackupPath);
        Assert.Equal(before, File.ReadAllText(result.BackupPath));
        Assert.StartsWith(Path.Combine(_test.Home.Root, "history", "identity"), result.BackupPath, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    [InlineData("nul\0byte")]
    public async Task Empty_or_binary_text_is_refused_and_the_file_is_unchanged(string text)
    {
        var before = File.ReadAllText(PathOf("AGENT.md"));

        await Assert.ThrowsAsync<StewardException>(() => _identity.UpdateAsync("AGENT.md", text, IdentityUpdateMode.Replace));

        Assert.Equal(before, File.ReadAllText(PathOf("AGENT.md")));
    }

    [Fact]
    public async Task Oversized_text_is_refused()
    {
        var error = await Assert.ThrowsAsync<StewardException>(() =>
            _identity.UpdateAsync("MEMORY.md", new string('x', IdentityFiles.MaxUpdateCharacters + 1), IdentityUpdateMode.Append));
        Assert.Contains("65,536", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_cannot_grow_past_the_limit_and_stays_as_it_was()
    {
        var chunk = new string('m', IdentityFiles.MaxUpdateCharacters - 10);
        for (var i = 0; i < 3; i++)
        {
            await _identity.UpdateAsync("MEMORY.md", chunk, IdentityUpdateMode.Append);
        }
        var before = File.ReadAllText(PathOf("MEMORY.md"));

        var error = await Assert.ThrowsAsync<StewardException>(() => _identity.UpdateAsync("MEMORY.md", chunk, IdentityUpdateMode.Append));

        Assert.Contains("would grow", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(PathOf("MEMORY.md")));
    }

    [Fact]
    public async Task Concurrent_appends_lose_nothing()
    {
        var writers = Enumerable.Range(0, 24)
            .Select(i => Task.Run(() => new IdentityFiles(_test.Home).UpdateAsync("MEMORY.md", $"- note {i:00}", IdentityUpdateMode.Append)));

        await Task.WhenAll(writers);

        var content = File.ReadAllText(PathOf("MEMORY.md"));
        for (var i = 0; i < 24; i++)
        {
            Assert.Contains($"- note {i:00}\n", content, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Only_the_newest_backups_are_kept()
    {
        for (var i = 0; i < IdentityFiles.BackupsKeptPerFile + 5; i++)
        {
            await _identity.UpdateAsync("AGENT.md", $"# version {i}\n", IdentityUpdateMode.Replace);
            await Task.Delay(2);
        }

        var backups = Directory.GetFiles(Path.Combine(_test.Home.HistoryDirectory, "identity"), "AGENT.*.md");
        Assert.Equal(IdentityFiles.BackupsKeptPerFile, backups.Length);
        Assert.Contains(backups, b => File.ReadAllText(b) == $"# version {IdentityFiles.BackupsKeptPerFile + 3}\n");
    }

    [Fact]
    public void Modes_parse_with_append_as_the_default()
    {
        Assert.Equal(IdentityUpdateMode.Append, IdentityFiles.ParseMode(null));
        Assert.Equal(IdentityUpdateMode.Replace, IdentityFiles.ParseMode("Replace"));
        Assert.Throws<StewardException>(() => IdentityFiles.ParseMode("merge"));
    }

    public void Dispose() => _test.Dispose();
}
