using System.CommandLine;
using Steward.Core;
using Steward.Core.Homes;
using Steward.Core.Threadline;

namespace Steward.Cli;

/// <summary>`steward threadline id|contacts|add|trust|send|inbox`: the owner's side of Threadline, over the same Core classes as the MCP tools.</summary>
internal static class ThreadlineCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("threadline", "Agent-to-agent messaging: this agent's identity, contacts, trust, sending and the inbox.");
        command.Subcommands.Add(Id(context));
        command.Subcommands.Add(Contacts(context));
        command.Subcommands.Add(Add(context));
        command.Subcommands.Add(Trust(context));
        command.Subcommands.Add(Send(context));
        command.Subcommands.Add(Inbox(context));
        return command;
    }

    private static Command Id(CliContext context)
    {
        var command = new Command("id", "This agent's name, fingerprint and public key, to give to another agent's owner.");
        command.SetGuardedAction((parse, _) =>
        {
            var services = new HomeServices(context.RequireHome(parse));
            using var identity = ThreadlineKeyFile.Load(services.Home);
            Console.WriteLine($"name         {services.Config.Name}");
            Console.WriteLine($"fingerprint  {identity.Fingerprint}");
            Console.WriteLine($"identity key {Convert.ToHexStringLower(identity.PublicKey)}");
            return Task.FromResult(CliAction.Success);
        });
        return command;
    }

    private static Command Contacts(CliContext context)
    {
        var command = new Command("contacts", "Contacts with fingerprint, trust and URL.");
        command.SetGuardedAction((parse, _) =>
        {
            var contacts = new ThreadlineContacts(new HomeServices(context.RequireHome(parse)).Database).List();
            Console.WriteLine(contacts.Count == 0 ? "No contacts yet (steward threadline add URL)." : string.Join("\n", contacts.Select(c => $"{c.Name,-20} {c.Fingerprint}  {c.Trust.Name(),-10} {c.Url}")));
            return Task.FromResult(CliAction.Success);
        });
        return command;
    }

    private static Command Add(CliContext context)
    {
        var url = new Argument<string>("url") { Description = "The agent's Threadline URL, e.g. http://127.0.0.1:4041." };
        var command = new Command("add", "Add an agent: handshake, pin its key, start it untrusted.") { url };
        command.SetGuardedAction(async (parse, cancellationToken) =>
        {
            var services = new HomeServices(context.RequireHome(parse));
            using var identity = ThreadlineKeyFile.Load(services.Home);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var contact = await new ThreadlineClient(http, services.Database, identity, services.Config.Name).AddContactAsync(parse.GetValue(url)!, cancellationToken);
            Console.WriteLine($"Added {contact.Name} ({contact.Fingerprint}) as {contact.Trust.Name()}. Compare the fingerprint with its owner, then: steward threadline trust {contact.Name} verified");
            return CliAction.Success;
        });
        return command;
    }

    private static Command Trust(CliContext context)
    {
        var agent = new Argument<string>("agent") { Description = "The contact's name or fingerprint." };
        var level = new Argument<string>("level") { Description = "untrusted, verified, trusted or autonomous." };
        var command = new Command("trust", "Set a contact's trust (you are the owner, so this is your confirmation). Every change is audited.") { agent, level };
        command.SetGuardedAction((parse, _) =>
        {
            var contact = new ThreadlineContacts(new HomeServices(context.RequireHome(parse)).Database)
                .SetTrust(parse.GetValue(agent)!, TrustLevels.Parse(parse.GetValue(level)), confirmed: true, "set with steward threadline trust", "owner (CLI)");
            Console.WriteLine($"{contact.Name} is now {contact.Trust.Name()}.");
            return Task.FromResult(CliAction.Success);
        });
        return command;
    }

    private static Command Send(CliContext context)
    {
        var to = new Argument<string>("to") { Description = "The contact's name or fingerprint." };
        var text = new Argument<string>("text") { Description = "The message (- reads stdin)." };
        var thread = new Option<string?>("--thread") { Description = "Continue this thread." };
        var command = new Command("send", "Send a sealed message to a contact.") { to, text, thread };
        command.SetGuardedAction(async (parse, cancellationToken) =>
        {
            var services = new HomeServices(context.RequireHome(parse));
            var message = parse.GetValue(text) is "-" ? await Console.In.ReadToEndAsync(cancellationToken) : parse.GetValue(text)!;
            using var identity = ThreadlineKeyFile.Load(services.Home);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var threadId = await new ThreadlineClient(http, services.Database, identity, services.Config.Name).SendAsync(parse.GetValue(to)!, message, parse.GetValue(thread), cancellationToken);
            Console.WriteLine($"Delivered in thread {threadId}.");
            return CliAction.Success;
        });
        return command;
    }

    private static Command Inbox(CliContext context)
    {
        var unread = new Option<bool>("--unread") { Description = "Only unread messages." };
        var command = new Command("inbox", "Messages other agents sent (listing marks them read).") { unread };
        command.SetGuardedAction((parse, _) =>
        {
            var database = new HomeServices(context.RequireHome(parse)).Database;
            var names = new ThreadlineContacts(database).List().ToDictionary(c => c.Fingerprint, c => c.Name, StringComparer.Ordinal);
            var messages = new ThreadlineMessages(database).Inbox(parse.GetValue(unread), 50);
            Console.WriteLine(messages.Count == 0 ? "No messages." : string.Join("\n", messages.Select(m => $"[{m.ThreadId}] {names.GetValueOrDefault(m.Peer, m.Peer)}: {m.Text}")));
            return Task.FromResult(CliAction.Success);
        });
        return command;
    }
}
