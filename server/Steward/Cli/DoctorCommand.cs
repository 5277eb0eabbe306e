using System.CommandLine;
using Spectre.Console;
using Steward.Core.Health;
using Steward.Core.Json;

namespace Steward.Cli;

internal static class DoctorCommand
{
    public static Command Create(CliContext context)
    {
        var json = CliContext.JsonOption();
        var command = new Command("doctor", "Check the home: database integrity, schema version, sizes, permissions, the daemon. Exits 1 when something is broken.") { json };
        command.SetGuardedAction(async (parse, cancellationToken) =>
        {
            var report = await new HomeDoctor(context.Locate(parse).Home).ExamineAsync(cancellationToken);
            ReportOutput.Write(parse.GetValue(json), report, StewardJsonContext.Default.DoctorReport, Print);
            return report.Healthy ? CliAction.Success : CliAction.Failure;
        });
        return command;
    }

    private static void Print(DoctorReport report)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(report.Home)}[/]");
        var table = new Table().AddColumn("check").AddColumn("").AddColumn("detail");
        foreach (var check in report.Checks)
        {
            var mark = check.Status switch
            {
                CheckStatus.Ok => "[green]ok[/]",
                CheckStatus.Warning => "[yellow]warning[/]",
                _ => "[red]FAILED[/]",
            };
            table.AddRow(Markup.Escape(check.Name), mark, Markup.Escape(check.Detail));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"schema {report.SchemaVersion}/{report.LatestSchemaVersion} · state.db {Size(report.DatabaseBytes)} (+{Size(report.WalBytes)} WAL) · logs {Size(report.LogsBytes)}");
        AnsiConsole.MarkupLine(report.Healthy ? "[green]No problems that need action.[/]" : "[red]Problems found; see the FAILED rows.[/]");
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KiB",
        _ => $"{bytes / (1024.0 * 1024):0.#} MiB",
    };
}
