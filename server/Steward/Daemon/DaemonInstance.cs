using System.Globalization;
using Steward.Core;
using Steward.Core.Files;
using Steward.Core.Homes;

namespace Steward.Daemon;

/// <summary>
/// The claim that this process is the home's one daemon: an OS file lock (released by the kernel
/// if the process dies) plus a pid file for humans and `steward status`.
/// </summary>
internal sealed class DaemonInstance : IDisposable
{
    private readonly ExclusiveFileLock _lock;
    private readonly AgentHome _home;

    private DaemonInstance(ExclusiveFileLock fileLock, AgentHome home, DateTimeOffset startedAt)
    {
        _lock = fileLock;
        _home = home;
        StartedAt = startedAt;
    }

    public DateTimeOffset StartedAt { get; }

    public int Pid { get; } = Environment.ProcessId;

    /// <summary>Claims the home; throws a clear error when another daemon holds it.</summary>
    public static DaemonInstance Claim(AgentHome home, TimeProvider time)
    {
        var acquired = ExclusiveFileLock.TryAcquire(home.DaemonLockPath);
        if (acquired is null)
        {
            var pid = ReadPid(home);
            throw new DaemonAlreadyRunningException(
                $"A steward daemon is already running for {home.Root}{(pid is null ? "" : $" (pid {pid})")}. " +
                "Only one may run per home; use `steward status` to see it, or stop it first.");
        }
        AtomicFile.WriteAllText(home.DaemonPidPath, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n", OwnerOnly.File);
        return new DaemonInstance(acquired, home, time.GetUtcNow());
    }

    public static int? ReadPid(AgentHome home)
    {
        try
        {
            return int.TryParse(File.ReadAllText(home.DaemonPidPath).Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        TryDelete(_home.DaemonPidPath);
        TryDelete(_home.SocketPath);
        _lock.Dispose();
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}

internal sealed class DaemonAlreadyRunningException(string message) : StewardException(message);
