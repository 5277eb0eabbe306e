using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Steward.Core.Homes;
using Steward.Core.Telegram;

namespace Steward.Daemon.Api;

/// <summary>/telegram/reply/{topic}: the same outbox telegram_send uses.</summary>
internal static class TelegramRoutes
{
    public static void Map(WebApplication app, Func<HomeServices> services)
    {
        app.MapPost("/telegram/reply/{topic}", async (string topic, HttpRequest request) =>
        {
            var body = await ApiJson.BodyAsync(request);
            var home = services();
            var (destination, parts) = new TelegramFrontDoor(home).Send(ApiJson.RequireText(body, "text"), topic, "api");
            var connected = TelegramStatusFile.Read(home.Home)?["connected"]?.GetValue<bool>() == true;
            return ApiJson.Result(202, new JsonObject { ["destination"] = destination, ["parts"] = parts, ["connected"] = connected });
        });
    }
}
