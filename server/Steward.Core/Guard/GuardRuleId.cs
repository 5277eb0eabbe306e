namespace Steward.Core.Guard;

/// <summary>The guard's rules; <see cref="GuardRuleIds"/> holds the ids guard.json uses for them.</summary>
internal enum GuardRuleId
{
    RmRecursiveCritical,
    FindDeleteCritical,
    Mkfs,
    BlockDeviceWrite,
    ForkBomb,
    ChmodChownRecursiveCritical,
    GitForcePush,
    GitDiscardUncommitted,
    GitDeleteMain,
    SqlDestructive,
    PipeToShell,
    SystemPower,
    SensitiveWrite,
    Unanalysable,
}

internal static class GuardRuleIds
{
    /// <summary>Indexed by <see cref="GuardRuleId"/>.</summary>
    public static readonly string[] Names =
    [
        "rm-recursive-critical",
        "find-delete-critical",
        "mkfs",
        "block-device-write",
        "fork-bomb",
        "chmod-chown-recursive-critical",
        "git-force-push",
        "git-discard-uncommitted",
        "git-delete-main",
        "sql-destructive",
        "pipe-to-shell",
        "system-power",
        "sensitive-write",
        "unanalysable",
    ];

    /// <summary>Decisions made by a guard.json deny pattern.</summary>
    public const string PolicyDeny = "policy-deny";

    /// <summary>Decisions made by a guard.json allow pattern.</summary>
    public const string PolicyAllow = "policy-allow";

    /// <summary>The guard itself failed; the command was blocked to be safe.</summary>
    public const string GuardError = "guard-error";

    public static string Of(GuardRuleId rule) => Names[(int)rule];

    public static bool TryParse(string name, out GuardRuleId rule)
    {
        var index = Array.IndexOf(Names, name);
        rule = (GuardRuleId)Math.Max(index, 0);
        return index >= 0;
    }
}
