using Steward.Core.Guard.Analysis;
using Steward.Core.Guard.Parsing;

namespace Steward.Core.Guard.Rules;

/// <summary>
/// A function that calls itself inside a pipeline or in the background multiplies processes until
/// the machine stops (<c>:(){ :|:&amp; };:</c> under any name); calling one is denied.
/// </summary>
internal static class ForkBomb
{
    public static void CheckCall(FunctionNode function, Invocation call, ScriptWalker walker)
    {
        if (function.Body is not null && SpawnsItself(function.Body, function.Name, inPipeOrBackground: false))
        {
            walker.Findings.Report(GuardRuleId.ForkBomb, GuardVerdict.Deny, call.Uncertain,
                $"'{function.Name}' is a fork bomb: it starts copies of itself in a pipe or in the background until the machine runs out of processes. Don't run it; if you need parallel work, start a bounded number of jobs (xargs -P 4, GNU parallel).");
        }
    }

    private static bool SpawnsItself(CommandNode node, string name, bool inPipeOrBackground)
    {
        switch (node)
        {
            case SimpleCommandNode simple:
                return inPipeOrBackground && simple.Words.Count > 0 && CommandNames.Normalize(ResolvedArg.Literal(simple.Words[0].Value)).Name == name;
            case GroupNode group:
                foreach (var part in group.Parts)
                {
                    if (SpawnsItself(part, name, inPipeOrBackground))
                    {
                        return true;
                    }
                }
                return false;
            case ForNode loop:
                return SpawnsItself(loop.Body, name, inPipeOrBackground);
            default:
                return false;
        }
    }

    private static bool SpawnsItself(ScriptNode script, string name, bool inPipeOrBackground)
    {
        foreach (var item in script.Items)
        {
            foreach (var pipeline in item.Pipelines)
            {
                var concurrent = inPipeOrBackground || item.Background || pipeline.Commands.Count > 1;
                foreach (var command in pipeline.Commands)
                {
                    if (SpawnsItself(command, name, concurrent))
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
