using Steward.Core.Guard.Analysis;

namespace Steward.Core.Guard.Rules;

/// <summary>
/// <c>find</c> from a critical place that deletes what it matches (<c>-delete</c>, <c>-exec rm</c>).
/// From <c>/</c> or a system directory that is always denied; from home or the project it is fine
/// when a name or path filter narrows the matches (<c>find . -name '*.tmp' -delete</c>).
/// </summary>
internal static class FindDeleteCritical
{
    public static void Check(Invocation invocation, List<ResolvedArg> starts, FindAction action, ScriptWalker walker)
    {
        if (!action.Deletes && action.Deleter is null && !action.MayDelete)
        {
            return;
        }
        foreach (var start in starts)
        {
            var judgement = TargetJudge.Judge(start, invocation.Scope, walker.Environment, TargetPurpose.Removal);
            if (!judgement.IsCritical || (action.Selective && judgement.Risk is not (PathRisk.Root or PathRisk.SystemDirectory)))
            {
                continue;
            }
            var how = action.Deletes ? "-delete" : action.Deleter is { } deleter ? $"-exec {deleter}" : "-exec of a shell";
            var uncertain = judgement.Uncertain || invocation.Uncertain || (!action.Deletes && action.Deleter is null);
            var verdict = judgement.Risk == PathRisk.RepositoryHistory ? GuardVerdict.Ask : GuardVerdict.Deny;
            walker.Findings.Report(GuardRuleId.FindDeleteCritical, verdict, uncertain,
                $"find from {judgement.Describe()} with {how} deletes everything it matches there. Start from a directory inside the project and narrow it with -name (e.g. find ./build -name '*.tmp' -delete).");
            return;
        }
    }
}
