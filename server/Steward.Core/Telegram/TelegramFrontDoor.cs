using System.Globalization;
using System.Text.Json.Nodes;
using Steward.Core.Homes;

namespace Steward.Core.Telegram;

/// <summary>What telegram_send / telegram_status and `steward telegram send|status` share: where a message goes, and how the bot is doing.</summary>
public sealed class TelegramFrontDoor(HomeServices services)
{
    /// <summary>
    /// Queues <paramref name="text"/> for the owner's private chat, or for <paramref name="topic"/>
    /// (a forum topic's name or thread id, as the bot has seen it). Returns where it went and the parts queued.
    /// </summary>
    public (string Destination, int Parts) Send(string? text, string? topic, string source)
    {
        long chatId;
        long? threadId = null;
        string destination;
        if (string.IsNullOrWhiteSpace(topic))
        {
            var allowed = services.Config.TelegramAllowedUserIds;
            chatId = allowed.Count > 0 ? allowed[0] : 0;
            if (chatId == 0)
            {
                throw new StewardException("Telegram has no owner yet: run `steward telegram pair` and send the code to the bot.");
            }
            destination = "the owner's chat";
        }
        else
        {
            (chatId, threadId, destination) = FindTopic(topic.Trim());
        }
        var parts = new TelegramOutbox(services.Database, services.Time).Enqueue(chatId, threadId, text, source);
        return (destination, parts.Count);
    }

    public JsonObject Status()
    {
        var file = TelegramStatusFile.Read(services.Home);
        var outbox = new TelegramOutbox(services.Database, services.Time).Status();
        var inbox = new TelegramInbox(services.Database, services.Time).Counts();
        var allowedUsers = services.Config.TelegramAllowedUserIds;
        var owner = allowedUsers.Count > 0 ? allowedUsers[0] : 0;
        return new JsonObject
        {
            ["configured"] = File.Exists(Path.Combine(services.Home.KeysDirectory, TelegramToken.FileName)),
            ["connected"] = file?["connected"]?.GetValue<bool>() ?? false,
            ["bot"] = file?["bot"]?.GetValue<string>(),
            ["owner_user_id"] = owner == 0 ? null : owner,
            ["allowed_users"] = services.Config.TelegramAllowedUserIds.Count,
            ["outbox_queued"] = outbox.Queued,
            ["outbox_sent"] = outbox.Sent,
            ["outbox_failed"] = outbox.Failed,
            ["updates_handled"] = inbox.Handled,
            ["updates_ignored"] = inbox.Ignored,
            ["updates_pending"] = inbox.Pending,
            ["last_error"] = file?["last_error"]?.GetValue<string>() ?? outbox.LastError,
            ["status_updated_at"] = file?["updated_at"]?.GetValue<string>(),
        };
    }

    public static string Describe(JsonObject status)
    {
        if (!status["configured"]!.GetValue<bool>())
        {
            return "Telegram is not set up: run `steward telegram setup --token <token from @BotFather>`.";
        }
        var connection = status["connected"]!.GetValue<bool>() ? $"connected as @{status["bot"]}" : "not connected (is the daemon running?)";
        var owner = status["owner_user_id"] is { } id ? id.ToJsonString() : "not paired yet (steward telegram pair)";
        var error = status["last_error"] is { } e ? $" Last error: {e.GetValue<string>()}" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"Telegram: {connection}; owner {owner}; outbox {status["outbox_queued"]} queued, {status["outbox_sent"]} sent, {status["outbox_failed"]} failed; updates {status["updates_handled"]} handled, {status["updates_ignored"]} ignored.{error}");
    }

    private (long Chat, long? Thread, string Destination) FindTopic(string topic)
    {
        using var connection = services.Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT chat_id, thread_id, coalesce(name, 'topic ' || thread_id) FROM telegram_topics
             WHERE name = $topic COLLATE NOCASE OR CAST(thread_id AS TEXT) = $topic
             ORDER BY thread_id LIMIT 1
            """;
        command.Parameters.AddWithValue("$topic", topic);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new StewardException($"No Telegram topic \"{topic}\" is known yet (the bot learns topics from the messages it receives). Omit topic to write to the owner.");
        }
        var thread = reader.GetInt64(1);
        return (reader.GetInt64(0), thread == 0 ? null : thread, $"topic \"{reader.GetString(2)}\"");
    }
}
