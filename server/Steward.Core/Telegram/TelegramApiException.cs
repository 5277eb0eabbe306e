namespace Steward.Core.Telegram;

/// <summary>
/// Telegram answered <c>ok: false</c>, or could not be reached (<see cref="ErrorCode"/> null).
/// Messages never contain the bot token: it is part of the request URL, which is never quoted.
/// </summary>
public sealed class TelegramApiException(string method, int? errorCode, string description, TimeSpan? retryAfter = null, long? migrateToChatId = null, Exception? inner = null)
    : Exception($"Telegram {method} failed: {(errorCode is { } code ? $"{code} " : "")}{description}", inner)
{
    public string Method { get; } = method;

    public int? ErrorCode { get; } = errorCode;

    public string Description { get; } = description;

    /// <summary>For 429: exactly how long Telegram asks us to wait.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public long? MigrateToChatId { get; } = migrateToChatId;

    /// <summary>Worth retrying the same call later: rate limits, server errors, network trouble.</summary>
    public bool IsTransient => ErrorCode is null or 429 or >= 500;

    /// <summary>409: another getUpdates poller or a webhook owns this bot.</summary>
    public bool IsConflict => ErrorCode == 409;
}
