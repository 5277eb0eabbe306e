using Steward.Core.Guard.Analysis;

namespace Steward.Core.Guard.Rules;

/// <summary>Sends a command that is about to run to the rules that care about its name.</summary>
internal static class RuleBook
{
    public static void Check(Invocation invocation, ScriptWalker walker)
    {
        var name = invocation.Name;
        switch (name)
        {
            case "rm":
                RmRecursiveCritical.Check(invocation, walker);
                break;
            case "rsync":
                RmRecursiveCritical.CheckRsync(invocation, walker);
                break;
            case "chmod" or "chown" or "chgrp":
                ChmodChownRecursiveCritical.Check(invocation, walker);
                break;
            case "git":
                GitRules.Check(invocation, walker);
                break;
            default:
                if (MakeFilesystem.AppliesTo(name))
                {
                    MakeFilesystem.Check(invocation, walker);
                }
                else if (SystemPower.AppliesTo(name))
                {
                    SystemPower.Check(invocation, walker);
                }
                break;
        }
        if (SqlDestructive.AppliesTo(name))
        {
            SqlDestructive.Check(invocation, walker);
        }
        if (PipeToShell.AppliesTo(name))
        {
            PipeToShell.Check(invocation, walker);
        }
        WriteChecks.CheckCommand(invocation, walker);
    }
}
