using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Steward.Core.Homes;
using Steward.Core.Scheduling;

namespace Steward.Daemon.Api;

/// <summary>/jobs: the same JobRequests the schedule_* MCP tools use.</summary>
internal static class JobRoutes
{
    public static void Map(WebApplication app, Func<HomeServices> services)
    {
        app.MapGet("/jobs", () => ApiJson.Ok(new JsonArray([.. services().Jobs.List().Select(l => (JsonNode)SchedulingMessages.ToJson(l))])));

        app.MapPost("/jobs/{name}/run", (string name) =>
        {
            var jobs = Require(services(), name);
            return ApiJson.Result(202, SchedulingMessages.ToJson(jobs.RunNow(name)));
        });

        app.MapGet("/jobs/{name}/runs", (string name, int? limit) =>
        {
            var jobs = Require(services(), name);
            return ApiJson.Ok(new JsonArray([.. jobs.History(name, limit ?? 20).Select(r => (JsonNode)SchedulingMessages.ToJson(r))]));
        });
    }

    private static JobRequests Require(HomeServices home, string name)
    {
        var jobs = home.Jobs;
        return jobs.Exists(name) ? jobs : throw ApiError.NotFound($"No job named '{name}'.");
    }
}
