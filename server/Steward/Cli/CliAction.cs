using System.CommandLine;
using Steward.Core;

namespace Steward.Cli;

/// <summary>Exit codes and error reporting shared by every command.</summary>
internal static class CliAction
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int AlreadyRunning = 3;

    /// <summary>Sets an action that reports a <see cref="StewardException"/> as one clear line on stderr.</summary>
    public static void SetGuardedAction(this Command command, Func<ParseResult, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                return await action(parse, cancellationToken);
            }
            catch (Daemon.DaemonAlreadyRunningException e)
            {
                await Console.Error.WriteLineAsync($"steward: {e.Message}");
                return AlreadyRunning;
            }
            catch (StewardException e)
            {
                await Console.Error.WriteLineAsync($"steward: {e.Message}");
                return Failure;
            }
        });
}
