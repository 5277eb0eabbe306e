namespace Steward.Core.Telegram;

/// <summary>The bot token lives in <c>&lt;home&gt;/keys/telegram-token</c> (0600), never in config.json or logs.</summary>
public static class TelegramToken
{
    public const string FileName = "telegram-token";

    /// <summary><c>&lt;digits&gt;:&lt;30+ characters of A-Z a-z 0-9 _ -&gt;</c>, as @BotFather issues them.</summary>
    public static bool LooksValid(string? token)
    {
        var colon = token?.IndexOf(':') ?? -1;
        return colon > 0 && token![..colon].All(char.IsAsciiDigit)
            && token.Length - colon - 1 >= 30
            && token[(colon + 1)..].All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
    }
}
