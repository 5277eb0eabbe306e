using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Steward.Core.Homes;
using Steward.Core.Memory;

namespace Steward.Daemon.Api;

/// <summary>/memory: the same MemoryStore the memory_* MCP tools use.</summary>
internal static class MemoryRoutes
{
    public static void Map(WebApplication app, Func<HomeServices> services)
    {
        app.MapGet("/memory/search", (string? q, string? topic, int? limit) =>
        {
            if (string.IsNullOrWhiteSpace(q))
            {
                throw new ApiError(400, "invalid_request", "Give what to look for in ?q=.");
            }
            var memory = services().Memory;
            var hits = memory.Search(new MemoryQuery(q, topic, null, MemoryLimits.Limit(limit)));
            memory.MarkUsed(hits.Select(h => h.Entry.Id));
            return ApiJson.Ok(new JsonObject { ["results"] = new JsonArray([.. hits.Select(h => (JsonNode)MemoryJson.Hit(h))]) });
        });

        app.MapPost("/memory", async (HttpRequest request) =>
        {
            var body = await ApiJson.BodyAsync(request);
            var entry = services().Memory.Remember(new MemoryDraft(ApiJson.RequireText(body, "text"), ApiJson.Text(body, "topic"), MemoryKind.Note, null, "local API", null));
            return ApiJson.Result(201, MemoryJson.Entry(entry));
        });
    }
}
