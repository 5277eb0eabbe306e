using Steward.Core.Guard.Analysis;

namespace Steward.Core.Guard.Rules;

/// <summary>
/// <c>git branch -D main</c> (or <c>--delete --force</c>, <c>-df</c>): deletes the branch even with
/// commits nowhere else. Plain <c>-d</c> is left alone: git refuses it for unmerged work.
/// </summary>
internal static class GitDeleteMain
{
    public static void Check(GitCommandLine git, ScriptWalker walker)
    {
        var parsed = ParsedOptions.Parse(git.Args, OptionSpec.Plain);
        var forced = parsed.Short('D') || (parsed.Has('d', "delete") && parsed.Has('f', "force"));
        if (!forced || parsed.Short('r') || parsed.Long("remotes"))
        {
            return;
        }
        foreach (var index in parsed.Operands)
        {
            var branch = git[index];
            if (ProtectedBranches.IsProtected(branch))
            {
                walker.Findings.Report(GuardRuleId.GitDeleteMain, GuardVerdict.Deny, git.Invocation.Uncertain,
                    $"git branch -D {branch} deletes the local {branch} branch even if it holds commits that exist nowhere else. Delete feature branches only; keep {branch}.");
                return;
            }
        }
    }
}
