using System.Globalization;
using Steward.Core.Commands;
using Steward.Core.Homes;
using Steward.Core.Sessions;
using Steward.Core.Storage;

namespace Steward.Core.Control;

/// <summary>What `steward status` reports: the daemon (asked over its socket), the command queue and the sessions.</summary>
public sealed record HomeStatus(
    string Home,
    bool HomeExists,
    bool Running,
    int? Pid,
    DateTimeOffset? StartedAt,
    double? UptimeSeconds,
    string Version,
    string? DaemonVersion,
    QueueCounts? Queue,
    SessionCounts? Sessions,
    JobCounts? Jobs,
    string? Problem)
{
    public static async Task<HomeStatus> ReadAsync(AgentHome home, CancellationToken cancellationToken = default)
    {
        if (!home.Exists)
        {
            return new(home.Root, false, false, null, null, null, StewardVersion.Current, null, null, null, null,
                $"no agent home at {home.Root}; run `steward init`");
        }
        var daemon = await new ControlClient(home).TryGetStatusAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        SessionCounts? sessions = null;
        QueueCounts? queue = null;
        JobCounts? jobs = null;
        string? problem = null;
        try
        {
            var config = Configuration.StewardConfig.Load(home.ConfigPath);
            var catalog = Scheduling.Jobs.JobCatalog.Load(home, config.Zone);
            jobs = new JobCounts(catalog.Jobs.Count, catalog.Jobs.Count(j => j.Enabled), catalog.Problems.Select(p => $"{p.Name}: {p.Message}").ToList());
            var database = new StewardDatabase(home.DatabasePath);
            sessions = SessionCounts.From(new SessionStore(database).CountByStatus());
            queue = daemon?.Queue ?? new CommandQueue(database).Counts();
        }
        catch (Exception e) when (e is StewardException or Microsoft.Data.Sqlite.SqliteException)
        {
            problem = $"cannot read the home: {e.Message}";
        }
        if (daemon is not null)
        {
            return new(home.Root, true, true, daemon.Pid, daemon.StartedAt, daemon.UptimeSeconds, StewardVersion.Current, daemon.Version, queue, sessions, jobs, problem);
        }
        var stalePid = ReadPidFile(home);
        if (stalePid is not null && problem is null)
        {
            problem = $"daemon.pid names pid {stalePid} but no daemon answers on {home.SocketPath}; it crashed or is stuck";
        }
        return new(home.Root, true, false, stalePid, null, null, StewardVersion.Current, null, queue, sessions, jobs, problem);
    }

    private static int? ReadPidFile(AgentHome home)
    {
        try
        {
            return File.Exists(home.DaemonPidPath) && int.TryParse(File.ReadAllText(home.DaemonPidPath).Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}

/// <summary>Background sessions at a glance: live ones hold a claude process.</summary>
public sealed record SessionCounts(int Queued, int Running, int Idle, int Ended)
{
    public int Live => Running + Idle;

    public static SessionCounts From(IReadOnlyDictionary<SessionStatus, int> byStatus)
    {
        int Of(SessionStatus status) => byStatus.GetValueOrDefault(status);
        return new(Of(SessionStatus.Queued), Of(SessionStatus.Starting) + Of(SessionStatus.Running), Of(SessionStatus.Idle),
            Of(SessionStatus.Completed) + Of(SessionStatus.Failed) + Of(SessionStatus.Killed) + Of(SessionStatus.Interrupted));
    }
}

/// <summary>Jobs at a glance, with every invalid job file and why.</summary>
public sealed record JobCounts(int Total, int Enabled, IReadOnlyList<string> Invalid);
