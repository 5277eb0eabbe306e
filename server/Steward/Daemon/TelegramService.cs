using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Steward.Core;
using Steward.Core.Homes;
using Steward.Core.Telegram;

namespace Steward.Daemon;

/// <summary>
/// The daemon's Telegram side, when a token is set up: long-polls updates (stored before they are
/// confirmed), handles them, relays session answers and drains the outbox at Telegram's pace.
/// </summary>
internal sealed class TelegramService(AgentHome home, DaemonWakeSignal wake, ILogger<TelegramService> logger) : BackgroundService
{
    private static readonly TimeSpan PerChatGap = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(300);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tokenPath = Path.Combine(home.KeysDirectory, TelegramToken.FileName);
        if (!File.Exists(tokenPath))
        {
            logger.LogInformation("Telegram is not set up (no {Path}); run `steward telegram setup --token …` to connect a bot", tokenPath);
            return;
        }
        var services = new HomeServices(home);
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        TelegramBotClient client;
        try
        {
            client = new TelegramBotClient(http, services.Config.TelegramBaseUrl, (await File.ReadAllTextAsync(tokenPath, stoppingToken)).Trim());
        }
        catch (StewardException e)
        {
            TelegramStatusFile.Write(home, null, connected: false, e.Message);
            logger.LogError("Telegram: {Reason} ({Path})", e.Message, tokenPath);
            return;
        }
        // Telegram may be unreachable when the daemon starts (no network yet): keep trying, slower and slower.
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                var me = await client.GetMeAsync(stoppingToken);
                await client.SetMyCommandsAsync(TelegramCommands.All, stoppingToken);
                TelegramStatusFile.Write(home, me.Username, connected: true, error: null);
                logger.LogInformation("Telegram: connected as @{Bot}", me.Username);
                break;
            }
            catch (TelegramApiException e)
            {
                TelegramStatusFile.Write(home, null, connected: false, e.Message);
                logger.LogError("Telegram: cannot connect: {Reason}", e.Message);
                if (e.ErrorCode is 401 or 404)
                {
                    return; // a revoked or wrong token: only `steward telegram setup` can fix it
                }
                await Pause(TimeSpan.FromSeconds(Math.Min(300, 5 * attempt)), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
        await Task.WhenAll(PollAsync(client, services, stoppingToken), SendAsync(client, services, stoppingToken), RelayAsync(services, stoppingToken));
        // Nobody polls once the daemon stops: say so, or telegram_status would go on reporting "connected".
        TelegramStatusFile.Write(home, null, connected: false, "the daemon is not running");
    }

    private async Task PollAsync(TelegramBotClient client, HomeServices services, CancellationToken stoppingToken)
    {
        var inbox = new TelegramInbox(services.Database, services.Time);
        var handler = new TelegramUpdateHandler(services, logger);
        var outbox = new TelegramOutbox(services.Database, services.Time);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Handle first: updates stored by a daemon that died before handling them are not lost.
                HandlePending(inbox, handler, outbox);
                inbox.Store(await client.GetUpdatesAsync(inbox.Offset(), 25, stoppingToken));
                HandlePending(inbox, handler, outbox);
                if (failures > 0)
                {
                    TelegramStatusFile.Write(home, null, connected: true, error: null);
                }
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (TelegramApiException e)
            {
                failures++;
                var reason = e.IsConflict ? "409 Conflict: another getUpdates poller or a webhook uses this bot token; stop it (or call deleteWebhook)" : e.Message;
                TelegramStatusFile.Write(home, null, connected: false, reason);
                logger.LogError("Telegram: polling failed: {Reason}", reason);
                await Pause(TimeSpan.FromSeconds(Math.Min(60, 2 * failures)), stoppingToken);
            }
        }
    }

    private void HandlePending(TelegramInbox inbox, TelegramUpdateHandler handler, TelegramOutbox outbox)
    {
        var any = false;
        foreach (var update in inbox.Pending())
        {
            any = true;
            try
            {
                handler.Handle(update);
            }
            catch (StewardException e)
            {
                // Refused by a rule (a session limit, a bad name): the sender hears why, and the update is done.
                logger.LogWarning("Telegram: update {UpdateId}: {Reason}", update.UpdateId, e.Message);
                inbox.Finish(update.UpdateId, handled: true, $"refused: {e.Message}");
                if (update.ChatId is { } chat)
                {
                    outbox.Enqueue(chat, update.ThreadId, $"Could not do that: {e.Message}", "error");
                }
            }
        }
        if (any)
        {
            wake.Wake();
        }
    }

    private async Task SendAsync(TelegramBotClient client, HomeServices services, CancellationToken stoppingToken)
    {
        var outbox = new TelegramOutbox(services.Database, services.Time);
        var lastSent = new Dictionary<long, DateTimeOffset>();
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = false;
            foreach (var message in outbox.Due())
            {
                var now = services.Time.GetUtcNow();
                if (lastSent.TryGetValue(message.ChatId, out var last) && now - last < PerChatGap)
                {
                    continue;
                }
                try
                {
                    var id = await client.SendMessageAsync(message.ChatId, message.Text, message.ThreadId, stoppingToken);
                    outbox.MarkSent(message.Id, id);
                    lastSent[message.ChatId] = services.Time.GetUtcNow();
                    sent = true;
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (TelegramApiException e) when (e.IsTransient)
                {
                    var wait = e.RetryAfter ?? TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, message.Attempts + 1)));
                    outbox.MarkRetry(message.Id, e.Message, wait);
                    logger.LogWarning("Telegram: sending message {Id} failed ({Reason}); retrying in {Seconds} s", message.Id, e.Message, wait.TotalSeconds);
                }
                catch (TelegramApiException e)
                {
                    outbox.MarkFailed(message.Id, e.Message);
                    logger.LogError("Telegram: message {Id} refused for good: {Reason}", message.Id, e.Message);
                }
            }
            if (!sent)
            {
                await Pause(Tick, stoppingToken);
            }
        }
    }

    private async Task RelayAsync(HomeServices services, CancellationToken stoppingToken)
    {
        var relay = new TelegramReplyRelay(services);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                relay.Run();
            }
            catch (Exception e) when (e is StewardException or IOException or Microsoft.Data.Sqlite.SqliteException)
            {
                logger.LogError("Telegram: relaying answers failed: {Reason}", e.Message);
            }
            await Pause(Tick, stoppingToken);
        }
    }

    private static async Task Pause(TimeSpan delay, CancellationToken token)
    {
        try
        {
            await Task.Delay(delay, token);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
