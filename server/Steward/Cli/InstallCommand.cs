using System.CommandLine;
using Steward.Core;
using Steward.Core.Installation;

namespace Steward.Cli;

/// <summary>`steward install` / `steward uninstall`: Steward's hooks and MCP server in Claude Code's settings, without the plugin system.</summary>
internal static class InstallCommand
{
    public static Command CreateInstall()
    {
        var (project, user) = ScopeOptions();
        var bundle = new Option<string?>("--bundle") { Description = "The plugin bundle to register (default: the one this steward runs from)." };
        var command = new Command("install", "Register Steward's hooks and MCP server with Claude Code for a project (.claude/settings.json, .mcp.json) or for you (--user). Safe to re-run; never touches your own entries.")
        {
            project, user, bundle,
        };
        command.SetGuardedAction((parse, _) =>
        {
            var target = Target(parse.GetValue(project), parse.GetValue(user));
            Print(ClaudeCodeInstaller.Install(PluginBundle.Load(parse.GetValue(bundle)), target));
            return Task.FromResult(CliAction.Success);
        });
        return command;
    }

    public static Command CreateUninstall()
    {
        var (project, user) = ScopeOptions();
        var command = new Command("uninstall", "Take out exactly what `steward install` added (files nobody edited since are restored byte for byte).")
        {
            project, user,
        };
        command.SetGuardedAction((parse, _) =>
        {
            Print(ClaudeCodeInstaller.Uninstall(Target(parse.GetValue(project), parse.GetValue(user))));
            return Task.FromResult(CliAction.Success);
        });
        return command;
    }

    private static (Option<string?> Project, Option<bool> User) ScopeOptions() => (
        new Option<string?>("--project") { Description = "The project directory (default: the current directory)." },
        new Option<bool>("--user") { Description = "Your user settings (~/.claude/settings.json and ~/.claude.json; $CLAUDE_CONFIG_DIR moves them) instead of a project." });

    private static InstallTarget Target(string? project, bool user)
    {
        if (user && project is not null)
        {
            throw new StewardException("Use --project DIR or --user, not both.");
        }
        return user
            ? InstallTarget.User(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), Environment.GetEnvironmentVariable("CLAUDE_CONFIG_DIR"))
            : InstallTarget.Project(project ?? Directory.GetCurrentDirectory());
    }

    private static void Print(IReadOnlyList<string> report)
    {
        foreach (var line in report)
        {
            Console.WriteLine(line);
        }
    }
}
