using System.Text.RegularExpressions;

namespace Steward.Core.Sessions;

/// <summary>What a session request may contain. Checked at the front door, so bad input never reaches the queue.</summary>
public static partial class SessionLimits
{
    public const int MaxTextCharacters = 100_000;
    public const int MaxTurnsCeiling = 1000;

    public static void ValidateName(string? name)
    {
        if (name is null || !NamePattern().IsMatch(name))
        {
            throw new StewardException($"'{name}' is not a session name: use 1-63 lowercase letters, digits and '-', starting with a letter or digit (^[a-z0-9][a-z0-9-]{{0,62}}$).");
        }
    }

    public static void ValidateText(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new StewardException($"The {what} is empty.");
        }
        if (text.Length > MaxTextCharacters)
        {
            throw new StewardException($"The {what} has {text.Length:N0} characters; the limit is {MaxTextCharacters:N0}. Put long material in a file and point the session at it.");
        }
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new StewardException($"The {what} contains NUL characters.");
        }
    }

    public static void ValidateModel(string? model)
    {
        if (model is not null && !IsModelName(model))
        {
            throw new StewardException($"'{model}' is not a model: use opus, sonnet, haiku or a full model id such as claude-sonnet-4-5.");
        }
    }

    public static void ValidateMaxTurns(int? maxTurns)
    {
        if (maxTurns is < 1 or > MaxTurnsCeiling)
        {
            throw new StewardException($"max_turns must be between 1 and {MaxTurnsCeiling}.");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex NamePattern();

    /// <summary>
    /// A letter or digit, then up to 99 of letters, digits and ._[]- (as in claude-sonnet-4-5[1m]).
    /// Checked by hand, not by a regex: config validation runs in every hook process, and loading
    /// the regex engine there costs milliseconds on each tool call.
    /// </summary>
    private static bool IsModelName(string model) =>
        model.Length is > 0 and <= 100
        && char.IsAsciiLetterOrDigit(model[0])
        && !model.AsSpan(1).ContainsAnyExcept(ModelNameCharacters);

    private static readonly System.Buffers.SearchValues<char> ModelNameCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._[]-");
}
