using Steward.Core.Guard.Analysis;

namespace Steward.Core.Guard.Rules;

/// <summary>Routes a git invocation to the rules for its subcommand.</summary>
internal static class GitRules
{
    public static void Check(Invocation invocation, ScriptWalker walker)
    {
        if (GitCommandLine.Parse(invocation, walker) is not { } git)
        {
            return;
        }
        switch (git.Subcommand)
        {
            case "push":
                GitForcePush.Check(git, walker);
                break;
            case "reset" or "clean" or "checkout" or "restore" or "switch" or "stash":
                GitDiscardUncommitted.Check(git, walker);
                break;
            case "branch":
                GitDeleteMain.Check(git, walker);
                break;
            default:
                break;
        }
    }
}
