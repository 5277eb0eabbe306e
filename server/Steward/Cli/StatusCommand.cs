using System.CommandLine;
using Spectre.Console;
using Steward.Core.Control;
using Steward.Core.Json;

namespace Steward.Cli;

internal static class StatusCommand
{
    public static Command Create(CliContext context)
    {
        var json = CliContext.JsonOption();
        var command = new Command("status", "Is the daemon running? Its pid, uptime and version, the home, and the command queue.") { json };
        command.SetGuardedAction(async (parse, cancellationToken) =>
        {
            var status = await HomeStatus.ReadAsync(context.Locate(parse).Home, cancellationToken);
            ReportOutput.Write(parse.GetValue(json), status, StewardJsonContext.Default.HomeStatus, Print);
            return status.HomeExists ? CliAction.Success : CliAction.Failure;
        });
        return command;
    }

    private static void Print(HomeStatus status)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("[bold]Home[/]", Markup.Escape(status.Home));
        grid.AddRow("[bold]Daemon[/]", status.Running
            ? $"[green]running[/] (pid {status.Pid}, up {FormatUptime(status.UptimeSeconds ?? 0)}, version {Markup.Escape(status.DaemonVersion ?? "?")})"
            : "[yellow]not running[/] (start it with `steward serve` or `steward service install`)");
        if (status.Queue is { } queue)
        {
            var failed = queue.Failed > 0 ? $"[red]{queue.Failed} failed[/]" : "0 failed";
            var interrupted = queue.Interrupted > 0 ? $"[yellow]{queue.Interrupted} interrupted[/]" : "0 interrupted";
            grid.AddRow("[bold]Queue[/]", $"{queue.Queued} queued, {queue.Running} running, {failed}, {interrupted}");
        }
        if (status.Sessions is { } sessions)
        {
            grid.AddRow("[bold]Sessions[/]", $"{sessions.Live} live ({sessions.Running} running, {sessions.Idle} idle), {sessions.Queued} queued, {sessions.Ended} ended");
        }
        if (status.Jobs is { } jobs)
        {
            var invalid = jobs.Invalid.Count > 0 ? $", [red]{jobs.Invalid.Count} invalid[/]" : "";
            grid.AddRow("[bold]Jobs[/]", $"{jobs.Total} ({jobs.Enabled} enabled){invalid}");
        }
        grid.AddRow("[bold]Version[/]", Markup.Escape(status.Version));
        AnsiConsole.Write(grid);
        foreach (var invalid in status.Jobs?.Invalid ?? [])
        {
            AnsiConsole.MarkupLine($"[red]invalid job[/] {Markup.Escape(invalid)}");
        }
        if (status.Problem is { } problem)
        {
            AnsiConsole.MarkupLine($"[yellow]note:[/] {Markup.Escape(problem)}");
        }
    }

    private static string FormatUptime(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Round(seconds));
        return span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span:hh\\:mm\\:ss}" : span.ToString("hh\\:mm\\:ss", System.Globalization.CultureInfo.InvariantCulture);
    }
}
