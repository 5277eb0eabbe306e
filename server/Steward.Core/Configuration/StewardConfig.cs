using System.Text.Json;
using System.Text.Json.Nodes;
using Steward.Core.Files;

namespace Steward.Core.Configuration;

/// <summary>
/// config.json. Holds the whole JSON document so keys this version does not know (added by a newer
/// Steward or by the owner) survive a save; typed accessors read the parts Core uses.
/// </summary>
public sealed class StewardConfig
{
    // The owner edits this file by hand: keep non-ASCII names readable instead of \u-escaped.
    private static readonly JsonSerializerOptions WriteOptions = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private StewardConfig(JsonObject root)
    {
        Root = root;
    }

    public JsonObject Root { get; }

    public string Name => GetString("name") ?? "steward";

    /// <summary>The home's IANA time zone, or null for the machine's.</summary>
    public string? TimeZone => GetString("timezone");

    public int QueueRetentionDays => GetInt("queue", "retention_days") ?? 30;

    public string LogLevel => GetString("logging", "level") ?? "information";

    public int LogRetentionDays => GetInt("logging", "retention_days") ?? 14;

    public static StewardConfig CreateDefault(string name) => new(new JsonObject
    {
        ["name"] = name,
        ["timezone"] = null,
        ["queue"] = new JsonObject { ["retention_days"] = 30 },
        ["logging"] = new JsonObject { ["level"] = "information", ["retention_days"] = 14 },
    });

    public static StewardConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            throw new StewardException($"{path} is missing. Run `steward init` to create it.");
        }
        return Parse(text, path);
    }

    public static StewardConfig Parse(string text, string path)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new StewardException($"{path} is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): fix it by hand; Steward will not overwrite it.");
        }
        if (node is not JsonObject root)
        {
            throw new StewardException($"{path} must hold a JSON object ({{ ... }}).");
        }
        var config = new StewardConfig(root);
        config.Validate(path);
        return config;
    }

    public void Save(string path) => AtomicFile.WriteAllText(path, Root.ToJsonString(WriteOptions) + "\n", OwnerOnly.File);

    private void Validate(string path)
    {
        if (TimeZone is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            throw new StewardException($"{path}: \"timezone\" is \"{zone}\", which is not a time zone this machine knows; use an IANA name such as \"Europe/Berlin\" or null.");
        }
        if (QueueRetentionDays < 1 || LogRetentionDays < 1)
        {
            throw new StewardException($"{path}: retention_days must be at least 1.");
        }
    }

    private string? GetString(params string[] keys) => Find(keys) switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        var other => throw new StewardException($"config.json: \"{string.Join('.', keys)}\" must be a string, not {other.ToJsonString()}."),
    };

    private int? GetInt(params string[] keys) => Find(keys) switch
    {
        null => null,
        JsonValue value when value.TryGetValue<int>(out var i) => i,
        var other => throw new StewardException($"config.json: \"{string.Join('.', keys)}\" must be a whole number, not {other.ToJsonString()}."),
    };

    private JsonNode? Find(string[] keys)
    {
        JsonNode? node = Root;
        foreach (var key in keys)
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(key, out var child) ? child : null;
        }
        return node;
    }
}
