using Steward.Core.Guard.Analysis;

namespace Steward.Core.Guard.Rules;

/// <summary>
/// <c>chmod/chown/chgrp -R</c> (or <c>--recursive</c>) of <c>/</c>, home or system directories,
/// and making those world-writable (<c>chmod 777 /etc</c>): both break sudo, ssh and services.
/// </summary>
internal static class ChmodChownRecursiveCritical
{
    /// <summary>chmod's <c>-w</c>, <c>-rwx</c> are modes; its only short options are c, f, v and R.</summary>
    private static readonly OptionSpec ChmodOptions = new(string.Empty, ["reference"], dashedOperand: text => !text.StartsWith("--", StringComparison.Ordinal) && text.AsSpan(1).IndexOfAnyExcept("cfvR") >= 0);
    private static readonly OptionSpec ChownOptions = new(string.Empty, ["from", "reference"]);

    public static ParsedOptions ParseChmod(Invocation invocation) => ParsedOptions.Parse(invocation.Args, ChmodOptions);

    public static void Check(Invocation invocation, ScriptWalker walker)
    {
        var isChmod = invocation.Name == "chmod";
        var parsed = isChmod ? ParseChmod(invocation) : ParsedOptions.Parse(invocation.Args, ChownOptions);
        var recursive = parsed.Short('R') || parsed.Long("recursive");
        var firstTarget = parsed.Long("reference") ? 0 : 1;
        var worldWritable = isChmod && firstTarget == 1 && parsed.Operands.Count > 0 && IsWorldWritable(invocation[parsed.Operands[0]]);
        if (!recursive && !worldWritable)
        {
            return;
        }
        for (var i = firstTarget; i < parsed.Operands.Count; i++)
        {
            var judgement = TargetJudge.Judge(invocation.Args[parsed.Operands[i]], invocation.Scope, walker.Environment, TargetPurpose.Permissions);
            if (!judgement.IsCritical || judgement.Risk is PathRisk.Credentials or PathRisk.UnknownDirectory or PathRisk.WorkingAncestor)
            {
                continue;
            }
            var what = recursive ? $"{invocation.Name} -R" : $"{invocation.Name} {invocation[parsed.Operands[0]]}";
            walker.Findings.Report(GuardRuleId.ChmodChownRecursiveCritical, GuardVerdict.Deny, judgement.Uncertain || invocation.Uncertain,
                $"{what} on {judgement.Describe()} changes ownership or permissions system-wide and can break sudo, ssh and services. Change only the files inside the project that need it (e.g. chmod -R u+w ./build).");
            return;
        }
    }

    /// <summary><c>find / -exec chmod … {} +</c> changes every file under the start: judged like -R.</summary>
    public static void CheckFind(Invocation find, List<ResolvedArg> starts, FindAction action, ScriptWalker walker)
    {
        if (action.PermissionChanger is not { } changer)
        {
            return;
        }
        foreach (var start in starts)
        {
            var judgement = TargetJudge.Judge(start, find.Scope, walker.Environment, TargetPurpose.Permissions);
            if (!judgement.IsCritical || judgement.Risk is PathRisk.Credentials or PathRisk.UnknownDirectory or PathRisk.WorkingAncestor
                || (action.Selective && judgement.Risk is not (PathRisk.Root or PathRisk.SystemDirectory)))
            {
                continue;
            }
            walker.Findings.Report(GuardRuleId.ChmodChownRecursiveCritical, GuardVerdict.Deny, judgement.Uncertain || find.Uncertain,
                $"find from {judgement.Describe()} with -exec {changer} changes ownership or permissions of everything there and can break sudo, ssh and services. Limit it to files inside the project.");
            return;
        }
    }

    /// <summary>Numeric modes with the others-write bit (777, 0666) or symbolic ones granting o/a write (a+w, o=rwx).</summary>
    private static bool IsWorldWritable(string mode)
    {
        if (mode.Length > 0 && mode.AsSpan().IndexOfAnyExceptInRange('0', '7') < 0)
        {
            return ((mode[^1] - '0') & 2) != 0;
        }
        foreach (var clause in mode.Split(','))
        {
            var op = clause.AsSpan().IndexOfAny("+=");
            if (op >= 0 && clause.AsSpan(0, op).IndexOfAny("oa") >= 0 && clause.AsSpan(op + 1).Contains('w'))
            {
                return true;
            }
        }
        return false;
    }
}
