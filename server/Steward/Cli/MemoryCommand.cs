using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Steward.Core;
using Steward.Core.Homes;
using Steward.Core.Memory;

namespace Steward.Cli;

/// <summary>`steward memory ...`: the memory tools for people and scripts.</summary>
internal static class MemoryCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("memory", "The agent's long-term memory: search, add, list, forget, export.");
        command.Subcommands.Add(Search(context));
        command.Subcommands.Add(Add(context));
        command.Subcommands.Add(Recent(context));
        command.Subcommands.Add(Forget(context));
        command.Subcommands.Add(Topics(context));
        command.Subcommands.Add(Export(context));
        return command;
    }

    private static HomeServices Services(CliContext context, ParseResult parse) => new(context.RequireHome(parse));

    private static Command Search(CliContext context)
    {
        var query = new Argument<string>("query") { Description = "What to look for (any text; \"a phrase\", prefix*)." };
        var topic = new Option<string?>("--topic") { Description = "Only this topic." };
        var kind = new Option<string?>("--kind") { Description = "Only this kind." };
        var limit = new Option<int>("--limit") { Description = "How many results (1-100).", DefaultValueFactory = _ => 10 };
        var search = new Command("search", "Ranked search with highlighted snippets.") { query, topic, kind, limit };
        search.SetGuardedAction((parse, _) =>
        {
            var hits = Services(context, parse).Memory.Search(new MemoryQuery(parse.GetValue(query) ?? "", parse.GetValue(topic),
                parse.GetValue(kind) is { } k ? MemoryKindNames.Parse(k) : null, MemoryLimits.Limit(parse.GetValue(limit))));
            AnsiConsole.WriteLine(hits.Count == 0 ? "Nothing matches." : string.Join("\n", hits.Select(h =>
                string.Create(CultureInfo.InvariantCulture, $"#{h.Entry.Id} [{h.Entry.Kind.Name()} · {h.Entry.Topic} · {h.Age.TotalDays:0.#} d · {h.Score:G3}] {h.Snippet.ReplaceLineEndings(" ")}"))));
            return Task.FromResult(CliAction.Success);
        });
        return search;
    }

    private static Command Add(CliContext context)
    {
        var text = new Argument<string>("text") { Description = "What to remember (- reads stdin)." };
        var topic = new Option<string?>("--topic") { Description = "Topic (default general)." };
        var kind = new Option<string?>("--kind") { Description = "note, fact, decision, lesson or message." };
        var tags = new Option<string[]?>("--tag") { Description = "A tag (repeatable)." };
        var importance = new Option<int?>("--importance") { Description = "1-5." };
        var add = new Command("add", "Remember something.") { text, topic, kind, tags, importance };
        add.SetGuardedAction(async (parse, cancellationToken) =>
        {
            var value = parse.GetValue(text) == "-" ? await Console.In.ReadToEndAsync(cancellationToken) : parse.GetValue(text);
            var entry = Services(context, parse).Memory.Remember(new MemoryDraft(value ?? "", parse.GetValue(topic),
                parse.GetValue(kind) is { } k ? MemoryKindNames.Parse(k) : MemoryKind.Note, parse.GetValue(tags), "cli", parse.GetValue(importance)));
            AnsiConsole.WriteLine($"Remembered #{entry.Id} in topic \"{entry.Topic}\".");
            return CliAction.Success;
        });
        return add;
    }

    private static Command Recent(CliContext context)
    {
        var topic = new Option<string?>("--topic") { Description = "Only this topic." };
        var limit = new Option<int>("--limit") { Description = "How many (1-100).", DefaultValueFactory = _ => 20 };
        var recent = new Command("recent", "The newest memories.") { topic, limit };
        recent.SetGuardedAction((parse, _) =>
        {
            var entries = Services(context, parse).Memory.Recent(parse.GetValue(topic), MemoryLimits.Limit(parse.GetValue(limit)));
            AnsiConsole.WriteLine(entries.Count == 0 ? "No memories." : string.Join("\n", entries.Select(e =>
                $"#{e.Id} [{e.Kind.Name()} · {e.Topic} · {e.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm}Z] {e.Text.ReplaceLineEndings(" ")}")));
            return Task.FromResult(CliAction.Success);
        });
        return recent;
    }

    private static Command Forget(CliContext context)
    {
        var id = new Argument<long>("id") { Description = "The memory's id." };
        var forget = new Command("forget", "Delete a memory for good.") { id };
        forget.SetGuardedAction((parse, _) =>
        {
            if (!Services(context, parse).Memory.Forget(parse.GetValue(id)))
            {
                throw new StewardException($"There is no memory #{parse.GetValue(id)}.");
            }
            AnsiConsole.WriteLine($"Forgot #{parse.GetValue(id)}.");
            return Task.FromResult(CliAction.Success);
        });
        return forget;
    }

    private static Command Topics(CliContext context)
    {
        var topics = new Command("topics", "Topics with their entry counts and summaries.");
        topics.SetGuardedAction((parse, _) =>
        {
            var services = Services(context, parse);
            var list = services.Memory.Topics();
            AnsiConsole.WriteLine(list.Count == 0 ? "No topics." : string.Join("\n", list.Select(t =>
            {
                var summary = services.Summaries.Latest(t.Name);
                return $"{t.Name}: {t.Entries} entries, {t.SinceSummary} since the last summary" + (summary is null ? "" : $" — {summary.Purpose}");
            })));
            return Task.FromResult(CliAction.Success);
        });
        return topics;
    }

    private static Command Export(CliContext context)
    {
        var output = new Option<string?>("--output") { Description = "Write to this file instead of stdout." };
        var export = new Command("export", "Everything as MEMORY.md-style Markdown, grouped by topic.") { output };
        export.SetGuardedAction((parse, _) =>
        {
            var services = Services(context, parse);
            if (parse.GetValue(output) is { } path)
            {
                using var writer = new StreamWriter(path);
                MemoryExporter.Export(services.Database, services.Summaries, writer, services.Time.GetUtcNow());
                AnsiConsole.WriteLine($"Exported to {Path.GetFullPath(path)}.");
            }
            else
            {
                MemoryExporter.Export(services.Database, services.Summaries, Console.Out, services.Time.GetUtcNow());
            }
            return Task.FromResult(CliAction.Success);
        });
        return export;
    }
}
