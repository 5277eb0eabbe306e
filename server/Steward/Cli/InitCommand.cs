using System.CommandLine;
using Spectre.Console;
using Steward.Core.Homes;

namespace Steward.Cli;

internal static class InitCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Option<string?>("--name") { Description = "The agent's name (default: the folder holding the home)." };
        var command = new Command("init", "Create the agent home (or complete it). Never overwrites what is already there.") { name };
        command.SetGuardedAction((parse, _) =>
        {
            var location = context.LocateOrCreateHere(parse);
            var report = HomeInitializer.Initialize(location.Home, parse.GetValue(name));
            Print(report);
            return Task.FromResult(CliAction.Success);
        });
        return command;
    }

    public static void Print(InitReport report)
    {
        var verb = report.Created.Contains("./") ? "Created" : "Checked";
        AnsiConsole.MarkupLine($"{verb} agent home [bold]{Markup.Escape(report.Home.Root)}[/] for agent [bold]{Markup.Escape(report.Name)}[/]");
        if (report.Created.Any(c => c != "./"))
        {
            AnsiConsole.MarkupLine($"  created: {Markup.Escape(string.Join(", ", report.Created.Where(c => c != "./")))}");
        }
        if (report.Kept.Any(k => k != "./"))
        {
            AnsiConsole.MarkupLine($"  kept as they were: {Markup.Escape(string.Join(", ", report.Kept.Where(k => k != "./")))}");
        }
        foreach (var note in report.Notes)
        {
            AnsiConsole.MarkupLine($"  [yellow]note:[/] {Markup.Escape(note)}");
        }
    }
}
