using Steward.Core.Guard.Analysis;

namespace Steward.Core.Guard.Rules;

/// <summary>
/// Powering off or rebooting the machine, and killing every process at once
/// (<c>kill -9 -1</c>, <c>killall5</c>, <c>pkill -u user</c> with no pattern).
/// </summary>
internal static class SystemPower
{
    private static readonly HashSet<string> PowerVerbs = new(StringComparer.Ordinal)
    {
        "poweroff", "reboot", "halt", "kexec", "suspend", "hibernate", "hybrid-sleep", "suspend-then-hibernate", "soft-reboot", "emergency", "rescue",
    };

    private static readonly OptionSpec PkillOptions = new("gGPsuUtFn", ["signal", "pgroup", "group", "parent", "session", "euid", "uid", "terminal", "pidfile", "ns", "nslist"]);

    private const string PowerReason = "would power off or restart the machine, ending every session and job on it. Ask the owner to do it.";

    public static bool AppliesTo(string name) => name is "shutdown" or "reboot" or "halt" or "poweroff" or "init" or "telinit"
        or "systemctl" or "loginctl" or "kill" or "pkill" or "killall" or "killall5";

    public static void Check(Invocation invocation, ScriptWalker walker)
    {
        var name = invocation.Name;
        var findings = walker.Findings;
        var uncertain = invocation.Uncertain;
        switch (name)
        {
            case "shutdown" or "reboot" or "halt" or "poweroff":
                if (!Has(invocation, "-c", "--help"))
                {
                    findings.Report(GuardRuleId.SystemPower, GuardVerdict.Deny, uncertain, $"{name} {PowerReason}");
                }
                break;
            case "init" or "telinit":
                if (invocation.Count > 0 && invocation[0] is "0" or "6")
                {
                    findings.Report(GuardRuleId.SystemPower, GuardVerdict.Deny, uncertain, $"{name} {invocation[0]} {PowerReason}");
                }
                break;
            case "systemctl" or "loginctl":
                var operands = ParsedOptions.Parse(invocation.Args, OptionSpec.Plain).Operands;
                var verb = operands.Count > 0 ? invocation[operands[0]] : null;
                var unit = operands.Count > 1 ? invocation[operands[1]] : null;
                // systemctl start|isolate poweroff.target is the same as systemctl poweroff.
                var powerUnit = verb is "start" or "isolate" && unit is not null && unit.EndsWith(".target", StringComparison.Ordinal) && PowerVerbs.Contains(unit[..^".target".Length]);
                if (verb is not null && (PowerVerbs.Contains(verb) || powerUnit))
                {
                    findings.Report(GuardRuleId.SystemPower, GuardVerdict.Deny, uncertain, $"{name} {verb}{(powerUnit ? " " + unit : string.Empty)} {PowerReason}");
                }
                break;
            case "kill":
                if (KillsEverything(invocation) is { } pid)
                {
                    findings.Report(GuardRuleId.SystemPower, GuardVerdict.Deny, uncertain,
                        $"kill with process id {pid} signals {(pid == "1" ? "init, the process the whole system runs under" : "every process you are allowed to signal (as root: the whole machine)")}. Kill the specific process id instead.");
                }
                break;
            case "pkill" or "killall":
                var parsed = ParsedOptions.Parse(invocation.Args, PkillOptions);
                var targetsUser = parsed.Short('u') || parsed.Short('U') || parsed.Long("euid") || parsed.Long("uid") || (name == "killall" && parsed.Long("user"));
                var matchesAll = parsed.Operands.Count == 0 ? targetsUser : name == "pkill" && parsed.Operands.Count == 1 && invocation[parsed.Operands[0]] is "." or ".*" or "^" or "";
                if (matchesAll)
                {
                    findings.Report(GuardRuleId.SystemPower, GuardVerdict.Deny, uncertain,
                        $"{name} without a specific process name kills every matching process, the session running this agent included. Name the process to stop (e.g. pkill -f 'node server.js').");
                }
                break;
            case "killall5":
                findings.Report(GuardRuleId.SystemPower, GuardVerdict.Deny, uncertain, "killall5 signals every process on the machine. Kill the specific process id instead.");
                break;
            default:
                break;
        }
    }

    /// <summary>Writing to /proc/sysrq-trigger can reboot or power off instantly.</summary>
    public static void CheckWrite(ScriptWalker walker, string path, bool uncertain)
    {
        if (path == "/proc/sysrq-trigger")
        {
            walker.Findings.Report(GuardRuleId.SystemPower, GuardVerdict.Deny, uncertain, $"Writing to /proc/sysrq-trigger {PowerReason}");
        }
    }

    /// <summary>The process id "-1" or "1" when kill targets it; the first dashed argument before others is the signal.</summary>
    private static string? KillsEverything(Invocation invocation)
    {
        var i = 0;
        if (invocation.Count > 0 && invocation[0] is "-l" or "-L" or "--list")
        {
            return null;
        }
        if (invocation.Count > 0 && invocation[0] is "-s" or "-n" or "--signal")
        {
            i = 2;
        }
        else if (invocation.Count > 1 && invocation[0].StartsWith('-') && invocation[0] != "--")
        {
            i = 1;
        }
        for (; i < invocation.Count; i++)
        {
            if (invocation[i] is "-1" or "1")
            {
                return invocation[i];
            }
        }
        return null;
    }

    private static bool Has(Invocation invocation, string a, string b)
    {
        foreach (var arg in invocation.Args)
        {
            if (arg.Text == a || arg.Text == b)
            {
                return true;
            }
        }
        return false;
    }
}
