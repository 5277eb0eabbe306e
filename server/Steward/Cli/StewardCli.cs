using System.CommandLine;
using Spectre.Console;
using Steward.Core;
using Steward.Core.Homes;

namespace Steward.Cli;

/// <summary>The `steward` command tree. Each command is a thin adapter over Steward.Core.</summary>
internal static class StewardCli
{
    public static RootCommand Build(HomeLocator locator)
    {
        var context = new CliContext(locator);
        var root = new RootCommand($"Steward {StewardVersion.Current}: a persistent agent platform for Claude Code.")
        {
            context.HomeOption,
        };
        root.Subcommands.Add(InitCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(McpCommand.Create(context));
        root.Subcommands.Add(StatusCommand.Create(context));
        root.Subcommands.Add(DoctorCommand.Create(context));
        root.Subcommands.Add(SessionsCommand.Create(context));
        root.Subcommands.Add(JobsCommand.Create(context));
        root.Subcommands.Add(QuotaCommand.Create(context));
        root.Subcommands.Add(PeopleCommand.Create(context));
        root.Subcommands.Add(MemoryCommand.Create(context));
        root.Subcommands.Add(ContextCommand.Create(context));
        root.Subcommands.Add(QueueCommand.Create(context));
        root.Subcommands.Add(ScanCommand.Create());
        root.Subcommands.Add(TelegramCommand.Create(context));
        root.Subcommands.Add(ThreadlineCommand.Create(context));
        root.Subcommands.Add(ApiCommand.Create(context));
        root.Subcommands.Add(InstallCommand.CreateInstall());
        root.Subcommands.Add(InstallCommand.CreateUninstall());
        root.Subcommands.Add(ServiceCommand.Create(context));
        return root;
    }

    public static Task<int> RunAsync(string[] args)
    {
        ConfigureConsole();
        // No @response-files: schedules such as "@every 15m" and "@daily" are arguments, not file names.
        var parse = Build(HomeLocator.FromProcess()).Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        // The Generic Host (serve, mcp) handles SIGTERM/SIGINT itself and shuts down gracefully;
        // System.CommandLine's own handler would force an exit after a short timeout.
        return parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    /// <summary>Plain text when piped (scripts, logs, tests): no escape codes, no wrapping at 80 columns.</summary>
    private static void ConfigureConsole()
    {
        if (!Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null)
        {
            return;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = 160;
        }
        AnsiConsole.Console = console;
    }
}
