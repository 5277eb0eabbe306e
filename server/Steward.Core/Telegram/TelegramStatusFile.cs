using System.Text.Json.Nodes;
using Steward.Core.Files;
using Steward.Core.Homes;

namespace Steward.Core.Telegram;

/// <summary>The daemon's view of the Telegram connection (<c>&lt;home&gt;/telegram-status.json</c>), for telegram_status and `steward telegram status`.</summary>
public static class TelegramStatusFile
{
    public static string PathFor(AgentHome home) => Path.Combine(home.Root, "telegram-status.json");

    /// <summary><paramref name="bot"/> null keeps the bot name already recorded.</summary>
    public static void Write(AgentHome home, string? bot, bool connected, string? error)
    {
        var previous = Read(home);
        var status = new JsonObject
        {
            ["connected"] = connected,
            ["bot"] = bot ?? previous?["bot"]?.GetValue<string>(),
            ["last_error"] = error ?? (connected ? null : previous?["last_error"]?.GetValue<string>()),
            ["updated_at"] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        };
        AtomicFile.WriteAllText(PathFor(home), status.ToJsonString(), OwnerOnly.File);
    }

    public static JsonObject? Read(AgentHome home)
    {
        try
        {
            return File.Exists(PathFor(home)) ? JsonNode.Parse(File.ReadAllText(PathFor(home))) as JsonObject : null;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
