using System.Text.Json;
using System.Text.RegularExpressions;

namespace Steward.Core.Guard;

/// <summary>
/// Validates guard.json strictly: a typo in a security policy must not silently leave a rule at
/// a mode the owner did not choose, so unknown keys, rule ids and modes are errors.
/// </summary>
internal static class GuardPolicyReader
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static GuardPolicy Read(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException e)
        {
            throw new StewardException($"{source} is not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new StewardException($"{source} must hold a JSON object with \"rules\", \"allow\" and/or \"deny\".");
            }
            var modes = new RuleMode[GuardRuleIds.Names.Length];
            var allow = new List<Regex>();
            var deny = new List<DenyPattern>();
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "rules":
                        ReadRules(property.Value, modes, source);
                        break;
                    case "allow":
                        foreach (var item in ArrayOf(property.Value, "allow", source))
                        {
                            allow.Add(Compile(StringOf(item, "allow", source), "allow", source));
                        }
                        break;
                    case "deny":
                        foreach (var item in ArrayOf(property.Value, "deny", source))
                        {
                            deny.Add(ReadDeny(item, source));
                        }
                        break;
                    case "$schema":
                        break;
                    default:
                        throw new StewardException($"{source}: unknown key \"{property.Name}\"; the known keys are \"rules\", \"allow\" and \"deny\".");
                }
            }
            return new GuardPolicy(modes, [.. allow], [.. deny]);
        }
    }

    private static void ReadRules(JsonElement rules, RuleMode[] modes, string source)
    {
        if (rules.ValueKind != JsonValueKind.Object)
        {
            throw new StewardException($"{source}: \"rules\" must be an object mapping rule ids to \"deny\", \"ask\" or \"off\".");
        }
        foreach (var rule in rules.EnumerateObject())
        {
            if (!GuardRuleIds.TryParse(rule.Name, out var id))
            {
                throw new StewardException($"{source}: unknown rule \"{rule.Name}\"; the rules are {string.Join(", ", GuardRuleIds.Names)}.");
            }
            var mode = rule.Value.ValueKind == JsonValueKind.String ? rule.Value.GetString() : null;
            modes[(int)id] = mode switch
            {
                "deny" => RuleMode.Deny,
                "ask" => RuleMode.Ask,
                "off" => RuleMode.Off,
                _ => throw new StewardException($"{source}: rule \"{rule.Name}\" has mode {rule.Value.GetRawText()}; use \"deny\", \"ask\" or \"off\"."),
            };
        }
    }

    private static DenyPattern ReadDeny(JsonElement item, string source)
    {
        if (item.ValueKind == JsonValueKind.String)
        {
            var pattern = item.GetString()!;
            return new DenyPattern(Compile(pattern, "deny", source), $"The owner's guard policy blocks commands matching \"{pattern}\".");
        }
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new StewardException($"{source}: each \"deny\" entry must be a pattern string or {{\"pattern\": \"…\", \"reason\": \"…\"}}.");
        }
        string? patternText = null;
        string? reason = null;
        foreach (var property in item.EnumerateObject())
        {
            switch (property.Name)
            {
                case "pattern":
                    patternText = StringOf(property.Value, "deny.pattern", source);
                    break;
                case "reason":
                    reason = StringOf(property.Value, "deny.reason", source);
                    break;
                default:
                    throw new StewardException($"{source}: unknown key \"{property.Name}\" in a \"deny\" entry; use \"pattern\" and \"reason\".");
            }
        }
        if (patternText is null)
        {
            throw new StewardException($"{source}: a \"deny\" entry has no \"pattern\".");
        }
        return new DenyPattern(Compile(patternText, "deny", source), reason ?? $"The owner's guard policy blocks commands matching \"{patternText}\".");
    }

    private static JsonElement.ArrayEnumerator ArrayOf(JsonElement element, string key, string source) =>
        element.ValueKind == JsonValueKind.Array
            ? element.EnumerateArray()
            : throw new StewardException($"{source}: \"{key}\" must be an array.");

    private static string StringOf(JsonElement element, string key, string source) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new StewardException($"{source}: \"{key}\" entries must be strings, not {element.GetRawText()}.");

    /// <summary>Each pattern is built once per process; a timeout keeps a runaway pattern from stalling every Bash call.</summary>
    private static Regex Compile(string pattern, string key, string source)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, GuardPolicy.PatternTimeout);
        }
        catch (ArgumentException e)
        {
            throw new StewardException($"{source}: the \"{key}\" pattern \"{pattern}\" is not a valid .NET regex: {e.Message}", e);
        }
    }
}
