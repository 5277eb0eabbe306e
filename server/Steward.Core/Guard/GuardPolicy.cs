using System.Text.RegularExpressions;

namespace Steward.Core.Guard;

/// <summary>How guard.json sets a rule: deny, ask, off, or (not mentioned) the rule's own default.</summary>
internal enum RuleMode : byte
{
    Default,
    Deny,
    Ask,
    Off,
}

/// <summary>A guard.json deny pattern and the reason shown when it matches.</summary>
internal sealed record DenyPattern(Regex Pattern, string Reason);

/// <summary>
/// Which rules apply and how, plus the owner's own allow and deny patterns (.NET regexes matched
/// against the whole command). Precedence: deny patterns, then allow patterns, then rules.
/// <see cref="Default"/> is the safe configuration used when there is no guard.json.
/// </summary>
public sealed class GuardPolicy
{
    /// <summary>How long one owner-written pattern may run against one command before it counts as a match failure.</summary>
    internal static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(250);

    internal GuardPolicy(RuleMode[] modes, Regex[] allow, DenyPattern[] deny)
    {
        Modes = modes;
        Allow = allow;
        Deny = deny;
    }

    public static GuardPolicy Default { get; } = new(new RuleMode[GuardRuleIds.Names.Length], [], []);

    internal RuleMode[] Modes { get; }

    internal Regex[] Allow { get; }

    internal DenyPattern[] Deny { get; }

    /// <summary>Reads a guard.json file; throws <see cref="StewardException"/> naming the problem when it is invalid.</summary>
    public static GuardPolicy Load(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StewardException($"Cannot read the guard policy {path}: {e.Message}", e);
        }
        return Parse(json, path);
    }

    /// <summary>Parses guard.json text; <paramref name="source"/> names it in error messages.</summary>
    public static GuardPolicy Parse(string json, string source = "guard.json") => GuardPolicyReader.Read(json, source);
}
