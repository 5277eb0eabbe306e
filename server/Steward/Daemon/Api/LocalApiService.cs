using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Steward.Core;
using Steward.Core.Api;
using Steward.Core.Configuration;
using Steward.Core.Control;
using Steward.Core.Homes;
using Steward.Core.Json;
using Steward.Core.Net;

namespace Steward.Daemon.Api;

/// <summary>
/// The daemon's local REST API for scripts and other tools (Instar's session routes and more), on
/// Kestrel at api.listen (default 127.0.0.1:4040). Every route but /health needs the bearer token;
/// bound to loopback it answers only loopback Host names; bodies are capped at 1 MB; spawning is
/// limited per client; errors are {"error": {code, message}}. Each route is a thin adapter over the
/// Core service its MCP tool uses.
/// </summary>
internal sealed class LocalApiService(AgentHome home, DaemonInstance instance, ILogger<LocalApiService> logger) : BackgroundService
{
    public const int SpawnsPerMinute = 10;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var config = StewardConfig.Load(home.ConfigPath);
        var listen = config.ApiListen;
        if (listen == "off")
        {
            return;
        }
        ApiToken.Ensure(home);
        var token = new CurrentToken(home);
        await using var app = DaemonWebServer.Build(listen, ApiJson.MaxBodyBytes);
        var loopbackOnly = LoopbackAddress.IsLoopback(listen);
        app.Use(async (context, next) =>
        {
            try
            {
                if (loopbackOnly && !LoopbackAddress.IsLoopbackHost(context.Request.Host.Host))
                {
                    throw new ApiError(403, "forbidden_host", "This API listens on loopback and answers only requests addressed to localhost or a loopback address.");
                }
                if (context.Request.Path != "/health" && !ApiToken.Matches(Bearer(context.Request), token.Value))
                {
                    throw new ApiError(401, "unauthorized", "Send Authorization: Bearer <token> (`steward api token` prints it).");
                }
                await next(context);
            }
            catch (ApiError e)
            {
                await e.ToResult().ExecuteAsync(context);
            }
            catch (StewardException e)
            {
                await new ApiError(400, "invalid_request", e.Message).ToResult().ExecuteAsync(context);
            }
            catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
            {
                // The route, not the request, failed: say so in the API's shape and log what happened (never the headers).
                logger.LogError("Local API: {Method} {Path} failed: {Error}", context.Request.Method, context.Request.Path.Value, e.Message);
                await new ApiError(500, "internal_error", "The daemon could not do that; its log says why.").ToResult().ExecuteAsync(context);
            }
        });
        var services = () => new HomeServices(home);
        app.MapGet("/health", () => ApiJson.Ok(new JsonObject
        {
            ["status"] = "ok",
            ["version"] = StewardVersion.Current,
            ["uptime"] = Math.Round((DateTimeOffset.UtcNow - instance.StartedAt).TotalSeconds, 1),
        }));
        app.MapGet("/status", async (HttpRequest request) =>
            ApiJson.Ok(JsonSerializer.SerializeToNode(await HomeStatus.ReadAsync(home, request.HttpContext.RequestAborted), StewardJsonContext.Default.HomeStatus)));
        app.MapGet("/openapi.json", () => Results.Text(OpenApiDocument.Text, "application/json; charset=utf-8"));
        SessionRoutes.Map(app, services, new ClientRateLimiter(SpawnsPerMinute));
        JobRoutes.Map(app, services);
        MemoryRoutes.Map(app, services);
        TelegramRoutes.Map(app, services);
        app.MapFallback(() => new ApiError(404, "not_found", "No such route; GET /openapi.json lists them.").ToResult());
        await DaemonWebServer.ServeAsync(app, home, "api-endpoint", "Local API", "api.listen", logger, null, stoppingToken);
    }

    private static string? Bearer(HttpRequest request) =>
        request.Headers.Authorization.FirstOrDefault() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;

    /// <summary>The token as config.json holds it now (re-read when the file changes, so `steward api rotate` applies at once).</summary>
    private sealed class CurrentToken(AgentHome home)
    {
        private DateTime _readAt;
        private string _value = "";

        public string Value
        {
            get
            {
                var changed = File.GetLastWriteTimeUtc(home.ConfigPath);
                if (changed != _readAt)
                {
                    try
                    {
                        _value = StewardConfig.Load(home.ConfigPath).ApiToken ?? "";
                        _readAt = changed;
                    }
                    catch (StewardException)
                    {
                        // Mid-edit: keep the token we had.
                    }
                }
                return _value;
            }
        }
    }
}
