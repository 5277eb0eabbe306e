using Steward.Core.Guard.Analysis;

namespace Steward.Core.Guard.Rules;

/// <summary>
/// Git commands that throw away uncommitted work: <c>reset --hard</c>, <c>clean -f</c>,
/// <c>checkout -- .</c> / <c>-f</c>, <c>restore .</c>, <c>switch --discard-changes</c>, <c>stash drop/clear</c>.
/// Denied when the directory has uncommitted work, allowed when it has none, asked when unknown.
/// </summary>
internal static class GitDiscardUncommitted
{
    private static readonly OptionSpec CheckoutOptions = new("bB", ["orphan", "conflict", "pathspec-from-file"]);
    private static readonly OptionSpec RestoreOptions = new("s", ["source", "pathspec-from-file"]);
    private static readonly OptionSpec CleanOptions = new("e", ["exclude"]);

    public static void Check(GitCommandLine git, ScriptWalker walker)
    {
        if (Discards(git) is not { } what)
        {
            return;
        }
        var hasWork = walker.Environment.HasUncommittedWork(git.Directory);
        if (hasWork == false)
        {
            return;
        }
        var where = git.Directory ?? "this repository";
        if (hasWork == true)
        {
            walker.Findings.Report(GuardRuleId.GitDiscardUncommitted, GuardVerdict.Deny, git.Invocation.Uncertain,
                $"{what} would throw away the uncommitted changes in {where} for good. Commit them or stash them first (git stash push -u), or discard only the specific files you mean.");
        }
        else
        {
            walker.Findings.Report(GuardRuleId.GitDiscardUncommitted, GuardVerdict.Ask, true,
                $"{what} throws away uncommitted changes, and the guard could not check whether {where} has any. Check git status first, and commit or stash (git stash push -u) anything worth keeping.");
        }
    }

    private static string? Discards(GitCommandLine git)
    {
        switch (git.Subcommand)
        {
            case "reset":
                return ParsedOptions.Parse(git.Args, OptionSpec.Plain).Long("hard") ? "git reset --hard" : null;
            case "clean":
                var clean = ParsedOptions.Parse(git.Args, CleanOptions);
                return clean.Has('f', "force") && !clean.Has('n', "dry-run") ? "git clean -f" : null;
            case "checkout":
                var checkout = ParsedOptions.Parse(git.Args, CheckoutOptions);
                return checkout.Has('f', "force") ? "git checkout --force"
                    : !checkout.Short('b') && !checkout.Short('B') && HasBroadPathspec(git, checkout) ? "git checkout of every path" : null;
            case "restore":
                var restore = ParsedOptions.Parse(git.Args, RestoreOptions);
                var onlyStaged = restore.Has('S', "staged") && !restore.Has('W', "worktree");
                return !onlyStaged && HasBroadPathspec(git, restore) ? "git restore of every path" : null;
            case "switch":
                var change = ParsedOptions.Parse(git.Args, CheckoutOptions);
                return change.Has('f', "force") || change.Long("discard-changes") ? "git switch --discard-changes" : null;
            case "stash":
                return git.Args.Count > 0 && git[0] is "drop" or "clear" ? $"git stash {git[0]}" : null;
            default:
                return null;
        }
    }

    /// <summary>A pathspec naming the whole tree: <c>.</c>, <c>:/</c>, <c>*</c>, or the repository directory itself.</summary>
    private static bool HasBroadPathspec(GitCommandLine git, ParsedOptions parsed)
    {
        foreach (var index in parsed.Operands)
        {
            var spec = git[index];
            if (spec is "." or "./" or ":/" or ":/*" or "*" or ":(top)" or ":(top)." || (git.Directory is { } directory && PathMath.Resolve(directory, spec) == directory && spec.Length > 0))
            {
                return true;
            }
        }
        return false;
    }
}
