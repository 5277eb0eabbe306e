using System.Text.Json;
using Steward.Core.Commands;
using Steward.Core.Storage;

namespace Steward.Tests.Cli;

public sealed class OperatorCliTests : IDisposable
{
    private readonly StewardHomeFixture _fixture = new();

    [Fact]
    public async Task Status_json_when_the_daemon_is_down_still_reports_the_queue()
    {
        new CommandQueue(new StewardDatabase(_fixture.Home.DatabasePath)).Enqueue("diag.echo", "{}", "test");

        using var status = await _fixture.RunAsync("status", "--json");

        Assert.Equal(0, status.ExitCode);
        var json = JsonDocument.Parse(status.Stdout).RootElement;
        Assert.False(json.GetProperty("running").GetBoolean());
        Assert.Equal(1, json.GetProperty("queue").GetProperty("queued").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Doctor_reports_a_healthy_home_and_exits_1_when_something_is_broken()
    {
        using var healthy = await _fixture.RunAsync("doctor", "--json");
        Assert.Equal(0, healthy.ExitCode);
        var report = JsonDocument.Parse(healthy.Stdout).RootElement;
        Assert.Equal(SchemaMigrations.Latest, report.GetProperty("schema_version").GetInt32());
        Assert.Contains(report.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "database integrity" && c.GetProperty("status").GetString() == "ok");

        File.SetUnixFileMode(_fixture.Home.DatabasePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        using var broken = await _fixture.RunAsync("doctor");
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("FAILED", broken.Stdout, StringComparison.Ordinal);
        Assert.Contains("chmod 600", broken.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queue_list_retry_and_cancel()
    {
        var queue = new CommandQueue(new StewardDatabase(_fixture.Home.DatabasePath));
        var failed = queue.Enqueue("diag.echo", "{}", "test");
        queue.ClaimNext();
        queue.Fail(failed.Id, "boom");
        var waiting = queue.Enqueue("diag.echo", "{}", "test");

        using var list = await _fixture.RunAsync("queue", "list", "--status", "failed", "--json");
        using var retry = await _fixture.RunAsync("queue", "retry", failed.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var cancel = await _fixture.RunAsync("queue", "cancel", waiting.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var cancelAgain = await _fixture.RunAsync("queue", "cancel", waiting.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var badStatus = await _fixture.RunAsync("queue", "list", "--status", "lost");

        var rows = JsonDocument.Parse(list.Stdout).RootElement;
        Assert.Equal("boom", Assert.Single(rows.EnumerateArray()).GetProperty("error").GetString());
        Assert.Equal(0, retry.ExitCode);
        Assert.Equal(CommandStatus.Queued, queue.Get(failed.Id)!.Status);
        Assert.Equal(0, cancel.ExitCode);
        Assert.Equal(CommandStatus.Cancelled, queue.Get(waiting.Id)!.Status);
        Assert.Equal(1, cancelAgain.ExitCode);
        Assert.Contains("only queued commands can be cancelled", cancelAgain.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, badStatus.ExitCode);
        Assert.Contains("Unknown command status 'lost'", badStatus.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_install_writes_a_unit_and_uninstall_removes_it()
    {
        var unitDirectory = Path.Combine(_fixture.UserHome, ".config", "systemd", "user");

        using var install = await _fixture.RunAsync("service", "install", "--exec", "/opt/steward/steward");
        var unitPath = Assert.Single(Directory.GetFiles(unitDirectory, "steward-ada-*.service"));
        var unit = File.ReadAllText(unitPath);
        using var status = await _fixture.RunAsync("service", "status", "--exec", "/opt/steward/steward");
        using var uninstall = await _fixture.RunAsync("service", "uninstall");

        Assert.Equal(0, install.ExitCode);
        Assert.Contains($"ExecStart=/opt/steward/steward serve --home {_fixture.Home.Root}", unit, StringComparison.Ordinal);
        Assert.Contains("Restart=always", unit, StringComparison.Ordinal);
        Assert.Contains($"systemctl --user enable --now {Path.GetFileName(unitPath)}", install.Stdout, StringComparison.Ordinal);
        Assert.Contains("installed and current", status.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, uninstall.ExitCode);
        Assert.False(File.Exists(unitPath));
        Assert.Contains("systemctl --user disable --now", uninstall.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_install_without_exec_points_the_unit_at_this_steward()
    {
        using var install = await _fixture.RunAsync("service", "install");

        var unit = File.ReadAllText(Assert.Single(Directory.GetFiles(Path.Combine(_fixture.UserHome, ".config", "systemd", "user"))));
        Assert.Contains("steward.dll serve --home", unit, StringComparison.Ordinal);
    }

    public void Dispose() => _fixture.Dispose();
}
