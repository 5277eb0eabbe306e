using Steward.Core.Guard.Analysis;

namespace Steward.Core.Guard.Rules;

/// <summary>
/// <c>rm -r</c> (any spelling of the flag) of <c>/</c>, home, the project root, their parents,
/// system directories and their direct children, <c>~/.ssh</c>, or a glob over any of them.
/// Paths are judged where they land: <c>rm -rf ../../..</c>, <c>cd / &amp;&amp; rm -rf *</c>.
/// </summary>
internal static class RmRecursiveCritical
{
    private static readonly OptionSpec RsyncOptions = new("eBfT", ["rsh", "rsync-path", "filter", "exclude", "include", "exclude-from", "include-from", "files-from", "temp-dir", "backup-dir", "suffix", "chmod", "chown", "log-file", "password-file", "compare-dest", "copy-dest", "link-dest", "timeout"]);

    /// <summary><c>rsync -a --delete empty/ ~/</c> empties the destination as surely as rm -rf.</summary>
    public static void CheckRsync(Invocation invocation, ScriptWalker walker)
    {
        var parsed = ParsedOptions.Parse(invocation.Args, RsyncOptions);
        if (parsed.Operands.Count < 2 || !(parsed.Long("delete") || parsed.Long("delete-before") || parsed.Long("delete-during") || parsed.Long("delete-after") || parsed.Long("delete-delay") || parsed.Long("del")))
        {
            return;
        }
        var destination = invocation.Args[parsed.Operands[^1]];
        if (destination.Text.Contains(':', StringComparison.Ordinal))
        {
            return; // a remote destination: the guard cannot know what is there
        }
        var judgement = TargetJudge.Judge(destination, invocation.Scope, walker.Environment, TargetPurpose.Removal);
        if (judgement.IsCritical && judgement.Risk != PathRisk.RepositoryHistory)
        {
            walker.Findings.Report(GuardRuleId.RmRecursiveCritical, GuardVerdict.Deny, judgement.Uncertain || invocation.Uncertain,
                $"rsync --delete into {judgement.Describe()} deletes everything there that the source lacks. Sync into a directory inside the project, or drop --delete.");
        }
    }

    public static void Check(Invocation invocation, ScriptWalker walker)
    {
        var parsed = ParsedOptions.Parse(invocation.Args, OptionSpec.Plain);
        if (!(parsed.Short('r') || parsed.Short('R') || parsed.Long("recursive", minimumPrefix: 1)))
        {
            return;
        }
        foreach (var index in parsed.Operands)
        {
            var judgement = TargetJudge.Judge(invocation.Args[index], invocation.Scope, walker.Environment, TargetPurpose.Removal);
            if (judgement.IsCritical)
            {
                var verdict = judgement.Risk == PathRisk.RepositoryHistory ? GuardVerdict.Ask : GuardVerdict.Deny;
                walker.Findings.Report(GuardRuleId.RmRecursiveCritical, verdict, judgement.Uncertain || invocation.Uncertain,
                    $"rm -r of {judgement.Describe()} would delete it irrecoverably. Remove only the specific build or cache directories you mean, by their path inside the project (e.g. rm -rf ./build).");
                return;
            }
        }
    }
}
