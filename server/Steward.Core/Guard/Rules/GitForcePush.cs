using Steward.Core.Guard.Analysis;

namespace Steward.Core.Guard.Rules;

/// <summary>
/// Rewriting or deleting remote history: <c>--force</c>/<c>-f</c>, <c>+refspec</c>, <c>--mirror</c>,
/// deleting a protected branch; <c>--force-with-lease</c>/<c>--force-if-includes</c> only to
/// feature branches (never main, master or release branches).
/// </summary>
internal static class GitForcePush
{
    private static readonly OptionSpec PushOptions = new("o", ["repo", "push-option", "receive-pack", "exec"]);

    public static void Check(GitCommandLine git, ScriptWalker walker)
    {
        var parsed = ParsedOptions.Parse(git.Args, PushOptions);
        var findings = walker.Findings;
        var uncertain = git.Invocation.Uncertain;
        if (parsed.Short('f') || parsed.Long("force"))
        {
            findings.Report(GuardRuleId.GitForcePush, GuardVerdict.Deny, uncertain,
                "git push --force overwrites the remote branch and can destroy other people's commits. Push a new commit instead, or use --force-with-lease on your own feature branch.");
            return;
        }
        if (parsed.Long("mirror"))
        {
            findings.Report(GuardRuleId.GitForcePush, GuardVerdict.Deny, uncertain,
                "git push --mirror makes every branch and tag on the remote match this clone, deleting what is missing here. Push the specific branch you mean instead.");
            return;
        }
        var deleting = parsed.Has('d', "delete");
        var lease = parsed.Long("force-with-lease") || parsed.Long("force-if-includes");
        var targets = new List<string>();
        for (var i = 1; i < parsed.Operands.Count; i++)
        {
            var refspec = git[parsed.Operands[i]];
            if (refspec.StartsWith('+'))
            {
                findings.Report(GuardRuleId.GitForcePush, GuardVerdict.Deny, uncertain,
                    $"git push {refspec} force-pushes (the + means force) and can destroy commits on the remote. Push without the +, or force-push only your own feature branch with --force-with-lease.");
                return;
            }
            var colon = refspec.IndexOf(':', StringComparison.Ordinal);
            var destination = colon >= 0 ? refspec[(colon + 1)..] : refspec;
            if ((colon == 0 || deleting) && ProtectedBranches.IsProtected(destination))
            {
                findings.Report(GuardRuleId.GitForcePush, GuardVerdict.Deny, uncertain,
                    $"This deletes the remote branch {destination}, a protected branch everyone depends on. Delete only your own feature branches; ask the owner about {destination}.");
                return;
            }
            targets.Add(destination is "HEAD" or "@" or "" ? walker.Environment.CurrentBranch(git.Directory) ?? string.Empty : destination);
        }
        if (!lease)
        {
            return;
        }
        if (targets.Count == 0)
        {
            targets.Add(walker.Environment.CurrentBranch(git.Directory) ?? string.Empty);
        }
        foreach (var target in targets)
        {
            if (target.Length == 0)
            {
                findings.Report(GuardRuleId.GitForcePush, GuardVerdict.Ask, false,
                    "This force-pushes the current branch, and the guard cannot tell which branch that is. Name the branch explicitly (git push --force-with-lease origin my-feature).");
                return;
            }
            if (ProtectedBranches.IsProtected(target))
            {
                findings.Report(GuardRuleId.GitForcePush, GuardVerdict.Deny, uncertain,
                    $"Force-pushing to {target}, even with --force-with-lease, rewrites the shared history of a protected branch. Push a new commit to {target} instead, or force-push a feature branch and open a pull request.");
                return;
            }
        }
    }
}
