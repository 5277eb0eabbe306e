namespace Steward.Core.Telegram;

/// <summary>Telegram takes at most 4,096 characters per message: longer text is cut on paragraph, then line, then word boundaries.</summary>
public static class TelegramText
{
    public const int MaxLength = 4_096;

    public static IReadOnlyList<string> Split(string text, int maxLength = MaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 16);
        var parts = new List<string>();
        var rest = text.Trim();
        while (rest.Length > maxLength)
        {
            var window = rest.AsSpan(0, maxLength);
            var cut = Last(window, "\n\n", maxLength / 2) ?? Last(window, "\n", maxLength / 2) ?? Last(window, " ", maxLength / 2) ?? maxLength;
            // Never split a surrogate pair (an emoji) between two messages.
            if (char.IsHighSurrogate(rest[cut - 1]))
            {
                cut--;
            }
            parts.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart();
        }
        if (rest.Length > 0)
        {
            parts.Add(rest);
        }
        return parts;
    }

    private static int? Last(ReadOnlySpan<char> window, string separator, int minimum)
    {
        var index = window.LastIndexOf(separator, StringComparison.Ordinal);
        return index >= minimum ? index + separator.Length : null;
    }
}
