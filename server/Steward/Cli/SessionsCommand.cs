using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Steward.Core.Commands;
using Steward.Core.Homes;
using Steward.Core.Sessions;

namespace Steward.Cli;

/// <summary>`steward sessions ...`: the same requests as the session_* MCP tools, plus `attach` to follow one live.</summary>
internal static class SessionsCommand
{
    private const string Caller = "cli";

    public static Command Create(CliContext context)
    {
        var command = new Command("sessions", "Spawn, watch, talk to and stop background Claude Code sessions.");
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Spawn(context));
        command.Subcommands.Add(Output(context));
        command.Subcommands.Add(Send(context));
        command.Subcommands.Add(Kill(context));
        command.Subcommands.Add(Attach(context));
        return command;
    }

    private static HomeServices Services(CliContext context, ParseResult parse) => new(context.RequireHome(parse));

    private static Command List(CliContext context)
    {
        var status = new Option<string?>("--status") { Description = "Only sessions with this status." };
        var json = CliContext.JsonOption();
        var list = new Command("list", "List sessions, newest first.") { status, json };
        list.SetGuardedAction((parse, _) =>
        {
            var services = Services(context, parse);
            var filter = parse.GetValue(status) is { } s ? SessionStatusNames.Parse(s) : (SessionStatus?)null;
            var sessions = services.Sessions.List(filter);
            if (parse.GetValue(json))
            {
                Console.WriteLine(new JsonArray([.. sessions.Select(x => (JsonNode)SessionMessages.ToJson(x))]).ToJsonString());
            }
            else if (sessions.Count == 0)
            {
                AnsiConsole.WriteLine("No sessions.");
            }
            else
            {
                var now = services.Time.GetUtcNow();
                foreach (var session in sessions)
                {
                    AnsiConsole.WriteLine(SessionMessages.Summary(session, now));
                }
            }
            return Task.FromResult(CliAction.Success);
        });
        return list;
    }

    private static Command Spawn(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "Unique session name (^[a-z0-9][a-z0-9-]{0,62}$)." };
        var prompt = new Argument<string>("prompt") { Description = "The task. Use - to read it from stdin." };
        var model = new Option<string?>("--model") { Description = "opus, sonnet, haiku or a full model id." };
        var cwd = new Option<string?>("--cwd") { Description = "Working directory (default: the current one)." };
        var maxTurns = new Option<int?>("--max-turns") { Description = "Cap on model turns (default from config)." };
        var reason = new Option<string?>("--reason") { Description = "Why it runs; the session is told." };
        var spawn = new Command("spawn", "Start a background session.") { name, prompt, model, cwd, maxTurns, reason };
        spawn.SetGuardedAction(async (parse, cancellationToken) =>
        {
            var services = Services(context, parse);
            var text = parse.GetValue(prompt) == "-" ? await Console.In.ReadToEndAsync(cancellationToken) : parse.GetValue(prompt);
            var (session, command) = services.SessionRequests.RequestSpawn(parse.GetValue(name), text, parse.GetValue(model), parse.GetValue(cwd),
                parse.GetValue(maxTurns), Caller, parse.GetValue(reason), Environment.CurrentDirectory);
            return await ReportAsync(services, command, session.Name, "spawn", CommandSubmitter.DefaultWait, cancellationToken);
        });
        return spawn;
    }

    private static Command Output(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The session." };
        var lines = new Option<int>("--lines") { Description = "How many items (newest last).", DefaultValueFactory = _ => 30 };
        var output = new Command("output", "Show the last items of a session's transcript, readable.") { name, lines };
        output.SetGuardedAction((parse, _) =>
        {
            var services = Services(context, parse);
            var sessionName = parse.GetValue(name);
            SessionLimits.ValidateName(sessionName);
            var session = services.Sessions.Require(sessionName!);
            AnsiConsole.WriteLine(SessionMessages.Summary(session, services.Time.GetUtcNow()));
            foreach (var item in TranscriptReader.LastItems(TranscriptFile.PathFor(services.Home, session.Name), parse.GetValue(lines)))
            {
                AnsiConsole.WriteLine(item);
            }
            return Task.FromResult(CliAction.Success);
        });
        return output;
    }

    private static Command Send(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The session." };
        var text = new Argument<string>("text") { Description = "The message. Use - to read it from stdin." };
        var send = new Command("send", "Give a session its next turn (resumes it if it has ended).") { name, text };
        send.SetGuardedAction(async (parse, cancellationToken) =>
        {
            var services = Services(context, parse);
            var message = parse.GetValue(text) == "-" ? await Console.In.ReadToEndAsync(cancellationToken) : parse.GetValue(text);
            var command = services.SessionRequests.RequestSend(parse.GetValue(name), message, Caller);
            return await ReportAsync(services, command, parse.GetValue(name)!, "send", CommandSubmitter.DefaultWait, cancellationToken);
        });
        return send;
    }

    private static Command Kill(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The session." };
        var kill = new Command("kill", "Stop a session (SIGTERM to its process group, SIGKILL after a grace period).") { name };
        kill.SetGuardedAction(async (parse, cancellationToken) =>
        {
            var services = Services(context, parse);
            var command = services.SessionRequests.RequestKill(parse.GetValue(name), Caller);
            return await ReportAsync(services, command, parse.GetValue(name)!, "kill", TimeSpan.FromSeconds(20), cancellationToken);
        });
        return kill;
    }

    private static Command Attach(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The session." };
        var attach = new Command("attach", "Follow a session's transcript live, readable, until it ends (Ctrl+C to stop following).") { name };
        attach.SetGuardedAction(async (parse, cancellationToken) =>
        {
            var services = Services(context, parse);
            var sessionName = parse.GetValue(name)!;
            SessionLimits.ValidateName(sessionName);
            var session = services.Sessions.Require(sessionName);
            var path = TranscriptFile.PathFor(services.Home, session.Name);
            AnsiConsole.WriteLine(SessionMessages.Summary(session, services.Time.GetUtcNow()));
            foreach (var item in TranscriptReader.LastItems(path, 20))
            {
                AnsiConsole.WriteLine(item);
            }
            var position = File.Exists(path) ? new FileInfo(path).Length : 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                var (items, next) = TranscriptReader.ItemsAfter(path, position);
                position = next;
                foreach (var item in items)
                {
                    AnsiConsole.WriteLine(item);
                }
                if (items.Count == 0 && services.Sessions.Require(sessionName).Status is not (SessionStatus.Queued or SessionStatus.Starting or SessionStatus.Running or SessionStatus.Idle))
                {
                    AnsiConsole.WriteLine(SessionMessages.Summary(services.Sessions.Require(sessionName), services.Time.GetUtcNow()));
                    break;
                }
                await Task.Delay(250, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            return CliAction.Success;
        });
        return attach;
    }

    private static async Task<int> ReportAsync(HomeServices services, QueuedCommand command, string name, string action, TimeSpan wait, CancellationToken cancellationToken)
    {
        var submission = await services.Submitter.SubmitAsync(command, wait, cancellationToken);
        var (text, isError) = SessionMessages.Outcome(submission, name, action);
        if (isError)
        {
            await Console.Error.WriteLineAsync("steward: " + text);
            return CliAction.Failure;
        }
        AnsiConsole.WriteLine(text);
        return CliAction.Success;
    }
}
