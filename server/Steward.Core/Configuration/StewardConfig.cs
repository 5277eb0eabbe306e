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

    /// <summary>The Claude Code executable (name on PATH or a path); $STEWARD_CLAUDE overrides it.</summary>
    public string ClaudeCommand => GetString("claude", "command") ?? "claude";

    public IReadOnlyList<string> ClaudeAllowedTools => GetStrings("claude", "allowed_tools") ?? DefaultAllowedTools;

    public string? ClaudePermissionMode => GetString("claude", "permission_mode");

    public string? ClaudePluginDirectory => GetString("claude", "plugin_dir");

    public int SessionsMaxConcurrent => GetInt("sessions", "max_concurrent") ?? 4;

    public double SessionsIdleMinutes => GetDouble("sessions", "idle_minutes") ?? 15;

    public double SessionsMaxMinutes => GetDouble("sessions", "max_minutes") ?? 120;

    public int SessionsMaxTurns => GetInt("sessions", "max_turns") ?? 50;

    public int SchedulerMaxParallel => GetInt("scheduler", "max_parallel") ?? 2;

    /// <summary>Daily budget in USD (calendar day in the home's zone); null = no daily limit.</summary>
    public double? QuotaDailyUsd => GetDouble("quota", "daily_usd");

    /// <summary>Weekly budget in USD (Monday to Sunday in the home's zone); null = no weekly limit.</summary>
    public double? QuotaWeeklyUsd => GetDouble("quota", "weekly_usd");

    /// <summary>Days after which a note's recency weight has fallen halfway (facts and lessons: four times longer).</summary>
    public double MemoryHalfLifeDays => GetDouble("memory", "half_life_days") ?? 30;

    /// <summary>New entries in a topic before the daemon writes a new rolling summary.</summary>
    public int MemorySummaryEvery => GetInt("memory", "summary_every") ?? 20;

    public string MemorySummaryModel => GetString("memory", "summary_model") ?? "haiku";

    /// <summary>Tokens (characters / 4) the identity hook may inject at session start and after a compaction.</summary>
    public int HooksIdentityBudgetTokens => GetInt("hooks", "identity_budget_tokens") ?? 2_000;

    /// <summary>Tokens the identity hook may add to each prompt (time and relevant memories).</summary>
    public int HooksPromptBudgetTokens => GetInt("hooks", "prompt_budget_tokens") ?? 600;

    /// <summary>The Bot API base URL (tests point it at a local fake).</summary>
    public string TelegramBaseUrl => GetString("telegram", "base_url") ?? "https://api.telegram.org";

    /// <summary>Telegram user ids allowed to talk to the agent. Empty means nobody (default deny); the first is the owner.</summary>
    public IReadOnlyList<long> TelegramAllowedUserIds => GetLongs("telegram", "allowed_user_ids") ?? [];

    /// <summary>Where the daemon serves Threadline's HTTP endpoints: host:port (port 0 picks a free one), or "off".</summary>
    public string ThreadlineListen => GetString("threadline", "listen") ?? "127.0.0.1:4041";

    /// <summary>The URL other agents reach this one at (behind a proxy or tunnel), as the signed agent card states it; null = the address the daemon listens on.</summary>
    public string? ThreadlinePublicUrl => GetString("threadline", "public_url");

    /// <summary>Where the daemon serves the local REST API: host:port (port 0 picks a free one), or "off".</summary>
    public string ApiListen => GetString("api", "listen") ?? "127.0.0.1:4040";

    /// <summary>Whether api.listen may be a non-loopback address (then only over the bearer token, like every route but /health).</summary>
    public bool ApiAllowRemote => GetBool("api", "allow_remote") ?? false;

    /// <summary>The API's bearer token (created by `steward init`, replaced by `steward api rotate`).</summary>
    public string? ApiToken => GetString("api", "token");

    public void SetApiToken(string token)
    {
        var api = Root["api"] as JsonObject ?? new JsonObject();
        Root["api"] = api;
        api["token"] = token;
    }

    public const string DefaultRelayUrl = "wss://threadline-relay.fly.dev/v1/connect";

    /// <summary>Whether the daemon keeps a connection to a Threadline relay (off until the owner enables it).</summary>
    public bool ThreadlineRelayEnabled => GetBool("threadline", "relay", "enabled") ?? false;

    /// <summary>The relay's WebSocket URL (Instar's public relay by default; anyone can run one).</summary>
    public string ThreadlineRelayUrl => GetString("threadline", "relay", "url") ?? DefaultRelayUrl;

    /// <summary>public (listed in discovery), unlisted (reachable by id, not listed) or private.</summary>
    public string ThreadlineRelayVisibility => GetString("threadline", "relay", "visibility") ?? "unlisted";

    /// <summary>The trust an agent first met over the relay starts at: untrusted (default) or verified, never more.</summary>
    public Threadline.TrustLevel ThreadlineRelaySenderTrust => Threadline.TrustLevels.Parse(GetString("threadline", "relay", "sender_trust") ?? "untrusted");

    /// <summary>Changes the relay settings given (the caller saves); the daemon follows within a second.</summary>
    public void SetRelay(bool? enabled, string? url, string? visibility)
    {
        var threadline = Root["threadline"] as JsonObject ?? new JsonObject();
        Root["threadline"] = threadline;
        var relay = threadline["relay"] as JsonObject ?? new JsonObject();
        threadline["relay"] = relay;
        if (enabled is { } on)
        {
            relay["enabled"] = on;
        }
        if (url is not null)
        {
            relay["url"] = url;
        }
        if (visibility is not null)
        {
            relay["visibility"] = visibility;
        }
        ValidateRelay("config.json");
    }

    /// <summary>Adds a user to telegram.allowed_user_ids (pairing); the caller saves.</summary>
    public void AllowTelegramUser(long userId)
    {
        var telegram = Root["telegram"] as JsonObject ?? new JsonObject();
        Root["telegram"] = telegram;
        if (telegram["allowed_user_ids"] is not JsonArray allowed)
        {
            allowed = new JsonArray();
            telegram["allowed_user_ids"] = allowed;
        }
        if (!TelegramAllowedUserIds.Contains(userId))
        {
            allowed.Add(userId);
        }
    }

    /// <summary>The home's time zone: config "timezone", else the machine's.</summary>
    public TimeZoneInfo Zone => TimeZone is { } id ? TimeZoneInfo.FindSystemTimeZoneById(id) : TimeZoneInfo.Local;

    /// <summary>Steward's own MCP tools, as a plain server and as the plugin's server.</summary>
    public static IReadOnlyList<string> DefaultAllowedTools { get; } = ["mcp__steward", "mcp__plugin_steward_steward"];

    public static StewardConfig CreateDefault(string name) => new(new JsonObject
    {
        ["name"] = name,
        ["timezone"] = null,
        ["queue"] = new JsonObject { ["retention_days"] = 30 },
        ["logging"] = new JsonObject { ["level"] = "information", ["retention_days"] = 14 },
        ["claude"] = new JsonObject
        {
            ["command"] = "claude",
            ["allowed_tools"] = new JsonArray(DefaultAllowedTools.Select(t => (JsonNode?)t).ToArray()),
            ["permission_mode"] = null,
            ["plugin_dir"] = null,
        },
        ["sessions"] = new JsonObject { ["max_concurrent"] = 4, ["idle_minutes"] = 15, ["max_minutes"] = 120, ["max_turns"] = 50 },
        ["scheduler"] = new JsonObject { ["max_parallel"] = 2 },
        ["quota"] = new JsonObject { ["daily_usd"] = null, ["weekly_usd"] = null },
        ["memory"] = new JsonObject { ["half_life_days"] = 30, ["summary_every"] = 20, ["summary_model"] = "haiku" },
        ["hooks"] = new JsonObject { ["identity_budget_tokens"] = 2_000, ["prompt_budget_tokens"] = 600 },
        ["telegram"] = new JsonObject { ["base_url"] = "https://api.telegram.org", ["allowed_user_ids"] = new JsonArray() },
        ["api"] = new JsonObject { ["listen"] = "127.0.0.1:4040", ["allow_remote"] = false, ["token"] = Api.ApiToken.Generate() },
        ["threadline"] = new JsonObject
        {
            ["listen"] = "127.0.0.1:4041",
            ["relay"] = new JsonObject { ["enabled"] = false, ["url"] = DefaultRelayUrl, ["visibility"] = "unlisted", ["sender_trust"] = "untrusted" },
        },
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

    public void Save(string path) => AtomicFile.WriteAllText(path, Root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n", OwnerOnly.File);

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
        if (SessionsMaxConcurrent is < 1 or > 64)
        {
            throw new StewardException($"{path}: sessions.max_concurrent must be between 1 and 64.");
        }
        if (SessionsIdleMinutes <= 0 || SessionsMaxMinutes <= 0)
        {
            throw new StewardException($"{path}: sessions.idle_minutes and sessions.max_minutes must be more than 0.");
        }
        if (SessionsMaxTurns is < 1 or > 1000)
        {
            throw new StewardException($"{path}: sessions.max_turns must be between 1 and 1000.");
        }
        if (ClaudePermissionMode is { } mode && mode is not ("acceptEdits" or "auto" or "bypassPermissions" or "manual" or "dontAsk" or "plan"))
        {
            throw new StewardException($"{path}: claude.permission_mode \"{mode}\" is not one of acceptEdits, auto, bypassPermissions, manual, dontAsk, plan (Claude Code 2.1).");
        }
        if (SchedulerMaxParallel is < 1 or > 64)
        {
            throw new StewardException($"{path}: scheduler.max_parallel must be between 1 and 64.");
        }
        if (QuotaDailyUsd is <= 0 || QuotaWeeklyUsd is <= 0)
        {
            throw new StewardException($"{path}: quota.daily_usd and quota.weekly_usd must be more than 0, or null for no limit.");
        }
        if (MemoryHalfLifeDays <= 0 || MemorySummaryEvery < 1)
        {
            throw new StewardException($"{path}: memory.half_life_days must be more than 0 and memory.summary_every at least 1.");
        }
        // Claude Code cuts a hook's text at 10,000 characters (about 2,500 tokens); stay under it.
        // The context assembler needs at least 200 tokens to say anything useful.
        if (HooksIdentityBudgetTokens is < 200 or > 2_400 || HooksPromptBudgetTokens is not (0 or (>= 200 and <= 2_400)))
        {
            throw new StewardException($"{path}: hooks.identity_budget_tokens must be between 200 and 2400, hooks.prompt_budget_tokens 0 (off) or between 200 and 2400 (Claude Code cuts hook output at 10,000 characters).");
        }
        Sessions.SessionLimits.ValidateModel(MemorySummaryModel);
        _ = ClaudeAllowedTools;
        _ = ClaudeCommand;
        _ = ClaudePluginDirectory;
        _ = TelegramAllowedUserIds;
        if (!Uri.TryCreate(TelegramBaseUrl, UriKind.Absolute, out var telegram) || telegram.Scheme is not ("https" or "http"))
        {
            throw new StewardException($"{path}: telegram.base_url must be an http(s) URL, not \"{TelegramBaseUrl}\".");
        }
        if (ThreadlinePublicUrl is { } publicUrl && (!Uri.TryCreate(publicUrl, UriKind.Absolute, out var reachable) || reachable.Scheme is not ("https" or "http")))
        {
            throw new StewardException($"{path}: threadline.public_url must be an http(s) URL or null, not \"{publicUrl}\".");
        }
        ValidateRelay(path);
        _ = ApiAllowRemote;
        if (ApiToken is { } token && (token.Length < 32 || token.Any(char.IsWhiteSpace)))
        {
            throw new StewardException($"{path}: api.token is too short or has spaces; `steward api rotate` makes a new one.");
        }
        if (ApiListen != "off" && !ApiAllowRemote && !Net.LoopbackAddress.IsLoopback(ApiListen))
        {
            throw new StewardException($"{path}: api.listen \"{ApiListen}\" is not a loopback address; the API is for this machine. Set api.allow_remote to true to serve it elsewhere (every route but /health needs the token then too).");
        }
    }

    private void ValidateRelay(string path)
    {
        _ = ThreadlineRelayEnabled;
        if (!Uri.TryCreate(ThreadlineRelayUrl, UriKind.Absolute, out var relay) || relay.Scheme is not ("wss" or "ws"))
        {
            throw new StewardException($"{path}: threadline.relay.url must be a ws(s):// URL, not \"{ThreadlineRelayUrl}\".");
        }
        if (ThreadlineRelayVisibility is not ("public" or "unlisted" or "private"))
        {
            throw new StewardException($"{path}: threadline.relay.visibility must be public, unlisted or private, not \"{ThreadlineRelayVisibility}\".");
        }
        var trust = GetString("threadline", "relay", "sender_trust") ?? "untrusted";
        if (trust is not ("untrusted" or "verified"))
        {
            throw new StewardException($"{path}: threadline.relay.sender_trust must be untrusted or verified, not \"{trust}\": the relay vouches only for an agent's id; raise one contact with threadline_trust.");
        }
    }

    private string? GetString(params string[] keys) => Find(keys) switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        var other => throw new StewardException($"config.json: \"{string.Join('.', keys)}\" must be a string, not {other.ToJsonString()}."),
    };

    private bool? GetBool(params string[] keys) => Find(keys) switch
    {
        null => null,
        JsonValue value when value.TryGetValue<bool>(out var b) => b,
        var other => throw new StewardException($"config.json: \"{string.Join('.', keys)}\" must be true or false, not {other.ToJsonString()}."),
    };

    private int? GetInt(params string[] keys) => Find(keys) switch
    {
        null => null,
        JsonValue value when value.TryGetValue<int>(out var i) => i,
        var other => throw new StewardException($"config.json: \"{string.Join('.', keys)}\" must be a whole number, not {other.ToJsonString()}."),
    };

    private double? GetDouble(params string[] keys) => Find(keys) switch
    {
        null => null,
        JsonValue value when value.TryGetValue<double>(out var d) => d,
        var other => throw new StewardException($"config.json: \"{string.Join('.', keys)}\" must be a number, not {other.ToJsonString()}."),
    };

    private long[]? GetLongs(params string[] keys) => Find(keys) switch
    {
        null => null,
        JsonArray array when array.All(item => item is JsonValue v && v.TryGetValue<long>(out _)) => array.Select(item => item!.GetValue<long>()).ToArray(),
        var other => throw new StewardException($"config.json: \"{string.Join('.', keys)}\" must be a list of numeric Telegram user ids, not {other.ToJsonString()}."),
    };

    private string[]? GetStrings(params string[] keys) => Find(keys) switch
    {
        null => null,
        JsonArray array when array.All(item => item is JsonValue v && v.TryGetValue<string>(out _)) => array.Select(item => item!.GetValue<string>()).ToArray(),
        var other => throw new StewardException($"config.json: \"{string.Join('.', keys)}\" must be a list of strings, not {other.ToJsonString()}."),
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
