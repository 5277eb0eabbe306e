using System.Globalization;
using System.Runtime.InteropServices;

namespace Steward.Core.Sessions;

/// <summary>Signals to a session's whole process group, and the facts that recognise a process after a restart.</summary>
public static partial class ProcessGroup
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    /// <summary>Signals the group led by <paramref name="leaderPid"/>; falls back to the process alone when it leads no group.</summary>
    public static void Signal(int leaderPid, int signal)
    {
        if (Kill(-leaderPid, signal) != 0)
        {
            _ = Kill(leaderPid, signal);
        }
    }

    /// <summary>The kernel's start time of a process (clock ticks since boot), or null when it does not exist or is dead (a zombie).</summary>
    public static long? StartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Field 2 (the command) may contain spaces and parentheses; the fields after its last ')' are plain.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[0] is "Z" or "X" ? null : long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>True when the pid still names the same process (a reused pid has another start time).</summary>
    public static bool IsSameProcess(int pid, long? startTicks) => startTicks is { } expected && StartTicks(pid) == expected;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
