using Steward.Core.Control;
using Steward.Core.Homes;
using Steward.Testing;

namespace Steward.Tests.Daemon;

/// <summary>A real `steward serve` child process, started and awaited until its socket answers.</summary>
internal static class DaemonProcess
{
    public static async Task<ChildProcess> StartAsync(StewardHomeFixture fixture)
    {
        var daemon = fixture.StartDaemon();
        await WaitUntilAnsweringAsync(fixture.Home, daemon);
        return daemon;
    }

    public static async Task<DaemonStatus> WaitUntilAnsweringAsync(AgentHome home, ChildProcess daemon)
    {
        var client = new ControlClient(home);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (daemon.HasExited)
            {
                throw new InvalidOperationException($"The daemon exited with {daemon.ExitCode}.\nstderr:\n{daemon.Stderr}");
            }
            if (await client.TryGetStatusAsync(TimeSpan.FromMilliseconds(500)) is { } status && status.Pid == daemon.Pid)
            {
                return status;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The daemon never answered on its socket.\nstderr:\n{daemon.Stderr}");
            }
            await Task.Delay(25);
        }
    }

    public static async Task StopAsync(ChildProcess daemon)
    {
        daemon.Signal(NativeSignals.SigTerm);
        await daemon.WaitForExitAsync(TimeSpan.FromSeconds(30));
    }
}
