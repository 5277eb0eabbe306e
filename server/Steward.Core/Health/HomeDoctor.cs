using Steward.Core.Commands;
using Steward.Core.Configuration;
using Steward.Core.Control;
using Steward.Core.Files;
using Steward.Core.Homes;
using Steward.Core.Identity;
using Steward.Core.Storage;

namespace Steward.Core.Health;

/// <summary>`steward doctor`: checks a home end to end and says what is wrong and what to do. Changes nothing.</summary>
public sealed class HomeDoctor(AgentHome home)
{
    public async Task<DoctorReport> ExamineAsync(CancellationToken cancellationToken = default)
    {
        var checks = new List<HealthCheck>();
        if (!Directory.Exists(home.Root))
        {
            checks.Add(new("home", CheckStatus.Failure, $"{home.Root} does not exist; run `steward init`."));
            return new(home.Root, 0, SchemaMigrations.Latest, 0, 0, 0, checks);
        }

        checks.Add(PermissionCheck("home permissions", home.Root, isDirectory: true));
        checks.Add(ConfigCheck());
        foreach (var name in IdentityFiles.Names)
        {
            var path = Path.Combine(home.Root, name);
            checks.Add(File.Exists(path)
                ? new(name, CheckStatus.Ok, $"{new FileInfo(path).Length:N0} bytes")
                : new(name, CheckStatus.Warning, "missing; `steward init` recreates the template"));
        }
        foreach (var directory in new[] { home.JobsDirectory, home.SessionsDirectory, home.KeysDirectory, home.LogsDirectory })
        {
            if (!Directory.Exists(directory))
            {
                checks.Add(new(Path.GetFileName(directory) + "/", CheckStatus.Warning, "missing; `steward init` recreates it"));
            }
        }
        checks.AddRange(KeyPermissionChecks());

        var (schemaVersion, databaseChecks) = DatabaseInspector.Inspect(home.DatabasePath);
        checks.AddRange(databaseChecks);
        if (File.Exists(home.DatabasePath))
        {
            checks.Add(PermissionCheck("database permissions", home.DatabasePath, isDirectory: false));
        }

        await AddDaemonChecksAsync(checks, cancellationToken).ConfigureAwait(false);
        if (schemaVersion == SchemaMigrations.Latest)
        {
            checks.Add(QueueCheck());
        }

        return new(home.Root, schemaVersion, SchemaMigrations.Latest,
            FileSize(home.DatabasePath), FileSize(home.DatabasePath + "-wal"), DirectorySize(home.LogsDirectory), checks);
    }

    private HealthCheck ConfigCheck()
    {
        try
        {
            var config = StewardConfig.Load(home.ConfigPath);
            return new("config.json", CheckStatus.Ok, $"agent \"{config.Name}\"");
        }
        catch (StewardException e)
        {
            return new("config.json", CheckStatus.Failure, e.Message);
        }
    }

    private IEnumerable<HealthCheck> KeyPermissionChecks()
    {
        if (!Directory.Exists(home.KeysDirectory))
        {
            yield break;
        }
        yield return PermissionCheck("keys/ permissions", home.KeysDirectory, isDirectory: true);
        foreach (var key in Directory.EnumerateFiles(home.KeysDirectory))
        {
            yield return PermissionCheck($"keys/{Path.GetFileName(key)} permissions", key, isDirectory: false);
        }
    }

    private async Task AddDaemonChecksAsync(List<HealthCheck> checks, CancellationToken cancellationToken)
    {
        var status = await new ControlClient(home).TryGetStatusAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (status is not null)
        {
            checks.Add(new("daemon", CheckStatus.Ok, $"running, pid {status.Pid}, version {status.Version}, up {TimeSpan.FromSeconds(Math.Round(status.UptimeSeconds))}"));
        }
        else if (File.Exists(home.SocketPath))
        {
            checks.Add(new("daemon", CheckStatus.Warning, $"{home.SocketPath} exists but no daemon answers (it crashed?); `steward serve` replaces it"));
        }
        else
        {
            checks.Add(new("daemon", CheckStatus.Warning, "not running; start it with `steward serve` or `steward service install`"));
        }
        if (File.Exists(home.SocketPath))
        {
            checks.Add(PermissionCheck("socket permissions", home.SocketPath, isDirectory: false));
        }
    }

    private HealthCheck QueueCheck()
    {
        var counts = new CommandQueue(new StewardDatabase(home.DatabasePath)).Counts();
        var detail = $"{counts.Queued} queued, {counts.Running} running, {counts.Failed} failed, {counts.Interrupted} interrupted";
        return counts.Failed + counts.Interrupted > 0
            ? new("command queue", CheckStatus.Warning, detail + "; see `steward queue list --status failed` and `--status interrupted`")
            : new("command queue", CheckStatus.Ok, detail);
    }

    private static HealthCheck PermissionCheck(string name, string path, bool isDirectory)
    {
        var mode = File.GetUnixFileMode(path);
        var expected = isDirectory ? "0700" : "0600";
        return OwnerOnly.IsOwnerOnly(mode)
            ? new(name, CheckStatus.Ok, OwnerOnly.Format(mode))
            : new(name, CheckStatus.Failure, $"{OwnerOnly.Format(mode)}: others can read it; run `chmod {expected[1..]} {path}`");
    }

    private static long FileSize(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    private static long DirectorySize(string path) => Directory.Exists(path)
        ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Sum(FileSize)
        : 0;
}
