using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Steward.Core.Storage;
using Steward.Core.Threadline;
using Steward.Testing;

namespace Steward.Tests.Threadline;

/// <summary>
/// A local stand-in for an Instar agent's direct-HTTP Threadline surface, as Instar's
/// ThreadlineEndpoints serve it: health, the handshake (responder), no agent card (404), and
/// POST /threadline/messages/receive that authenticates the request and takes only a plaintext
/// {message: …} body (400 TL_INVALID_PAYLOAD "Missing required field: message" otherwise). It can
/// also send Instar's plaintext message to another agent.
/// </summary>
internal sealed class FakeInstarAgent : IAsyncDisposable
{
    public const string Name = "instar-bot";

    private readonly WebApplication _app;
    private readonly TempDirectory _home;
    private readonly List<JsonObject> _received = [];
    private readonly Lock _gate = new();

    private FakeInstarAgent(WebApplication app, TempDirectory home, ThreadlineIdentity identity, ThreadlineContacts contacts)
    {
        _app = app;
        _home = home;
        Identity = identity;
        Contacts = contacts;
    }

    public ThreadlineIdentity Identity { get; }

    public ThreadlineContacts Contacts { get; }

    public string BaseUrl { get; private set; } = "";

    /// <summary>The bodies of accepted messages.</summary>
    public IReadOnlyList<JsonObject> Received
    {
        get { lock (_gate) { return _received.ToList(); } }
    }

    /// <summary>How many receive requests were refused because they were not a plaintext message.</summary>
    public int RefusedNotPlaintext { get; private set; }

    public static async Task<FakeInstarAgent> StartAsync()
    {
        var home = new TempDirectory("instar");
        var database = new StewardDatabase(home.Combine("state.db"));
        var identity = ThreadlineIdentity.Create();
        var contacts = new ThreadlineContacts(database);
        var handshake = new ThreadlineHandshake(identity, Name, contacts);
        var authenticator = new RequestAuthenticator(contacts, new ReplayGuard(database));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var agent = new FakeInstarAgent(app, home, identity, contacts);
        app.MapGet("/threadline/health", () => Results.Json(new JsonObject
        {
            ["status"] = "ok", ["protocol"] = "threadline", ["version"] = "1.0", ["agent"] = Name, ["identityPub"] = Convert.ToHexStringLower(identity.PublicKey),
        }));
        app.MapPost("/threadline/handshake/hello", async (HttpRequest request) =>
        {
            var body = await ReadBody(request);
            return Answer(() => handshake.Respond(body));
        });
        app.MapPost("/threadline/handshake/confirm", async (HttpRequest request) =>
        {
            var body = await ReadBody(request);
            return Answer(() => handshake.Confirm(body));
        });
        app.MapPost(ThreadlineClient.ReceivePath, async (HttpRequest request) =>
        {
            var body = await ReadBody(request);
            var check = authenticator.Check("POST", request.Path.Value!, name => request.Headers[name].FirstOrDefault(), body);
            if (!check.Passed)
            {
                return Results.Json(Error(check.Code!, check.Message!), statusCode: check.Status);
            }
            if (body["message"] is not JsonObject message)
            {
                agent.RefusedNotPlaintext++;
                return Results.Json(Error("TL_INVALID_PAYLOAD", "Missing required field: message"), statusCode: 400);
            }
            lock (agent._gate)
            {
                agent._received.Add(message);
            }
            return Results.Json(new JsonObject { ["accepted"] = true, ["delivered"] = false, ["async"] = true, ["threadId"] = message["threadId"]?.DeepClone() });
        });
        await app.StartAsync();
        agent.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return agent;
    }

    /// <summary>Sends Instar's plaintext AgentMessage to <paramref name="url"/>, authenticated with the relay token of the handshake with <paramref name="peerName"/>.</summary>
    public async Task<HttpResponseMessage> SendPlaintextAsync(HttpClient http, string url, string peerName, string id, string text, string threadId)
    {
        var peer = Contacts.Require(peerName);
        var body = new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["id"] = id, ["threadId"] = threadId,
                ["from"] = new JsonObject { ["agent"] = Name, ["session"] = "s-1", ["machine"] = "m-1" },
                ["to"] = new JsonObject { ["agent"] = peerName, ["session"] = "best", ["machine"] = "local" },
                ["type"] = "query", ["priority"] = "medium", ["subject"] = "question", ["body"] = text,
                ["createdAt"] = UntrustedJson.IsoTimestamp(DateTimeOffset.UtcNow), ["ttlMinutes"] = 30,
            },
        };
        var timestamp = UntrustedJson.IsoTimestamp(DateTimeOffset.UtcNow);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(url), ThreadlineClient.ReceivePath))
        {
            Content = new StringContent(CanonicalJson.Stringify(body), Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in SignedRequest.Headers(Identity, Name, Contacts.RelayToken(peer.Fingerprint)!, "POST", ThreadlineClient.ReceivePath, Guid.NewGuid().ToString("N"), timestamp, body))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await http.SendAsync(request);
    }

    private static async Task<JsonObject> ReadBody(HttpRequest request) => (await request.ReadFromJsonAsync<JsonObject>())!;

    private static IResult Answer(Func<JsonObject> step)
    {
        try
        {
            return Results.Json(step());
        }
        catch (ThreadlineException e)
        {
            return Results.Json(Error(e.Code, e.Message), statusCode: 400);
        }
    }

    private static JsonObject Error(string code, string message) => new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["retryable"] = false } };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Identity.Dispose();
        _home.Dispose();
    }
}
