namespace Steward.Core.Telegram;

public sealed record TelegramUser(long Id, bool IsBot, string? FirstName, string? Username)
{
    /// <summary>@username when there is one, else the first name, else the id.</summary>
    public string Describe() => Username is { Length: > 0 } name ? "@" + name : FirstName is { Length: > 0 } first ? first : Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The parts of a Telegram message Steward uses. <see cref="ThreadId"/> is the forum topic, when there is one.</summary>
public sealed record TelegramMessage(long MessageId, TelegramUser? From, long ChatId, string ChatType, bool ChatIsForum, long? ThreadId, string? Text, string? TopicName);

public sealed record TelegramUpdate(long UpdateId, TelegramMessage? Message);
