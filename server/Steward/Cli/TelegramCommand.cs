using System.CommandLine;
using System.Globalization;
using Steward.Core;
using Steward.Core.Files;
using Steward.Core.Homes;
using Steward.Core.Telegram;

namespace Steward.Cli;

/// <summary>`steward telegram setup|pair|status|send`.</summary>
internal static class TelegramCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("telegram", "Connect the agent to a Telegram bot: set it up, pair the owner, check it, send a message.");
        command.Subcommands.Add(Setup(context));
        command.Subcommands.Add(Pair(context));
        command.Subcommands.Add(Status(context));
        command.Subcommands.Add(Send(context));
        return command;
    }

    private static Command Setup(CliContext context)
    {
        var token = new Option<string?>("--token") { Description = "The bot token from @BotFather (- reads it from stdin, which keeps it out of your shell history)." };
        var command = new Command("setup", "Check the bot token with Telegram (getMe) and store it in <home>/keys/telegram-token (0600). The daemon picks it up when it starts.") { token };
        command.SetGuardedAction(async (parse, cancellationToken) =>
        {
            var home = context.RequireHome(parse);
            var value = parse.GetValue(token) is "-" ? (await Console.In.ReadToEndAsync(cancellationToken)).Trim() : parse.GetValue(token)?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                throw new StewardException("Give the bot token with --token (or --token - to read it from stdin).");
            }
            var services = new HomeServices(home);
            using var http = new HttpClient();
            TelegramUser bot;
            try
            {
                bot = await new TelegramBotClient(http, services.Config.TelegramBaseUrl, value, maxRetries: 1).GetMeAsync(cancellationToken);
            }
            catch (TelegramApiException e)
            {
                throw new StewardException($"Telegram did not accept the token: {e.Description}. Nothing was stored.");
            }
            Directory.CreateDirectory(home.KeysDirectory);
            AtomicFile.WriteAllText(Path.Combine(home.KeysDirectory, TelegramToken.FileName), value + "\n", OwnerOnly.File);
            Console.WriteLine($"Connected to @{bot.Username}; the token is stored in {Path.Combine(home.KeysDirectory, TelegramToken.FileName)} (0600).");
            Console.WriteLine("Next: restart the daemon (steward serve), then run `steward telegram pair` and send the code to the bot.");
            return CliAction.Success;
        });
        return command;
    }

    private static Command Pair(CliContext context)
    {
        var command = new Command("pair", $"Print a one-time code (valid {TelegramPairing.Lifetime.TotalMinutes:0} minutes). The first Telegram user who sends it to the bot may talk to the agent.");
        command.SetGuardedAction((parse, _) =>
        {
            var services = new HomeServices(context.RequireHome(parse));
            var (code, expires) = new TelegramPairing(services.Database).Create();
            Console.WriteLine($"Send this code to the bot from your Telegram account: {code}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"It works once and expires at {expires.ToLocalTime():HH:mm} local time. The daemon must be running."));
            return Task.FromResult(CliAction.Success);
        });
        return command;
    }

    private static Command Status(CliContext context)
    {
        var json = CliContext.JsonOption();
        var command = new Command("status", "Is the bot set up and connected; the owner, the outbox and the last error.") { json };
        command.SetGuardedAction((parse, _) =>
        {
            var status = new TelegramFrontDoor(new HomeServices(context.RequireHome(parse))).Status();
            Console.WriteLine(parse.GetValue(json) ? status.ToJsonString() : TelegramFrontDoor.Describe(status));
            return Task.FromResult(CliAction.Success);
        });
        return command;
    }

    private static Command Send(CliContext context)
    {
        var text = new Argument<string>("text") { Description = "The message (- reads stdin)." };
        var topic = new Option<string?>("--topic") { Description = "A forum topic's name or thread id (default: the owner's private chat)." };
        var command = new Command("send", "Queue a message in the outbox; the daemon sends it.") { text, topic };
        command.SetGuardedAction(async (parse, cancellationToken) =>
        {
            var message = parse.GetValue(text) is "-" ? await Console.In.ReadToEndAsync(cancellationToken) : parse.GetValue(text);
            var (destination, parts) = new TelegramFrontDoor(new HomeServices(context.RequireHome(parse))).Send(message, parse.GetValue(topic), "cli");
            Console.WriteLine($"Queued for {destination} ({parts} part(s)).");
            return CliAction.Success;
        });
        return command;
    }
}
