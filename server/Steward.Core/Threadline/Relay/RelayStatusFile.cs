using System.Text.Json.Nodes;
using Steward.Core.Files;
using Steward.Core.Homes;

namespace Steward.Core.Threadline.Relay;

/// <summary>The daemon writes its relay state to &lt;home&gt;/threadline-relay.json; the CLI and MCP server read it (they have no connection of their own).</summary>
public static class RelayStatusFile
{
    public static string PathFor(AgentHome home) => System.IO.Path.Combine(home.Root, "threadline-relay.json");

    public static void Write(AgentHome home, RelayState state) =>
        AtomicFile.WriteAllText(PathFor(home), state.ToJson().ToJsonString() + "\n", OwnerOnly.File);

    /// <summary>The last state the daemon wrote, or null when it never has (or the file is unreadable).</summary>
    public static RelayState? Read(AgentHome home)
    {
        try
        {
            return RelayState.FromJson(JsonNode.Parse(File.ReadAllText(PathFor(home))));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

/// <summary>The relay as the owner should see it: configuration and the daemon's last word, or why there is none.</summary>
public static class RelayStatus
{
    public static RelayState Current(AgentHome home, Configuration.StewardConfig config, bool daemonRunning)
    {
        var now = DateTimeOffset.UtcNow;
        if (!config.ThreadlineRelayEnabled)
        {
            return new RelayState(RelayState.Off, null, now, "disabled in config (`steward threadline relay enable`)");
        }
        if (!daemonRunning)
        {
            return new RelayState(RelayState.Disconnected, config.ThreadlineRelayUrl, now, "the daemon is not running (`steward serve`); messages wait in the queue");
        }
        return RelayStatusFile.Read(home) is { } state && state.State != RelayState.Off
            ? state
            : new RelayState(RelayState.Connecting, config.ThreadlineRelayUrl, now, "the daemon is picking up the new setting");
    }

    public static JsonObject ToJson(RelayState state, Configuration.StewardConfig config)
    {
        var json = state.ToJson();
        json["enabled"] = config.ThreadlineRelayEnabled;
        json["configured_url"] = config.ThreadlineRelayUrl;
        json["visibility"] = config.ThreadlineRelayVisibility;
        json["sender_trust"] = config.ThreadlineRelaySenderTrust.Name();
        return json;
    }
}
