using System.Text.RegularExpressions;

namespace Steward.Core.People;

/// <summary>
/// Where a person can be reached: a platform (telegram, email, github ...) and their handle there.
/// Always built through <see cref="Create"/>, so two spellings of one address are one identity:
/// handles are trimmed, lowercased on platforms that ignore case, and phone numbers lose their
/// punctuation.
/// </summary>
public sealed partial record PersonIdentity
{
    public const int MaxHandleLength = 200;

    public const string PlatformHelp = "a lowercase word such as telegram, email, threadline, github, slack, discord, phone or web (^[a-z][a-z0-9_-]{0,31}$)";

    /// <summary>Platforms whose handles are the same whatever their case (an address, a login).</summary>
    private static readonly HashSet<string> CaseInsensitivePlatforms = ["email", "github"];

    private PersonIdentity(string platform, string handle)
    {
        Platform = platform;
        Handle = handle;
    }

    public string Platform { get; }

    public string Handle { get; }

    public static PersonIdentity Create(string? platform, string? handle)
    {
        var cleanPlatform = NormalizePlatform(platform);
        var cleanHandle = handle?.Trim() ?? "";
        if (cleanPlatform == "phone")
        {
            // "+1 (555) 010-0000" and "+15550100000" are one number.
            cleanHandle = string.Concat(cleanHandle.Where(c => c is not (' ' or '-' or '(' or ')' or '.')));
        }
        if (CaseInsensitivePlatforms.Contains(cleanPlatform))
        {
            cleanHandle = cleanHandle.ToLowerInvariant();
        }
        if (cleanHandle.Length == 0)
        {
            throw new StewardException($"The {cleanPlatform} handle is empty. Give the person's id, address or username on {cleanPlatform}, e.g. {cleanPlatform}:someone.");
        }
        if (cleanHandle.Length > MaxHandleLength)
        {
            throw new StewardException($"The {cleanPlatform} handle is {cleanHandle.Length:N0} characters; at most {MaxHandleLength} are accepted.");
        }
        if (cleanHandle.Any(char.IsControl))
        {
            throw new StewardException($"The {cleanPlatform} handle contains a line break or control character; a handle is one line of text.");
        }
        return new PersonIdentity(cleanPlatform, cleanHandle);
    }

    /// <summary>Reads "platform:handle", e.g. "telegram:123456" or "email:grace@example.com".</summary>
    public static PersonIdentity Parse(string? text)
    {
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (text is null || colon <= 0)
        {
            throw new StewardException($"'{text}' is not an identity. Write platform:handle, e.g. telegram:123456 or email:grace@example.com.");
        }
        return Create(text[..colon], text[(colon + 1)..]);
    }

    /// <summary>Reads "platform:handle" when the text has that shape, without throwing.</summary>
    public static bool TryParse(string? text, out PersonIdentity identity)
    {
        identity = null!;
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (text is null || colon <= 0 || !PlatformPattern().IsMatch(text[..colon].Trim().ToLowerInvariant()))
        {
            return false;
        }
        try
        {
            identity = Create(text[..colon], text[(colon + 1)..]);
            return true;
        }
        catch (StewardException)
        {
            return false;
        }
    }

    public static string NormalizePlatform(string? platform)
    {
        var clean = platform?.Trim().ToLowerInvariant() ?? "";
        if (!PlatformPattern().IsMatch(clean))
        {
            throw new StewardException($"'{platform}' is not a platform name. A platform is {PlatformHelp}.");
        }
        return clean;
    }

    /// <summary>An identity read back from the store, where it was saved already normalized.</summary>
    internal static PersonIdentity Stored(string platform, string handle) => new(platform, handle);

    public override string ToString() => $"{Platform}:{Handle}";

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex PlatformPattern();
}
