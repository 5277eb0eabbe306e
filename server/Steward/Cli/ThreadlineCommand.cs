using System.CommandLine;
using Steward.Core;
using Steward.Core.Homes;
using Steward.Core.Threadline;
using Steward.Core.Threadline.Relay;

namespace Steward.Cli;

/// <summary>`steward threadline id|contacts|add|discover|relay|trust|compat|send|inbox|history`: the owner's side of Threadline, over the same Core classes as the MCP tools.</summary>
internal static class ThreadlineCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("threadline", "Agent-to-agent messaging: this agent's identity, contacts, trust, sending and the inbox.");
        command.Subcommands.Add(Id(context));
        command.Subcommands.Add(Contacts(context));
        command.Subcommands.Add(Add(context));
        command.Subcommands.Add(Discover(context));
        command.Subcommands.Add(ThreadlineRelayCommand.Create(context));
        command.Subcommands.Add(Trust(context));
        command.Subcommands.Add(Compat(context));
        command.Subcommands.Add(Send(context));
        command.Subcommands.Add(Inbox(context));
        command.Subcommands.Add(History(context));
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
            Console.WriteLine(contacts.Count == 0 ? "No contacts yet (steward threadline add URL)." : string.Join("\n", contacts.Select(c =>
                $"{c.Name,-20} {c.Fingerprint}  {c.Trust.Name(),-10} {(c.ViaRelay ? "via relay" : c.Url)}{(c.HasKeys ? "" : "  keys not known yet")}{(c.InstarCompat ? "  instar_compat (not sealed)" : "")}")));
            return Task.FromResult(CliAction.Success);
        });
        return command;
    }

    private static Command Add(CliContext context)
    {
        var url = new Argument<string>("url-or-agent-id") { Description = "The agent's Threadline URL (e.g. http://127.0.0.1:4041), or its agent id from `steward threadline discover` to reach it through the relay." };
        var name = new Option<string?>("--name") { Description = "A name for an agent added by id (default: the name it introduces)." };
        var command = new Command("add", "Add an agent, untrusted: by URL (handshake, pin its key) or by relay agent id (introduce keys over the relay).") { url, name };
        command.SetGuardedAction(async (parse, cancellationToken) =>
        {
            var services = new HomeServices(context.RequireHome(parse));
            if (ThreadlineContacts.IsFingerprint(parse.GetValue(url)!.Trim().ToLowerInvariant()))
            {
                var added = await new RelayRequests(services.Queue, services.Submitter).AddContactAsync(parse.GetValue(url)!, parse.GetValue(name), "CLI", cancellationToken);
                Console.WriteLine($"Added {added["name"]} ({added["fingerprint"]}) as {added["trust"]}, through the relay: {added["introduction"]}.");
                return CliAction.Success;
            }
            using var identity = ThreadlineKeyFile.Load(services.Home);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var contact = await new ThreadlineClient(http, services.Database, identity, services.Config.Name).AddContactAsync(parse.GetValue(url)!, cancellationToken);
            Console.WriteLine($"Added {contact.Name} ({contact.Fingerprint}) as {contact.Trust.Name()}. Compare the fingerprint with its owner, then: steward threadline trust {contact.Name} verified");
            return CliAction.Success;
        });
        return command;
    }

    private static Command Discover(CliContext context)
    {
        var capability = new Option<string?>("--capability") { Description = "Only agents with this capability." };
        var name = new Option<string?>("--name") { Description = "Only agents whose name contains this." };
        var command = new Command("discover", "Ask the relay which agents it lists (the daemon must be running with the relay enabled).") { capability, name };
        command.SetGuardedAction(async (parse, cancellationToken) =>
        {
            var services = new HomeServices(context.RequireHome(parse));
            var agents = await new RelayRequests(services.Queue, services.Submitter).DiscoverAsync(parse.GetValue(capability), parse.GetValue(name), "CLI", cancellationToken);
            Console.WriteLine(agents.Count == 0 ? "The relay lists no such agent." : string.Join("\n", agents.OfType<System.Text.Json.Nodes.JsonObject>().Select(a =>
                $"{a["name"],-20} {a["agent_id"]}  {a["status"],-8} {a["framework"]}{(a["contact"] is null ? "" : $"  (contact {a["contact"]})")}")));
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

    private static Command Compat(CliContext context)
    {
        var agent = new Argument<string>("agent") { Description = "The contact's name or fingerprint." };
        var state = new Argument<string>("state") { Description = "on: an Instar agent, messages go as Instar's plaintext body (not end-to-end sealed); off: sealed envelopes only." };
        var command = new Command("compat", "Mark a contact as an Instar agent that cannot open sealed envelopes (instar_compat). Audited.") { agent, state };
        command.SetGuardedAction((parse, _) =>
        {
            var on = parse.GetValue(state) switch
            {
                "on" => true,
                "off" => false,
                var other => throw new StewardException($"'{other}' is not on or off."),
            };
            var contact = new ThreadlineContacts(new HomeServices(context.RequireHome(parse)).Database).SetInstarCompat(parse.GetValue(agent)!, on, confirmed: true, "owner (CLI)");
            Console.WriteLine(contact.InstarCompat
                ? $"{contact.Name} is instar_compat: messages to and from it are NOT end-to-end sealed, only the transport is authenticated."
                : $"{contact.Name} takes sealed envelopes only.");
            return Task.FromResult(CliAction.Success);
        });
        return command;
    }

    private static Command Send(CliContext context)
    {
        var to = new Argument<string>("to") { Description = "The contact's name or fingerprint." };
        var text = new Argument<string>("text") { Description = "The message (- reads stdin)." };
        var thread = new Option<string?>("--thread") { Description = "Continue this thread." };
        var command = new Command("send", "Send a sealed message to a contact (queued: the daemon retries if the agent is unreachable now).") { to, text, thread };
        command.SetGuardedAction(async (parse, cancellationToken) =>
        {
            var services = new HomeServices(context.RequireHome(parse));
            var message = parse.GetValue(text) is "-" ? await Console.In.ReadToEndAsync(cancellationToken) : parse.GetValue(text)!;
            using var identity = ThreadlineKeyFile.Load(services.Home);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var result = await new ThreadlineClient(http, services.Database, identity, services.Config.Name).SendAsync(parse.GetValue(to)!, message, parse.GetValue(thread), cancellationToken);
            var how = result.Sealed ? "" : " (NOT end-to-end sealed: instar_compat contact)";
            switch (result.Status)
            {
                case SendStatus.Delivered:
                    Console.WriteLine($"Delivered in thread {result.ThreadId}.{how}");
                    return CliAction.Success;
                case SendStatus.HeldByRelay:
                    Console.WriteLine($"Handed to the relay in thread {result.ThreadId}: {result.To} is offline; the relay holds it until it connects.{how}");
                    return CliAction.Success;
                case SendStatus.Queued:
                    Console.WriteLine($"Queued in thread {result.ThreadId}: {result.Error}. The daemon retries (next at {result.NextAttemptAt:HH:mm:ss} UTC).{how}");
                    return CliAction.Success;
                default:
                    throw new StewardException($"Not delivered to {result.To}: {result.Error}");
            }
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
            Console.WriteLine(messages.Count == 0 ? "No messages." : string.Join("\n", messages.Select(m => $"[{m.ThreadId}] {names.GetValueOrDefault(m.Peer, m.Peer)}{(m.Sealed ? "" : " (not sealed)")}: {m.Text}")));
            return Task.FromResult(CliAction.Success);
        });
        return command;
    }

    private static Command History(CliContext context)
    {
        var agent = new Argument<string?>("agent") { Description = "The contact's name or fingerprint.", Arity = ArgumentArity.ZeroOrOne };
        var thread = new Option<string?>("--thread") { Description = "One thread instead of one contact." };
        var command = new Command("history", "Messages both ways with a contact or in a thread, with the delivery state of each one sent.") { agent, thread };
        command.SetGuardedAction((parse, _) =>
        {
            var database = new HomeServices(context.RequireHome(parse)).Database;
            var contacts = new ThreadlineContacts(database);
            var peer = parse.GetValue(agent) is { } name ? contacts.Require(name).Fingerprint : null;
            var names = contacts.List().ToDictionary(c => c.Fingerprint, c => c.Name, StringComparer.Ordinal);
            var messages = new ThreadlineMessages(database).History(parse.GetValue(thread), peer, 100);
            Console.WriteLine(messages.Count == 0 ? "No messages." : string.Join("\n", messages.Select(m => m.Direction == "in"
                ? $"[{m.ThreadId}] {names.GetValueOrDefault(m.Peer, m.Peer)}: {m.Text}"
                : $"[{m.ThreadId}] → {names.GetValueOrDefault(m.Peer, m.Peer)} ({m.DeliveryState}): {m.Text}")));
            return Task.FromResult(CliAction.Success);
        });
        return command;
    }
}
