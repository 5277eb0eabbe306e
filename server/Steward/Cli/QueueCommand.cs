using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Steward.Core.Commands;
using Steward.Core.Control;
using Steward.Core.Homes;
using Steward.Core.Json;
using Steward.Core.Storage;

namespace Steward.Cli;

internal static class QueueCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("queue", "Inspect and manage the daemon's durable command queue.");
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Retry(context));
        command.Subcommands.Add(Cancel(context));
        command.Subcommands.Add(Ping(context));
        return command;
    }

    private static CommandQueue QueueFor(AgentHome home) => new(new StewardDatabase(home.DatabasePath));

    private static Command List(CliContext context)
    {
        var status = new Option<string?>("--status") { Description = "Only commands in this state: queued, running, succeeded, failed, interrupted, cancelled." };
        var limit = new Option<int>("--limit") { Description = "How many (newest first).", DefaultValueFactory = _ => 20 };
        var json = CliContext.JsonOption();
        var list = new Command("list", "List recent commands, newest first.") { status, limit, json };
        list.SetGuardedAction((parse, _) =>
        {
            var filter = parse.GetValue(status) is { } s ? CommandStatusNames.Parse(s) : (CommandStatus?)null;
            var rows = QueueFor(context.RequireHome(parse)).List(filter, Math.Clamp(parse.GetValue(limit), 1, 10_000)).ToList();
            ReportOutput.Write(parse.GetValue(json), rows, StewardJsonContext.Default.ListQueuedCommand, PrintRows);
            return Task.FromResult(CliAction.Success);
        });
        return list;
    }

    private static void PrintRows(List<QueuedCommand> rows)
    {
        if (rows.Count == 0)
        {
            AnsiConsole.WriteLine("No commands.");
            return;
        }
        var table = new Table().AddColumns("id", "kind", "status", "tries", "source", "created (UTC)", "error");
        foreach (var row in rows)
        {
            table.AddRow(row.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(row.Kind), row.Status.ToDatabase(),
                row.Attempts.ToString(CultureInfo.InvariantCulture), Markup.Escape(row.Source),
                row.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Markup.Escape(row.Error ?? ""));
        }
        AnsiConsole.Write(table);
    }

    private static Command Retry(CliContext context)
    {
        var id = new Argument<long>("id") { Description = "The command to run again." };
        var retry = new Command("retry", "Queue a failed, interrupted or cancelled command again.") { id };
        retry.SetGuardedAction(async (parse, cancellationToken) =>
        {
            var home = context.RequireHome(parse);
            var command = QueueFor(home).Retry(parse.GetValue(id));
            var woke = await new ControlClient(home).TryWakeAsync(cancellationToken: cancellationToken);
            AnsiConsole.WriteLine($"Command {command.Id} ({command.Kind}) is queued again{(woke ? "" : "; the daemon is not running, so it runs when the daemon starts")}.");
            return CliAction.Success;
        });
        return retry;
    }

    private static Command Cancel(CliContext context)
    {
        var id = new Argument<long>("id") { Description = "The queued command to withdraw." };
        var cancel = new Command("cancel", "Withdraw a command that has not started.") { id };
        cancel.SetGuardedAction((parse, _) =>
        {
            var command = QueueFor(context.RequireHome(parse)).Cancel(parse.GetValue(id));
            AnsiConsole.WriteLine($"Command {command.Id} ({command.Kind}) is cancelled.");
            return Task.FromResult(CliAction.Success);
        });
        return cancel;
    }

    private static Command Ping(CliContext context)
    {
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for the daemon.", DefaultValueFactory = _ => 10 };
        var noWait = new Option<bool>("--no-wait") { Description = "Queue the probe and return at once." };
        var ping = new Command("ping", "Send a probe command through the queue and wait for the daemon to execute it.") { timeout, noWait };
        ping.SetGuardedAction(async (parse, cancellationToken) =>
        {
            var services = new HomeServices(context.RequireHome(parse));
            var clock = Stopwatch.StartNew();
            var command = services.Queue.Enqueue(EchoCommandHandler.CommandKind, new JsonObject { ["text"] = "ping" }.ToJsonString(), "cli");
            var wait = parse.GetValue(noWait) ? TimeSpan.Zero : TimeSpan.FromSeconds(parse.GetValue(timeout));
            var submission = await services.Submitter.SubmitAsync(command, wait, cancellationToken);
            if (!submission.DaemonRunning)
            {
                AnsiConsole.WriteLine($"Queued probe command {command.Id}; the daemon is not running, so it runs when the daemon starts.");
                return parse.GetValue(noWait) ? CliAction.Success : CliAction.Failure;
            }
            if (parse.GetValue(noWait))
            {
                AnsiConsole.WriteLine($"Queued probe command {command.Id}.");
                return CliAction.Success;
            }
            if (submission.Succeeded)
            {
                AnsiConsole.WriteLine($"The daemon executed probe command {command.Id} in {clock.Elapsed.TotalMilliseconds:0} ms.");
                return CliAction.Success;
            }
            AnsiConsole.WriteLine($"Probe command {command.Id} is {submission.Command.Status.ToDatabase()} after {clock.Elapsed.TotalSeconds:0.#} s{(submission.Command.Error is null ? "" : ": " + submission.Command.Error)}.");
            return CliAction.Failure;
        });
        return ping;
    }
}
