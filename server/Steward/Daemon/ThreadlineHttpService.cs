using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Steward.Core;
using Steward.Core.Homes;
using Steward.Core.Threadline;

namespace Steward.Daemon;

/// <summary>
/// Threadline's direct-HTTP endpoints on Kestrel (threadline.listen, loopback by default): health,
/// the signed agent card, the handshake (hello, confirm) and authenticated message receipt (a
/// sealed envelope, or Instar's plaintext message from an instar_compat contact). Bound to
/// loopback, it answers only requests addressed to a loopback host name, so a web page cannot
/// reach it through DNS rebinding. Thin: every decision is made by Core's ThreadlineHandshake,
/// RequestAuthenticator and ThreadlineInbox.
/// </summary>
internal sealed class ThreadlineHttpService(ThreadlineRuntime runtime, DaemonWakeSignal wake, ILogger<ThreadlineHttpService> logger) : BackgroundService
{
    public const long MaxBodyBytes = 256 * 1024;
    private const string ResponseType = "application/threadline+json; charset=utf-8; version=1.0";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var home = runtime.Home;
        var services = new HomeServices(home);
        var listen = services.Config.ThreadlineListen;
        if (listen == "off" || runtime.Identity is not { } identity)
        {
            return;
        }
        var contacts = new ThreadlineContacts(services.Database);
        var handshake = new ThreadlineHandshake(identity, services.Config.Name, contacts);
        var authenticator = new RequestAuthenticator(contacts, new ReplayGuard(services.Database));
        var inbox = new ThreadlineInbox(services.Database, identity, new SenderRateLimiter());

        await using var app = DaemonWebServer.Build(listen, MaxBodyBytes);
        if (Core.Net.LoopbackAddress.IsLoopback(listen))
        {
            app.Use(async (context, next) =>
            {
                if (!Core.Net.LoopbackAddress.IsLoopbackHost(context.Request.Host.Host))
                {
                    await Error(new ThreadlineException("TL_AUTH_FAILED", "This agent listens on loopback and answers only requests addressed to localhost or a loopback address.")).ExecuteAsync(context);
                    return;
                }
                await next(context);
            });
        }
        app.MapGet("/threadline/health", () => Json(200, new JsonObject
        {
            ["status"] = "ok",
            ["protocol"] = "threadline",
            ["version"] = "1.0",
            ["agent"] = services.Config.Name,
            ["identityPub"] = Convert.ToHexStringLower(identity.PublicKey),
            ["fingerprint"] = identity.Fingerprint,
            ["pairedAgents"] = contacts.List().Count,
            ["timestamp"] = UntrustedJson.IsoTimestamp(DateTimeOffset.UtcNow),
        }));
        // The card's URL is never taken from the request's Host header: the card is signed, and a
        // caller must not get our signature on an address of its choosing.
        string? cardUrl = services.Config.ThreadlinePublicUrl?.TrimEnd('/');
        app.MapGet(AgentCard.Path, (HttpRequest request) =>
        {
            var card = AgentCard.Build(identity, services.Config.Name, cardUrl ?? "");
            request.HttpContext.Response.Headers[AgentCard.SignatureHeader] = AgentCard.Sign(identity, card);
            return Results.Text(card.ToJsonString(), "application/json; charset=utf-8", System.Text.Encoding.UTF8, 200);
        });
        // Handlers take HttpRequest, not HttpContext: a (HttpContext) => Task lambda is a RequestDelegate and its IResult would be dropped.
        app.MapPost("/threadline/handshake/hello", (HttpRequest request) => Handle(request.HttpContext, body => handshake.Respond(body)));
        app.MapPost("/threadline/handshake/confirm", (HttpRequest request) => Handle(request.HttpContext, body => handshake.Confirm(body)));
        app.MapPost("/threadline/messages/receive", (HttpRequest request) => Handle(request.HttpContext, body =>
        {
            var context = request.HttpContext;
            var check = authenticator.Check("POST", context.Request.Path.Value ?? "", name => context.Request.Headers[name].FirstOrDefault(), body);
            if (!check.Passed)
            {
                throw new ThreadlineException(check.Code!, check.Message!);
            }
            var message = (body["envelope"], body["message"]) switch
            {
                (JsonObject envelope, _) => inbox.Receive(envelope, check.Contact),
                (null, JsonObject plaintext) => inbox.ReceivePlaintext(check.Contact!, plaintext),
                _ => throw new ThreadlineException("TL_INVALID_PAYLOAD", "The body must be {\"envelope\": <sealed envelope>} (or Instar's {\"message\": …} from an instar_compat contact)."),
            };
            var accepted = new JsonObject { ["accepted"] = true, ["delivered"] = false, ["async"] = true, ["threadId"] = message.ThreadId };
            if (message.IsProbe)
            {
                logger.LogInformation("Threadline: {Operation} from {Agent}", message.Operation, message.Sender.Name);
                return accepted;
            }
            ThreadlineHandOff.ToSession(services, message, "direct HTTP", wake, logger);
            return accepted;
        }));
        logger.LogInformation("Threadline: identity {Fingerprint}", identity.Fingerprint);
        await DaemonWebServer.ServeAsync(app, home, "threadline-endpoint", "Threadline", "threadline.listen", logger, address => cardUrl ??= address, stoppingToken);
    }

    private static async Task<IResult> Handle(HttpContext context, Func<JsonObject, JsonObject> handler)
    {
        JsonObject body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject
                ?? throw new ThreadlineException("TL_INVALID_PAYLOAD", "The body must be a JSON object.");
            return Json(200, handler(body));
        }
        catch (System.Text.Json.JsonException)
        {
            return Error(new ThreadlineException("TL_INVALID_PAYLOAD", "The body is not valid JSON."));
        }
        catch (ThreadlineException e)
        {
            return Error(e);
        }
        catch (BadHttpRequestException)
        {
            return Error(new ThreadlineException("TL_INVALID_PAYLOAD", $"The body is larger than {MaxBodyBytes / 1024} KB."));
        }
    }

    private static IResult Error(ThreadlineException e)
    {
        var (status, retryable) = e.Code switch
        {
            "TL_AUTH_MISSING" or "TL_TIMESTAMP_EXPIRED" or "TL_REPLAY_DETECTED" => (401, e.Code == "TL_TIMESTAMP_EXPIRED"),
            "TL_AUTH_FAILED" or "forbidden" or "unknown_sender" or "invalid_signature" => (403, false),
            "TL_RATE_LIMITED" or "rate_limited" => (429, true),
            "TL_HANDSHAKE_TIMEOUT" => (408, true),
            "payload_too_large" => (413, false),
            _ => (400, false),
        };
        var error = new JsonObject { ["code"] = e.Code, ["message"] = e.Message, ["retryable"] = retryable };
        if (status == 429)
        {
            error["retryAfterSeconds"] = 60;
        }
        return Json(status, new JsonObject { ["error"] = error });
    }

    private static IResult Json(int status, JsonObject body) => Results.Text(body.ToJsonString(), ResponseType, System.Text.Encoding.UTF8, status);
}
