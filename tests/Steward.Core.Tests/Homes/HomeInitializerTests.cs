using Steward.Core.Files;
using Steward.Core.Homes;
using Steward.Testing;

namespace Steward.Core.Tests.Homes;

public sealed class HomeInitializerTests
{
    [Fact]
    public void Init_creates_the_whole_layout_owner_only()
    {
        using var test = new TestHome("Ada");
        var home = test.Home;

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(home.Root));
        foreach (var file in new[] { "config.json", "AGENT.md", "USER.md", "MEMORY.md", "state.db", "keys/threadline.key" })
        {
            Assert.True(File.Exists(Path.Combine(home.Root, file)), file);
            Assert.True(OwnerOnly.IsOwnerOnly(File.GetUnixFileMode(Path.Combine(home.Root, file))), file);
        }
        foreach (var directory in new[] { "jobs", "sessions", "keys", "logs" })
        {
            Assert.True(Directory.Exists(Path.Combine(home.Root, directory)), directory);
        }
        Assert.Contains("Ada", File.ReadAllText(Path.Combine(home.Root, "AGENT.md")), StringComparison.Ordinal);
        Assert.Contains("\"name\": \"Ada\"", File.ReadAllText(home.ConfigPath), StringComparison.Ordinal);
        Assert.Contains("state.db", test.Report.Created);
    }

    [Fact]
    public void Running_init_again_keeps_what_the_owner_edited()
    {
        using var test = new TestHome("Ada");
        var home = test.Home;
        var edited = new Dictionary<string, string>
        {
            ["AGENT.md"] = "# Ada\nMy own words.\n",
            ["USER.md"] = "# Grace\n",
            ["MEMORY.md"] = "- the owner likes tea\n",
            ["config.json"] = "{ \"name\": \"Ada\", \"custom\": { \"kept\": true } }\n",
        };
        foreach (var (file, content) in edited)
        {
            File.WriteAllText(Path.Combine(home.Root, file), content);
        }
        File.WriteAllText(Path.Combine(home.JobsDirectory, "nightly.md"), "job");

        var key = File.ReadAllText(Steward.Core.Threadline.ThreadlineKeyFile.PathFor(home));
        var second = HomeInitializer.Initialize(home, "Someone Else");

        foreach (var (file, content) in edited)
        {
            Assert.Equal(content, File.ReadAllText(Path.Combine(home.Root, file)));
        }
        Assert.Equal("job", File.ReadAllText(Path.Combine(home.JobsDirectory, "nightly.md")));
        Assert.Equal(key, File.ReadAllText(Steward.Core.Threadline.ThreadlineKeyFile.PathFor(home)));
        Assert.Empty(second.Created);
        Assert.Equal("Ada", second.Name);
        Assert.Contains(second.Notes, n => n.Contains("Kept the existing name \"Ada\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Init_recreates_only_what_is_missing()
    {
        using var test = new TestHome();
        File.Delete(Path.Combine(test.Home.Root, "USER.md"));
        Directory.Delete(test.Home.SessionsDirectory);

        var report = HomeInitializer.Initialize(test.Home);

        Assert.Equal(["USER.md", "sessions/"], report.Created);
        Assert.True(File.Exists(Path.Combine(test.Home.Root, "USER.md")));
    }

    [Fact]
    public void Init_tightens_a_home_others_can_read()
    {
        using var test = new TestHome();
        File.SetUnixFileMode(test.Home.Root, File.GetUnixFileMode(test.Home.Root) | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var report = HomeInitializer.Initialize(test.Home);

        Assert.True(OwnerOnly.IsOwnerOnly(File.GetUnixFileMode(test.Home.Root)));
        Assert.Contains(report.Notes, n => n.Contains("0700", StringComparison.Ordinal));
    }

    [Fact]
    public void A_broken_config_is_reported_and_left_untouched()
    {
        using var test = new TestHome();
        File.WriteAllText(test.Home.ConfigPath, "{ broken");

        var report = HomeInitializer.Initialize(test.Home);

        Assert.Equal("{ broken", File.ReadAllText(test.Home.ConfigPath));
        Assert.Contains(report.Notes, n => n.Contains("not valid JSON", StringComparison.Ordinal));
    }

    [Fact]
    public void The_default_name_is_the_folder_that_holds_the_home()
    {
        using var directory = new TempDirectory("nm");
        var home = new AgentHome(Path.Combine(directory.Path, "My Project!", ".steward"));

        Assert.Equal("My-Project", HomeInitializer.DefaultName(home));
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad\nname")]
    public void Bad_names_are_refused_before_anything_is_created(string name)
    {
        using var directory = new TempDirectory("nm");
        var home = new AgentHome(Path.Combine(directory.Path, ".steward"));

        Assert.Throws<StewardException>(() => HomeInitializer.Initialize(home, name));
        Assert.False(Directory.Exists(home.Root));
    }
}
