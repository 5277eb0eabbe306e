using System.Text.Json.Nodes;

namespace Steward.Core.Installation;

/// <summary>
/// Adds Steward's entries to Claude Code's JSON files and takes exactly those out again, leaving
/// every entry of the user's own untouched. Steward's hooks are recognised by their command.
/// </summary>
internal static class SettingsMerge
{
    public static IReadOnlySet<string> CommandsIn(JsonObject hooks)
    {
        var commands = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, groups) in hooks)
        {
            foreach (var group in groups as JsonArray ?? [])
            {
                foreach (var hook in group?["hooks"] as JsonArray ?? [])
                {
                    if (hook?["command"]?.GetValueKind() == System.Text.Json.JsonValueKind.String)
                    {
                        commands.Add(hook["command"]!.GetValue<string>());
                    }
                }
            }
        }
        return commands;
    }

    /// <summary>Adds each hook of <paramref name="ours"/> that <paramref name="settings"/> lacks (same event, matcher and command); returns how many.</summary>
    public static int AddHooks(JsonObject settings, JsonObject ours, string file)
    {
        var hooks = ObjectAt(settings, "hooks", file);
        var added = 0;
        foreach (var (eventName, ourGroups) in ours)
        {
            var groups = ArrayAt(hooks, eventName, file);
            foreach (var ourGroup in ourGroups as JsonArray ?? [])
            {
                var matcher = ourGroup?["matcher"]?.GetValue<string>();
                var missing = (ourGroup?["hooks"] as JsonArray ?? [])
                    .Where(hook => !groups.Any(group => Matcher(group) == matcher && HasCommand(group, hook?["command"]?.GetValue<string>())))
                    .ToList();
                if (missing.Count == 0)
                {
                    continue;
                }
                var group = new JsonObject();
                if (matcher is not null)
                {
                    group["matcher"] = matcher;
                }
                group["hooks"] = new JsonArray(missing.Select(hook => hook!.DeepClone()).ToArray());
                groups.Add(group);
                added += missing.Count;
            }
        }
        return added;
    }

    /// <summary>Removes every hook whose command is one of <paramref name="commands"/>, and the groups and events that leaves empty; returns how many.</summary>
    public static int RemoveHooks(JsonObject settings, IReadOnlySet<string> commands)
    {
        if (settings["hooks"] is not JsonObject hooks)
        {
            return 0;
        }
        var removed = 0;
        foreach (var eventName in hooks.Select(p => p.Key).ToList())
        {
            if (hooks[eventName] is not JsonArray groups)
            {
                continue;
            }
            foreach (var group in groups.OfType<JsonObject>().ToList())
            {
                if (group["hooks"] is not JsonArray list)
                {
                    continue;
                }
                var ours = list.Where(hook => hook?["command"] is JsonValue command && command.TryGetValue<string>(out var text) && commands.Contains(text)).ToList();
                foreach (var hook in ours)
                {
                    list.Remove(hook);
                }
                removed += ours.Count;
                if (ours.Count > 0 && list.Count == 0)
                {
                    groups.Remove(group);
                }
            }
            if (removed > 0 && groups.Count == 0)
            {
                hooks.Remove(eventName);
            }
        }
        if (removed > 0 && hooks.Count == 0)
        {
            settings.Remove("hooks");
        }
        return removed;
    }

    /// <summary>Adds <paramref name="value"/> to the string array at <paramref name="key"/> unless it is there; returns whether it added.</summary>
    public static bool AddToList(JsonObject settings, string key, string value, string file)
    {
        var list = ArrayAt(settings, key, file);
        if (list.Any(item => item is JsonValue v && v.TryGetValue<string>(out var text) && text == value))
        {
            return false;
        }
        list.Add(value);
        return true;
    }

    public static bool RemoveFromList(JsonObject settings, string key, string value)
    {
        if (settings[key] is not JsonArray list || list.FirstOrDefault(item => item is JsonValue v && v.TryGetValue<string>(out var text) && text == value) is not { } item)
        {
            return false;
        }
        list.Remove(item);
        if (list.Count == 0)
        {
            settings.Remove(key);
        }
        return true;
    }

    public static JsonObject ObjectAt(JsonObject parent, string key, string file)
    {
        switch (parent[key])
        {
            case null:
                var created = new JsonObject();
                parent[key] = created;
                return created;
            case JsonObject existing:
                return existing;
            default:
                throw new StewardException($"{file}: \"{key}\" is not a JSON object, so Steward cannot add to it; fix it first (nothing was changed).");
        }
    }

    private static JsonArray ArrayAt(JsonObject parent, string key, string file)
    {
        switch (parent[key])
        {
            case null:
                var created = new JsonArray();
                parent[key] = created;
                return created;
            case JsonArray existing:
                return existing;
            default:
                throw new StewardException($"{file}: \"{key}\" is not a JSON array, so Steward cannot add to it; fix it first (nothing was changed).");
        }
    }

    private static string? Matcher(JsonNode? group) => group?["matcher"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static bool HasCommand(JsonNode? group, string? command) =>
        command is not null && (group?["hooks"] as JsonArray ?? []).Any(hook => hook?["command"] is JsonValue value && value.TryGetValue<string>(out var text) && text == command);
}
