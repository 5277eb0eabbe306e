using System.Text.Json;
using System.Text.Json.Nodes;

namespace Steward.Core.Installation;

/// <summary>
/// A built plugin bundle (plugin/build.sh): its hooks/hooks.json and .mcp.json are the one source
/// of what Steward registers with Claude Code. <see cref="ForSettings"/> turns the plugin form into
/// what a settings file needs when Steward is installed without the plugin system.
/// </summary>
public sealed class PluginBundle
{
    private const string RootVariable = "${CLAUDE_PLUGIN_ROOT}";
    private const string PluginToolPrefix = "mcp__plugin_steward_steward__";
    private const string SettingsToolPrefix = "mcp__steward__";

    private PluginBundle(string root, JsonObject hooks, JsonObject server)
    {
        Root = root;
        Hooks = hooks;
        Server = server;
    }

    public string Root { get; }

    /// <summary>The "hooks" object (event → matcher groups), commands with absolute paths.</summary>
    public JsonObject Hooks { get; }

    /// <summary>The "steward" MCP server entry, with an absolute command path.</summary>
    public JsonObject Server { get; }

    /// <summary>Every hook command this bundle registers; these identify Steward's entries in a settings file.</summary>
    public IReadOnlySet<string> HookCommands => SettingsMerge.CommandsIn(Hooks);

    /// <summary>The bundle holding the running executable (its bin/), or the one at <paramref name="root"/>.</summary>
    public static PluginBundle Load(string? root = null)
    {
        root = Path.GetFullPath(root ?? Path.Combine(AppContext.BaseDirectory, ".."));
        var hooksPath = Path.Combine(root, "hooks", "hooks.json");
        var mcpPath = Path.Combine(root, ".mcp.json");
        if (!File.Exists(hooksPath) || !File.Exists(mcpPath) || !File.Exists(Path.Combine(root, "bin", "steward-hook")))
        {
            throw new StewardException(
                $"{root} is not a Steward plugin bundle (it needs bin/steward-hook, hooks/hooks.json and .mcp.json). Build one with plugin/build.sh and run its bin/steward, or pass --bundle DIR.");
        }
        if (root.AsSpan().IndexOfAny("\"$`\\\n") >= 0)
        {
            throw new StewardException($"The bundle path {root} contains a character (\" $ ` \\ or a newline) that cannot appear in a hook command; move the bundle.");
        }
        var hooks = ReadObject(hooksPath)["hooks"] as JsonObject
            ?? throw new StewardException($"{hooksPath} has no \"hooks\" object.");
        var server = (ReadObject(mcpPath)["mcpServers"] as JsonObject)?["steward"] as JsonObject
            ?? throw new StewardException($"{mcpPath} has no mcpServers.steward entry.");
        return new PluginBundle(root, (JsonObject)Expand(hooks, root), (JsonObject)Expand(server, root));
    }

    private static JsonObject ReadObject(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new StewardException($"{path} must hold a JSON object.");
        }
        catch (JsonException e)
        {
            throw new StewardException($"{path} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>A copy with the plugin root spelled out and plugin tool names turned into settings tool names.</summary>
    private static JsonNode Expand(JsonNode node, string root) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : (JsonNode?)Expand(p.Value, root)))),
        JsonArray array => new JsonArray(array.Select(item => item is null ? null : Expand(item, root)).ToArray()),
        JsonValue value when value.TryGetValue<string>(out var text) => JsonValue.Create(
            text.Replace(RootVariable, root, StringComparison.Ordinal).Replace(PluginToolPrefix, SettingsToolPrefix, StringComparison.Ordinal)),
        _ => node.DeepClone(),
    };
}
