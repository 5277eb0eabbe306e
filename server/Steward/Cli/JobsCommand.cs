using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Steward.Core.Homes;
using Steward.Core.Scheduling;
using Steward.Core.Scheduling.Jobs;

namespace Steward.Cli;

/// <summary>`steward jobs ...`: the same requests as the schedule_* MCP tools.</summary>
internal static class JobsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("jobs", "Scheduled jobs: Claude Code sessions the daemon runs on a schedule.");
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Add(context));
        command.Subcommands.Add(Edit(context));
        command.Subcommands.Add(Remove(context));
        command.Subcommands.Add(Run(context));
        command.Subcommands.Add(History(context));
        return command;
    }

    private static HomeServices Services(CliContext context, ParseResult parse) => new(context.RequireHome(parse));

    /// <summary>The field options shared by add and edit.</summary>
    private sealed class FieldOptions
    {
        public Option<string?> Schedule { get; } = new("--schedule") { Description = "cron \"m h dom mon dow\", a macro (@daily), \"@every 15m\" or \"@at 2026-12-01T09:00\"." };
        public Option<string?> Prompt { get; } = new("--prompt") { Description = "What the session does each run (- reads it from stdin)." };
        public Option<string?> TimeZone { get; } = new("--timezone") { Description = "IANA zone, e.g. Europe/Berlin (\"\" clears)." };
        public Option<string?> Priority { get; } = new("--priority") { Description = "critical, high, normal or low." };
        public Option<string?> Model { get; } = new("--model") { Description = "opus, sonnet, haiku or a full model id (\"\" clears)." };
        public Option<int?> Timeout { get; } = new("--timeout") { Description = "Minutes before a run is stopped (1-1440)." };
        public Option<string?> CatchUp { get; } = new("--catch-up") { Description = "once or skip." };
        public Option<int?> MaxTurns { get; } = new("--max-turns") { Description = "Cap on model turns per run (0 clears)." };
        public Option<string[]?> AllowedTools { get; } = new("--allowed-tool") { Description = "A tool the session may use without asking (repeatable).", AllowMultipleArgumentsPerToken = false };
        public Option<string?> Notify { get; } = new("--notify") { Description = "never, on-failure or always." };
        public Option<string?> Description { get; } = new("--description") { Description = "One line about the job (\"\" clears)." };
        public Option<bool?> Enabled { get; } = new("--enabled") { Description = "true to run on schedule, false to pause it." };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { Schedule, Prompt, TimeZone, Priority, Model, Timeout, CatchUp, MaxTurns, AllowedTools, Notify, Description, Enabled })
            {
                command.Options.Add(option);
            }
        }

        public async Task<JobChanges> ReadAsync(ParseResult parse, CancellationToken cancellationToken)
        {
            var prompt = parse.GetValue(Prompt);
            if (prompt == "-")
            {
                prompt = await Console.In.ReadToEndAsync(cancellationToken);
            }
            return new JobChanges(parse.GetValue(Schedule), prompt, parse.GetValue(TimeZone), parse.GetValue(Priority), parse.GetValue(Model),
                parse.GetValue(Timeout), parse.GetValue(CatchUp), parse.GetValue(MaxTurns), parse.GetValue(AllowedTools), parse.GetValue(Notify),
                parse.GetValue(Description), parse.GetValue(Enabled));
        }
    }

    private static Command List(CliContext context)
    {
        var json = CliContext.JsonOption();
        var list = new Command("list", "Jobs with their next run and last result; invalid job files with the reason.") { json };
        list.SetGuardedAction((parse, _) =>
        {
            var listings = Services(context, parse).Jobs.List();
            if (parse.GetValue(json))
            {
                Console.WriteLine(new JsonArray([.. listings.Select(l => (JsonNode)SchedulingMessages.ToJson(l))]).ToJsonString());
            }
            else
            {
                AnsiConsole.WriteLine(listings.Count == 0 ? "No jobs." : string.Join("\n", listings.Select(SchedulingMessages.Describe)));
            }
            return Task.FromResult(CliAction.Success);
        });
        return list;
    }

    private static Command Add(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "Job name (^[a-z0-9][a-z0-9-]{0,62}$)." };
        var fields = new FieldOptions();
        var add = new Command("add", "Create a job (needs --schedule and --prompt).") { name };
        fields.AddTo(add);
        add.SetGuardedAction(async (parse, cancellationToken) =>
        {
            var job = Services(context, parse).Jobs.Create(parse.GetValue(name), await fields.ReadAsync(parse, cancellationToken));
            AnsiConsole.WriteLine($"Created job '{job.Name}'.");
            return CliAction.Success;
        });
        return add;
    }

    private static Command Edit(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The job." };
        var fields = new FieldOptions();
        var edit = new Command("edit", "Change some fields of a job (or edit <home>/jobs/<name>.md by hand: the daemon picks it up).") { name };
        fields.AddTo(edit);
        edit.SetGuardedAction(async (parse, cancellationToken) =>
        {
            var job = Services(context, parse).Jobs.Update(parse.GetValue(name), await fields.ReadAsync(parse, cancellationToken));
            AnsiConsole.WriteLine($"Updated job '{job.Name}'.");
            return CliAction.Success;
        });
        return edit;
    }

    private static Command Remove(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The job." };
        var remove = new Command("rm", "Delete a job (its run history stays).") { name };
        remove.SetGuardedAction((parse, _) =>
        {
            Services(context, parse).Jobs.Delete(parse.GetValue(name));
            AnsiConsole.WriteLine($"Deleted job '{parse.GetValue(name)}'.");
            return Task.FromResult(CliAction.Success);
        });
        return remove;
    }

    private static Command Run(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The job." };
        var run = new Command("run", "Queue a run now, outside the schedule.") { name };
        run.SetGuardedAction(async (parse, cancellationToken) =>
        {
            var services = Services(context, parse);
            var queued = services.Jobs.RunNow(parse.GetValue(name));
            var daemon = await services.Control.TryGetStatusAsync(cancellationToken: cancellationToken);
            AnsiConsole.WriteLine($"Queued run {queued.Id} of '{queued.Job}'{(daemon is null ? "; the daemon is not running, so it starts when the daemon does" : "")}.");
            return CliAction.Success;
        });
        return run;
    }

    private static Command History(CliContext context)
    {
        var name = new Argument<string?>("name") { Description = "Only this job.", Arity = ArgumentArity.ZeroOrOne };
        var limit = new Option<int>("--limit") { Description = "How many runs.", DefaultValueFactory = _ => 20 };
        var json = CliContext.JsonOption();
        var history = new Command("history", "Runs, newest first.") { name, limit, json };
        history.SetGuardedAction((parse, _) =>
        {
            var runs = Services(context, parse).Jobs.History(parse.GetValue(name), parse.GetValue(limit));
            if (parse.GetValue(json))
            {
                Console.WriteLine(new JsonArray([.. runs.Select(r => (JsonNode)SchedulingMessages.ToJson(r))]).ToJsonString());
            }
            else
            {
                AnsiConsole.WriteLine(runs.Count == 0 ? "No runs." : string.Join("\n", runs.Select(SchedulingMessages.Describe)));
            }
            return Task.FromResult(CliAction.Success);
        });
        return history;
    }
}
