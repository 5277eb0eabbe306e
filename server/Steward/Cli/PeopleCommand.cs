using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Steward.Core.Homes;
using Steward.Core.People;

namespace Steward.Cli;

/// <summary>`steward people ...`: the same store as the person_* MCP tools, printed for a person at a terminal.</summary>
internal static class PeopleCommand
{
    private const string PersonHelp = "An id (12 or #12), platform:handle, or the exact display name.";

    public static Command Create(CliContext context)
    {
        var command = new Command("people", "The people the agent knows: list, look up, add, log interactions, merge.");
        command.Subcommands.Add(List(context));
        command.Subcommands.Add(Get(context));
        command.Subcommands.Add(Search(context));
        command.Subcommands.Add(Add(context));
        command.Subcommands.Add(Log(context));
        command.Subcommands.Add(Merge(context));
        return command;
    }

    private static HomeServices Services(CliContext context, ParseResult parse) => new(context.RequireHome(parse));

    private static Command List(CliContext context)
    {
        var json = CliContext.JsonOption();
        var list = new Command("list", "Everyone, most significant first.") { json };
        list.SetGuardedAction((parse, _) =>
        {
            PrintPeople(Services(context, parse).People.List(), parse.GetValue(json), "No people yet. Add one with `steward people add NAME`.");
            return Task.FromResult(CliAction.Success);
        });
        return list;
    }

    private static Command Get(CliContext context)
    {
        var person = new Argument<string>("person") { Description = PersonHelp };
        var json = CliContext.JsonOption();
        var get = new Command("get", "A person's profile: identities, tags, themes, notes, recent interactions, related memories.") { person, json };
        get.SetGuardedAction((parse, _) =>
        {
            var services = Services(context, parse);
            var profile = new PersonProfiles(services.People, services.Memory).Load(services.People.Find(parse.GetValue(person)));
            if (parse.GetValue(json))
            {
                Console.WriteLine(PeopleMessages.ToJson(profile).ToJsonString());
                return Task.FromResult(CliAction.Success);
            }
            var who = profile.Person;
            AnsiConsole.WriteLine(PeopleMessages.Summary(who, escape: false));
            AnsiConsole.WriteLine($"significance {who.Significance}");
            AnsiConsole.WriteLine("themes: " + (who.Themes.Count == 0 ? "(none)" : string.Join(", ", who.Themes.Select(t => $"{t.Theme} ({t.Count})"))));
            AnsiConsole.WriteLine("notes:" + (who.Notes.Length == 0 ? " (none)" : "\n" + who.Notes));
            foreach (var interaction in profile.RecentInteractions)
            {
                AnsiConsole.WriteLine($"- {interaction.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC via {interaction.Channel}: {interaction.Summary}");
            }
            foreach (var hit in profile.RelatedMemories)
            {
                AnsiConsole.WriteLine($"- memory #{hit.Entry.Id} ({hit.Entry.Topic}): {hit.Snippet}");
            }
            return Task.FromResult(CliAction.Success);
        });
        return get;
    }

    private static Command Search(CliContext context)
    {
        var query = new Argument<string>("query") { Description = "Words in a name, notes, tags or handles." };
        var limit = new Option<int>("--limit") { Description = "How many people at most (1-100).", DefaultValueFactory = _ => PersonStore.DefaultSearchLimit };
        var json = CliContext.JsonOption();
        var search = new Command("search", "Find people by name, notes, tags or handles, best match first.") { query, limit, json };
        search.SetGuardedAction((parse, _) =>
        {
            PrintPeople(Services(context, parse).People.Search(parse.GetValue(query), parse.GetValue(limit)), parse.GetValue(json), "No person matches.");
            return Task.FromResult(CliAction.Success);
        });
        return search;
    }

    private static Command Add(CliContext context)
    {
        var name = new Argument<string?>("name") { Description = "The name the person goes by (needed to create).", Arity = ArgumentArity.ZeroOrOne };
        var person = new Option<string?>("--person") { Description = "Update this existing person instead. " + PersonHelp };
        var identities = new Option<string[]?>("--identity") { Description = "platform:handle, e.g. telegram:123456 (repeatable)." };
        var tags = new Option<string[]?>("--tag") { Description = "A tag (repeatable)." };
        var notes = new Option<string?>("--notes") { Description = "Notes, appended as a new dated paragraph." };
        var replaceNotes = new Option<bool>("--replace-notes") { Description = "Replace the notes instead of appending." };
        var add = new Command("add", "Create a person, or update the one who has one of the identities (or --person).") { name, person, identities, tags, notes, replaceNotes };
        add.SetGuardedAction((parse, _) =>
        {
            var result = Services(context, parse).People.Upsert(new PersonChanges(parse.GetValue(person), parse.GetValue(name),
                parse.GetValue(identities)?.Select(PersonIdentity.Parse).ToList(), parse.GetValue(notes), parse.GetValue(replaceNotes), parse.GetValue(tags)));
            AnsiConsole.WriteLine($"{(result.Created ? "Created" : "Updated")} {PeopleMessages.Summary(result.Person, escape: false)}");
            return Task.FromResult(CliAction.Success);
        });
        return add;
    }

    private static Command Log(CliContext context)
    {
        var person = new Argument<string>("person") { Description = PersonHelp };
        var channel = new Argument<string>("channel") { Description = "Where: telegram, email, call, in person ..." };
        var summary = new Argument<string>("summary") { Description = "What it was about (at most 2,000 characters)." };
        var themes = new Option<string[]?>("--theme") { Description = "A theme it touched (repeatable)." };
        var log = new Command("log", "Record an interaction with a person.") { person, channel, summary, themes };
        log.SetGuardedAction((parse, _) =>
        {
            var logged = Services(context, parse).People.LogInteraction(parse.GetValue(person), parse.GetValue(channel), parse.GetValue(summary), parse.GetValue(themes));
            AnsiConsole.WriteLine($"Logged interaction #{logged.Interaction.Id}. {PeopleMessages.Summary(logged.Person, escape: false)}");
            return Task.FromResult(CliAction.Success);
        });
        return log;
    }

    private static Command Merge(CliContext context)
    {
        var keep = new Argument<string>("keep") { Description = "The person to keep. " + PersonHelp };
        var merge = new Argument<string>("merge") { Description = "The person to merge into keep and delete. " + PersonHelp };
        var command = new Command("merge", "Combine two records of one person; everything of MERGE moves to KEEP.") { keep, merge };
        command.SetGuardedAction((parse, _) =>
        {
            AnsiConsole.WriteLine(PeopleMessages.Merged(Services(context, parse).People.Merge(parse.GetValue(keep), parse.GetValue(merge)), escape: false));
            return Task.FromResult(CliAction.Success);
        });
        return command;
    }

    private static void PrintPeople(IReadOnlyList<Person> people, bool json, string none)
    {
        if (json)
        {
            Console.WriteLine(new JsonArray([.. people.Select(p => (JsonNode)PeopleMessages.ToJson(p))]).ToJsonString());
        }
        else if (people.Count == 0)
        {
            AnsiConsole.WriteLine(none);
        }
        else
        {
            foreach (var person in people)
            {
                AnsiConsole.WriteLine(PeopleMessages.Summary(person, escape: false));
            }
        }
    }
}
