using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Steward.Core.Homes;
using Steward.Core.Telegram;

namespace Steward.Mcp;

/// <summary>telegram_*: thin adapters over <see cref="TelegramFrontDoor"/>; messages go through the daemon's outbox.</summary>
[McpServerToolType]
internal sealed class TelegramTools(HomeServices services)
{
    [McpServerTool(Name = "telegram_send", Title = "Send a Telegram message")]
    [Description("Send a message to the owner over Telegram, or into a forum topic. It is queued in Steward's outbox (kept across restarts, split at 4,096 characters, sent in order at Telegram's pace) and delivered by the daemon.")]
    public Task<CallToolResult> SendAsync(
        [Description("The message, plain text (at most 100,000 characters; long text arrives as ordered parts).")] string text,
        [Description("Optional: a forum topic's name or thread id the bot has seen. Omit to write to the owner's private chat.")] string? topic = null) => ToolResults.Guard(() =>
    {
        var (destination, parts) = new TelegramFrontDoor(services).Send(text, topic, "mcp");
        var connected = TelegramStatusFile.Read(services.Home)?["connected"]?.GetValue<bool>() == true;
        return Task.FromResult(ToolResults.Success(
            $"Queued for {destination} ({parts} message{(parts == 1 ? "" : "s")}). {(connected ? "The daemon sends it within seconds." : "The daemon is not connected to Telegram right now; it goes out once it is (telegram_status says why).")}",
            new System.Text.Json.Nodes.JsonObject { ["destination"] = destination, ["parts"] = parts, ["connected"] = connected }));
    });

    [McpServerTool(Name = "telegram_status", Title = "Telegram connection status", ReadOnly = true, Idempotent = true)]
    [Description("Is the Telegram bot set up and connected; its name, the owner, the outbox (queued, sent, failed), updates handled and ignored, and the last error.")]
    public Task<CallToolResult> StatusAsync() => ToolResults.Guard(() =>
    {
        var status = new TelegramFrontDoor(services).Status();
        return Task.FromResult(ToolResults.Success(TelegramFrontDoor.Describe(status), status));
    });
}
