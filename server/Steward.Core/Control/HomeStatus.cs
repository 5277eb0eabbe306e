using System.Globalization;
using Steward.Core.Commands;
using Steward.Core.Homes;
using Steward.Core.Storage;

namespace Steward.Core.Control;

/// <summary>What `steward status` reports: the daemon (asked over its socket) and the command queue.</summary>
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
    string? Problem)
{
    public static async Task<HomeStatus> ReadAsync(AgentHome home, CancellationToken cancellationToken = default)
    {
        if (!home.Exists)
        {
            return new(home.Root, false, false, null, null, null, StewardVersion.Current, null, null,
                $"no agent home at {home.Root}; run `steward init`");
        }
        var daemon = await new ControlClient(home).TryGetStatusAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (daemon is not null)
        {
            return new(home.Root, true, true, daemon.Pid, daemon.StartedAt, daemon.UptimeSeconds, StewardVersion.Current, daemon.Version, daemon.Queue, null);
        }
        QueueCounts? queue = null;
        string? problem = null;
        try
        {
            queue = new CommandQueue(new StewardDatabase(home.DatabasePath)).Counts();
        }
        catch (Exception e) when (e is StewardException or Microsoft.Data.Sqlite.SqliteException)
        {
            problem = $"cannot read the command queue: {e.Message}";
        }
        var stalePid = ReadPidFile(home);
        if (stalePid is not null && problem is null)
        {
            problem = $"daemon.pid names pid {stalePid} but no daemon answers on {home.SocketPath}; it crashed or is stuck";
        }
        return new(home.Root, true, false, stalePid, null, null, StewardVersion.Current, null, queue, problem);
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
