using Steward.Core;
using Steward.Core.Guard;

namespace Steward.Hooks;

/// <summary>PreToolUse on Bash: allow silently, ask, or deny with a reason the model can act on.</summary>
internal static class CommandGuardHook
{
    public static HookResult Handle(HookInput input)
    {
        if (input.ToolName != "Bash")
        {
            return HookResult.Nothing;
        }
        var command = input.ToolInputString("command");
        if (command is null)
        {
            return new HookResult(HookOutput.Permission("PreToolUse", "deny", "Steward's command guard found no command string in this Bash call, so it was blocked to be safe."), 0, "no tool_input.command");
        }

        var cwd = HookEnvironment.WorkingDirectory(input);
        var (policy, note) = LoadPolicy(input);
        var decision = new CommandGuard(policy).Evaluate(command, new GuardContext(cwd, HookEnvironment.ProjectRoot() ?? cwd, HookEnvironment.UserHome(), HookEnvironment.HasUncommittedWork, HookEnvironment.CurrentBranch));
        // Allowing means saying nothing: an explicit "allow" would skip Claude Code's own permission checks.
        return decision.Verdict switch
        {
            GuardVerdict.Deny => new HookResult(HookOutput.Permission("PreToolUse", "deny", $"Steward command guard ({decision.RuleId}): {decision.Reason}"), 0, note),
            GuardVerdict.Ask => new HookResult(HookOutput.Permission("PreToolUse", "ask", $"Steward command guard ({decision.RuleId}): {decision.Reason}"), 0, note),
            _ => new HookResult(null, 0, note),
        };
    }

    /// <summary>The project's .steward/guard.json, else the home's, else the safe defaults. A broken file falls back to the defaults and says so.</summary>
    private static (GuardPolicy Policy, string? Note) LoadPolicy(HookInput input)
    {
        var candidates = new List<string>();
        if (HookEnvironment.ProjectRoot() is { } project)
        {
            candidates.Add(Path.Combine(project, ".steward", "guard.json"));
        }
        if (HookEnvironment.Home(input) is { } home)
        {
            candidates.Add(Path.Combine(home.Root, "guard.json"));
        }
        foreach (var path in candidates.Where(File.Exists))
        {
            try
            {
                return (GuardPolicy.Load(path), null);
            }
            catch (StewardException e)
            {
                return (GuardPolicy.Default, $"{path} is invalid ({e.Message}); using the default rules");
            }
        }
        return (GuardPolicy.Default, null);
    }
}
