using System.Text.Json.Nodes;
using Steward.Core.Storage;
using Steward.Core.Threadline;
using Steward.Testing;

namespace Steward.Core.Tests.Threadline;

/// <summary>Signed direct-HTTP requests checked in Instar's order, with its statuses and codes.</summary>
public sealed class RequestAuthenticatorTests : IDisposable
{
    private const string Path = "/threadline/messages/receive";
    private const string Token = "060296d9979aef47de2e7bcab244b501fc6eacf386aabd5b5b15ecd8509b05b7";

    private readonly TestHome _home = new("bob");
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    private readonly ThreadlineIdentity _ada = ThreadlineIdentity.FromSeed(Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    private readonly RequestAuthenticator _authenticator;
    private readonly JsonObject _body = new() { ["message"] = new JsonObject { ["id"] = "x", ["body"] = "hello" } };

    public RequestAuthenticatorTests()
    {
        var database = new StewardDatabase(_home.Home.DatabasePath);
        var contacts = new ThreadlineContacts(database, _clock);
        contacts.Add("agent-a", null, _ada.PublicKey);
        contacts.SetRelayToken(_ada.Fingerprint, Token);
        _authenticator = new RequestAuthenticator(contacts, new ReplayGuard(database, _clock), _clock);
    }

    public void Dispose()
    {
        _ada.Dispose();
        _home.Dispose();
    }

    private Dictionary<string, string> Headers(string nonce = "n-1", string timestamp = "2026-01-02T03:04:05.000Z", JsonNode? body = null, string token = Token) =>
        new(SignedRequest.Headers(_ada, "agent-a", token, "POST", Path, nonce, timestamp, body ?? _body));

    private RequestCheck Check(Dictionary<string, string> headers, JsonNode? body = null, string path = Path) =>
        _authenticator.Check("POST", path, name => headers.TryGetValue(name, out var value) ? value : null, body ?? _body);

    [Fact]
    public void A_correctly_signed_request_passes_once()
    {
        var headers = Headers();

        var first = Check(headers);
        var replay = Check(headers);

        Assert.True(first.Passed);
        Assert.Equal("agent-a", first.Contact!.Name);
        Assert.Equal((401, "TL_REPLAY_DETECTED"), (replay.Status, replay.Code));
    }

    [Fact]
    public void Each_failure_gets_instars_status_and_code_and_burns_no_nonce()
    {
        var missing = Headers();
        missing.Remove("X-Threadline-Signature");
        Assert.Equal((401, "TL_AUTH_MISSING"), (Check(missing).Status, Check(missing).Code));
        Assert.Equal((403, "TL_AUTH_FAILED"), Outcome(Check(Headers(token: new string('0', 64)))));
        Assert.Equal((401, "TL_TIMESTAMP_EXPIRED"), Outcome(Check(Headers(timestamp: "2026-01-02T03:05:05.000Z"))));
        Assert.Equal((403, "TL_AUTH_FAILED"), Outcome(Check(Headers(), body: new JsonObject { ["message"] = "changed" })));
        Assert.Equal((403, "TL_AUTH_FAILED"), Outcome(Check(Headers(), path: "/threadline/threads/backfill")));

        Assert.True(Check(Headers()).Passed);
    }

    private static (int, string?) Outcome(RequestCheck check) => (check.Status, check.Code);
}
