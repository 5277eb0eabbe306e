using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Steward.Core.Api;
using Steward.Core.Commands;
using Steward.Core.Homes;
using Steward.Core.Sessions;

namespace Steward.Daemon.Api;

/// <summary>/sessions: the same SessionRequests, queue and transcript the session_* MCP tools use.</summary>
internal static class SessionRoutes
{
    private const string Source = "local API";
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(20);

    public static void Map(WebApplication app, Func<HomeServices> services, ClientRateLimiter spawnLimiter)
    {
        app.MapGet("/sessions", (string? status) =>
        {
            var home = services();
            var filter = status is null ? (SessionStatus?)null : SessionStatusNames.Parse(status);
            return ApiJson.Ok(new JsonArray([.. home.Sessions.List(filter).Select(s => (JsonNode)SessionMessages.ToJson(s))]));
        });

        app.MapPost("/sessions/spawn", async (HttpRequest request) =>
        {
            var client = request.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (!spawnLimiter.TryAcquire(client))
            {
                throw new ApiError(429, "rate_limited", $"At most {spawnLimiter.PerMinute} spawns a minute per client; wait a minute.");
            }
            var body = await ApiJson.BodyAsync(request);
            var home = services();
            var (session, command) = home.SessionRequests.RequestSpawn(ApiJson.RequireText(body, "name"), ApiJson.RequireText(body, "prompt"), ApiJson.Text(body, "model"),
                null, null, Source, reason: null, home.Home.ProjectDirectory);
            var submission = await home.Submitter.SubmitAsync(command, CommandSubmitter.DefaultWait, request.HttpContext.RequestAborted);
            return Outcome(home, submission, session.Name, "spawn", 201);
        });

        app.MapGet("/sessions/{name}/output", (string name, int? lines) =>
        {
            var home = services();
            var session = Require(home, name);
            var items = TranscriptReader.LastItems(TranscriptFile.PathFor(home.Home, name), lines ?? 100);
            return ApiJson.Ok(new JsonObject { ["session"] = name, ["status"] = session.Status.ToDatabase(), ["output"] = string.Join("\n", items) });
        });

        app.MapPost("/sessions/{name}/input", async (string name, HttpRequest request) =>
        {
            var body = await ApiJson.BodyAsync(request);
            var home = services();
            Require(home, name);
            var command = home.SessionRequests.RequestSend(name, ApiJson.RequireText(body, "text"), Source);
            return Outcome(home, await home.Submitter.SubmitAsync(command, CommandSubmitter.DefaultWait, request.HttpContext.RequestAborted), name, "send", 200);
        });

        app.MapDelete("/sessions/{name}", async (string name, HttpRequest request) =>
        {
            var home = services();
            if (Require(home, name).Status.HasEnded())
            {
                throw new ApiError(409, "not_running", $"Session '{name}' has already ended; there is nothing to kill.");
            }
            var command = home.SessionRequests.RequestKill(name, Source);
            return Outcome(home, await home.Submitter.SubmitAsync(command, KillWait, request.HttpContext.RequestAborted), name, "kill", 200);
        });
    }

    private static SessionRecord Require(HomeServices home, string name) =>
        home.Sessions.Get(name) ?? throw ApiError.NotFound($"No session named '{name}'.");

    private static IResult Outcome(HomeServices home, CommandSubmission submission, string name, string action, int status)
    {
        var (text, isError) = SessionMessages.Outcome(submission, name, action);
        if (isError)
        {
            throw new ApiError(500, $"{action}_failed", text);
        }
        var json = home.Sessions.Get(name) is { } session ? SessionMessages.ToJson(session) : new JsonObject { ["name"] = name };
        json["message"] = text;
        return ApiJson.Result(status, json);
    }
}
