using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Steward.Core.Homes;
using Steward.Core.Memory;
using Steward.Core.Storage;
using Steward.Testing;

namespace Steward.Tests.Hooks;

/// <summary>The identity hook as Claude Code runs it: a process, an event on stdin, the environment telling it where things are.</summary>
public sealed class IdentityHookTests : IDisposable
{
    private readonly TempDirectory _directory = new("ih");

    private string UserHome => _directory.Combine("user");

    private string Project => _directory.Combine("project");

    public IdentityHookTests()
    {
        Directory.CreateDirectory(UserHome);
        Directory.CreateDirectory(Project);
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(JsonObject input, string? stewardHome)
    {
        using var hook = ChildProcess.Start("dotnet", [BuiltArtifacts.HookDll, "identity"], Project,
            new Dictionary<string, string?> { ["HOME"] = UserHome, ["STEWARD_HOME"] = stewardHome, ["CLAUDE_PROJECT_DIR"] = Project });
        await hook.WriteInputAndCloseAsync(input.ToJsonString());
        await hook.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return (hook.ExitCode, hook.Stdout, hook.Stderr);
    }

    private JsonObject Event(string name, string? source = null, string? prompt = null) => new()
    {
        ["session_id"] = "s1",
        ["cwd"] = Project,
        ["hook_event_name"] = name,
        ["source"] = source,
        ["prompt"] = prompt,
    };

    private static string Context(string stdout) => JsonNode.Parse(stdout)!["hookSpecificOutput"]!["additionalContext"]!.GetValue<string>();

    private AgentHome NewHome()
    {
        var home = new AgentHome(Path.Combine(Project, ".steward"));
        HomeInitializer.Initialize(home, "Ada");
        return home;
    }

    [Fact]
    public async Task Without_a_home_it_says_nothing()
    {
        var (code, stdout, _) = await RunAsync(Event("SessionStart", "startup"), null);

        Assert.Equal(0, code);
        Assert.Equal("", stdout.Trim());
    }

    [Theory]
    [InlineData("startup", "# Steward: who you are")]
    [InlineData("resume", "# Steward: who you are")]
    [InlineData("clear", "# Steward: who you are")]
    [InlineData("compact", "the conversation was just compacted")]
    public async Task Session_start_brings_identity_owner_time_and_notes(string source, string heading)
    {
        var home = NewHome();
        File.WriteAllText(Path.Combine(home.Root, "USER.md"), "# Grace\nPrefers short answers.\n");

        var (_, stdout, _) = await RunAsync(Event("SessionStart", source), home.Root);

        var context = Context(stdout);
        Assert.StartsWith(heading == "# Steward: who you are" ? heading : "# Steward: your identity again", context, StringComparison.Ordinal);
        Assert.Contains(heading, context, StringComparison.Ordinal);
        Assert.Contains("You are **Ada**", context, StringComparison.Ordinal);
        Assert.Contains("Prefers short answers.", context, StringComparison.Ordinal);
        Assert.Contains("Local time:", context, StringComparison.Ordinal);
        Assert.Contains("## Standing notes (MEMORY.md)", context, StringComparison.Ordinal);
        Assert.True(context.Length <= 2_000 * 4 * 1.2);
        Assert.Equal("SessionStart", JsonNode.Parse(stdout)!["hookSpecificOutput"]!["hookEventName"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_prompt_brings_the_relevant_memories_and_not_the_identity_again()
    {
        var home = NewHome();
        new MemoryStore(new StewardDatabase(home.DatabasePath)).Remember(new MemoryDraft("The staging database password rotates every Monday", "ops", MemoryKind.Fact));
        SqliteConnection.ClearAllPools();

        var (_, stdout, _) = await RunAsync(Event("UserPromptSubmit", prompt: "when does the staging password rotate?"), home.Root);

        var context = Context(stdout);
        Assert.Contains("rotates every Monday", context, StringComparison.Ordinal);
        Assert.DoesNotContain("You are **Ada**", context, StringComparison.Ordinal);
        Assert.Equal("UserPromptSubmit", JsonNode.Parse(stdout)!["hookSpecificOutput"]!["hookEventName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unread_messages_from_other_agents_are_announced_until_they_are_read()
    {
        var home = NewHome();
        var database = new StewardDatabase(home.DatabasePath);
        var contacts = new Core.Threadline.ThreadlineContacts(database);
        using var identity = Core.Threadline.ThreadlineKeyFile.Load(home);
        var inbox = new Core.Threadline.ThreadlineInbox(database, identity, new Core.Threadline.SenderRateLimiter());
        foreach (var (name, count) in new[] { ("bob", 2), ("carol", 1) })
        {
            using var peer = Core.Threadline.ThreadlineIdentity.Create();
            contacts.Add(name, null, peer.PublicKey);
            contacts.SetTrust(name, Core.Threadline.TrustLevel.Verified, confirmed: true, "test", "owner");
            var contact = contacts.SetInstarCompat(name, true, confirmed: true, "owner");
            for (var i = 0; i < count; i++)
            {
                inbox.ReceivePlaintext(contact, new JsonObject { ["id"] = $"{name}-{i}", ["body"] = $"note {i} from {name}" });
            }
        }
        SqliteConnection.ClearAllPools();

        var (_, start, _) = await RunAsync(Event("SessionStart", "startup"), home.Root);
        var (_, prompt, _) = await RunAsync(Event("UserPromptSubmit", prompt: "anything new?"), home.Root);
        new Core.Threadline.ThreadlineMessages(database).Inbox(unreadOnly: true, 50);
        SqliteConnection.ClearAllPools();
        var (_, afterReading, _) = await RunAsync(Event("UserPromptSubmit", prompt: "anything new?"), home.Root);

        Assert.Contains("## Messages from other agents\n3 unread Threadline messages (bob ×2, carol ×1). Read them with threadline_inbox", Context(start), StringComparison.Ordinal);
        Assert.Contains("3 unread Threadline messages", Context(prompt), StringComparison.Ordinal);
        Assert.DoesNotContain("unread Threadline", Context(afterReading), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_store_degrades_to_the_identity_files_and_says_so()
    {
        var home = NewHome();
        SqliteConnection.ClearAllPools();
        File.WriteAllText(home.DatabasePath, "this is not a database");
        File.Delete(home.DatabasePath + "-wal");
        File.Delete(home.DatabasePath + "-shm");

        var (code, stdout, _) = await RunAsync(Event("UserPromptSubmit", prompt: "anything"), home.Root);
        var (_, start, _) = await RunAsync(Event("SessionStart", "startup"), home.Root);

        Assert.Equal(0, code);
        Assert.Contains("could not be read", Context(stdout), StringComparison.Ordinal);
        Assert.Contains("You are **Ada**", Context(start), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_busy_store_does_not_hold_up_the_session()
    {
        var home = NewHome();
        new MemoryStore(new StewardDatabase(home.DatabasePath)).Remember(new MemoryDraft("Deploys happen on Thursdays", "ops", MemoryKind.Fact));
        SqliteConnection.ClearAllPools();
        await using var holder = new SqliteConnection($"Data Source={home.DatabasePath};Pooling=False");
        await holder.OpenAsync();
        await using (var begin = holder.CreateCommand())
        {
            // WAL readers are never blocked by a writer; exclusive locking mode is what really locks them out.
            begin.CommandText = "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; SELECT count(*) FROM sqlite_master;";
            await begin.ExecuteNonQueryAsync();
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (code, stdout, _) = await RunAsync(Event("UserPromptSubmit", prompt: "when do deploys happen?"), home.Root);
        var (_, start, _) = await RunAsync(Event("SessionStart", "startup"), home.Root);
        watch.Stop();

        Assert.Equal(0, code);
        Assert.Contains("did not answer within", Context(stdout), StringComparison.Ordinal);
        Assert.Contains("You are **Ada**", Context(start), StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"two hook runs took {watch.Elapsed} with the store locked");
    }

    public void Dispose() => _directory.Dispose();
}
