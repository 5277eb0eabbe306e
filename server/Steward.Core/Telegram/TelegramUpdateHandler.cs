using Microsoft.Extensions.Logging;
using Steward.Core.Homes;
using Steward.Core.Memory;
using Steward.Core.People;
using Steward.Core.Sessions;

namespace Steward.Core.Telegram;

/// <summary>
/// Handles one stored update: default deny (only telegram.allowed_user_ids get through; anyone
/// else is ignored and logged without their words, unless they send a valid pairing code), slash
/// commands, and everything else to the chat's or topic's session — spawned on the first message,
/// resumed later — with the session's answer expected back in the same place.
/// </summary>
public sealed class TelegramUpdateHandler(HomeServices services, ILogger logger)
{
    private readonly TelegramOutbox _outbox = new(services.Database, services.Time);
    private readonly TelegramConversations _conversations = new(services.Database, services.Time);
    private readonly TelegramInbox _inbox = new(services.Database, services.Time);

    public void Handle(StoredUpdate update)
    {
        if (update.ChatId is not { } chatId || update.UserId is not { } userId || string.IsNullOrWhiteSpace(update.Text))
        {
            _inbox.Finish(update.UpdateId, handled: false, "not a text message from a user");
            return;
        }
        if (!services.Config.TelegramAllowedUserIds.Contains(userId))
        {
            if (new TelegramPairing(services.Database, services.Time).TryRedeem(update.Text))
            {
                Pair(update, chatId, userId);
                return;
            }
            logger.LogWarning("Telegram: ignored a message from user {UserId} (not in telegram.allowed_user_ids)", userId);
            _inbox.Finish(update.UpdateId, handled: false, $"sender {userId} not allowed");
            return;
        }
        var topic = _conversations.Find(chatId, update.ThreadId);
        if (update.Text.StartsWith('/'))
        {
            var reply = new TelegramCommands(services).Run(update.Text, topic?.Session, name => StartFresh(update, chatId, name));
            _outbox.Enqueue(chatId, update.ThreadId, reply, "command");
            _inbox.Finish(update.UpdateId, handled: true, "command");
            return;
        }
        Deliver(update, chatId, topic?.Session, topic?.Name ?? update.TopicName);
    }

    private void Pair(StoredUpdate update, long chatId, long userId)
    {
        var config = services.Config;
        config.AllowTelegramUser(userId);
        config.Save(services.Home.ConfigPath);
        logger.LogInformation("Telegram: paired user {UserId}", userId);
        _outbox.Enqueue(chatId, update.ThreadId, $"Paired: you ({update.UserName}) can now talk to {config.Name}. Send /help to see what I understand.", "pairing");
        _inbox.Finish(update.UpdateId, handled: true, "paired");
    }

    private string StartFresh(StoredUpdate update, long chatId, string? name)
    {
        var session = name is { Length: > 0 } given ? given.Trim().ToLowerInvariant() : $"{SessionNameFor(chatId, update.ThreadId)}-{services.Time.GetUtcNow().ToUnixTimeSeconds()}";
        SessionLimits.ValidateName(session);
        _conversations.Map(chatId, update.ThreadId, session, update.TopicName);
        return $"Your next message here starts a fresh session, {session}.";
    }

    private void Deliver(StoredUpdate update, long chatId, string? mapped, string? topicName)
    {
        var sessionName = mapped ?? SessionNameFor(chatId, update.ThreadId);
        var where = topicName is { Length: > 0 } ? $" in \"{topicName}\"" : update.ThreadId is null ? " (private chat)" : $" in topic {update.ThreadId}";
        var tagged = $"[telegram from {update.UserName} (user {update.UserId}){where}] {update.Text}";
        var existing = services.Sessions.Get(sessionName);
        var resultsBefore = (existing is null ? 0 : TranscriptResults.Count(services.Home, sessionName)) + _conversations.WaitingFor(sessionName);
        if (existing is null)
        {
            services.SessionRequests.RequestSpawn(sessionName, tagged, null, null, null, "telegram",
                $"Telegram conversation{where}. Your reply text is sent back to the sender there.", services.Home.ProjectDirectory);
        }
        else
        {
            services.SessionRequests.RequestSend(sessionName, tagged, "telegram");
        }
        _conversations.Map(chatId, update.ThreadId, sessionName, topicName);
        _conversations.ExpectReply(update.UpdateId, sessionName, chatId, update.ThreadId, resultsBefore);
        Remember(update, topicName);
        _inbox.Finish(update.UpdateId, handled: true, $"delivered to {sessionName}");
    }

    /// <summary>The message goes to memory under its topic and to the sender's person record; neither may stop delivery.</summary>
    private void Remember(StoredUpdate update, string? topicName)
    {
        try
        {
            var topic = MemoryLimits.Topic("telegram-" + (topicName ?? (update.ThreadId is null ? "chat" : $"topic-{update.ThreadId}")).ToLowerInvariant().Replace(' ', '-'));
            services.Memory.Remember(new MemoryDraft($"{update.UserName}: {update.Text}", topic, MemoryKind.Message));
            var handle = update.UserId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            services.People.Upsert(new PersonChanges(DisplayName: services.People.Resolve("telegram", handle) is null ? update.UserName : null,
                Identities: [PersonIdentity.Create("telegram", handle)]));
            services.People.LogInteraction($"telegram:{handle}", "telegram", update.Text!.Length > 200 ? update.Text[..200] + "…" : update.Text);
        }
        catch (StewardException e)
        {
            logger.LogWarning("Telegram: could not record update {UpdateId} in memory or people: {Reason}", update.UpdateId, e.Message);
        }
    }

    /// <summary>tg-&lt;chat&gt;[-&lt;topic&gt;]; a group's negative id is written with an n.</summary>
    public static string SessionNameFor(long chatId, long? threadId) =>
        $"tg-{(chatId < 0 ? "n" : "")}{Math.Abs(chatId)}{(threadId is { } thread ? $"-{thread}" : "")}";
}
