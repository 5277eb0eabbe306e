using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Steward.Core.Storage;
using Steward.Core.Threadline;
using Steward.Testing;

namespace Steward.Core.Tests.Threadline;

/// <summary>The outbound queue: what it refuses up front, claims, backoff, giving up, and how each answer of a real HTTP peer is classified.</summary>
public sealed class ThreadlineOutboxTests : IDisposable
{
    private readonly TestHome _home = new("Ada");
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly ThreadlineIdentity _self;
    private readonly ThreadlineIdentity _bob = ThreadlineIdentity.FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private readonly StewardDatabase _database;
    private readonly ThreadlineContacts _contacts;
    private readonly ThreadlineOutbox _outbox;

    public ThreadlineOutboxTests()
    {
        _self = ThreadlineKeyFile.Load(_home.Home);
        _database = new StewardDatabase(_home.Home.DatabasePath);
        _contacts = new ThreadlineContacts(_database, _clock);
        _outbox = new ThreadlineOutbox(_database, _clock);
    }

    public void Dispose()
    {
        _self.Dispose();
        _bob.Dispose();
        _home.Dispose();
    }

    private ThreadlineContact Bob(string url = "http://127.0.0.1:9/")
    {
        var bob = _contacts.Add("bob", url, _bob.PublicKey);
        _contacts.SetRelayToken(bob.Fingerprint, new string('a', 64));
        return _contacts.Require("bob");
    }

    private List<ThreadlineMessage> History() => new ThreadlineMessages(_database).History(null, _bob.Fingerprint, 100).ToList();

    [Fact]
    public void The_queue_is_bounded_per_contact_and_a_relay_contact_without_keys_is_refused_until_it_introduces_itself()
    {
        var bob = Bob();
        for (var i = 0; i < ThreadlineOutbox.MaxPendingPerContact; i++)
        {
            _outbox.Enqueue(bob, $"message {i}", "t");
        }
        Assert.Equal(ThreadlineOutbox.MaxPendingPerContact, _outbox.Pending(bob.Fingerprint));
        var full = Assert.Throws<StewardException>(() => _outbox.Enqueue(bob, "one too many", "t"));
        Assert.Contains("1,000 messages already wait", full.Message, StringComparison.Ordinal);

        using var carol = ThreadlineIdentity.FromSeed(Enumerable.Range(50, 32).Select(i => (byte)i).ToArray());
        var keyless = _contacts.AddFromRelay(carol.Fingerprint, "carol", TrustLevel.Untrusted, instarCompat: false, "added by the owner from the relay");
        Assert.Contains("not introduced its keys", Assert.Throws<StewardException>(() => _outbox.Enqueue(keyless, "hi", null)).Message, StringComparison.Ordinal);
        Assert.Equal(0, _outbox.Pending(carol.Fingerprint));
        Assert.Equal(ThreadlineOutbox.MaxPendingPerContact, _outbox.Pending());
    }

    [Fact]
    public void What_could_never_be_delivered_is_refused_up_front_and_nothing_is_stored()
    {
        var unpaired = _contacts.Add("bob", "http://127.0.0.1:9/", _bob.PublicKey);
        Assert.Contains("handshake", Assert.Throws<StewardException>(() => _outbox.Enqueue(unpaired, "hi", null)).Message, StringComparison.Ordinal);
        var bob = Bob();
        Assert.Throws<StewardException>(() => _outbox.Enqueue(bob, "  ", null));
        Assert.Throws<StewardException>(() => _outbox.Enqueue(bob, new string('x', ThreadlineOutbox.MaxSealedTextBytes + 1), null));
        Assert.Throws<StewardException>(() => _outbox.Enqueue(bob, "hi", "bad\nthread"));
        var instar = _contacts.SetInstarCompat("bob", true, confirmed: true, "owner");
        var tooLong = Assert.Throws<StewardException>(() => _outbox.Enqueue(instar, new string('x', ThreadlineOutbox.MaxInstarBodyChars + 1), null));
        Assert.Contains("Instar", tooLong.Message, StringComparison.Ordinal);

        Assert.Empty(History());
        Assert.False(_outbox.Enqueue(instar, new string('x', ThreadlineOutbox.MaxInstarBodyChars), null).Sealed);
    }

    [Fact]
    public void A_claimed_message_is_held_by_one_sender_until_its_lease_runs_out()
    {
        var queued = _outbox.Enqueue(Bob(), "hello", null);

        var first = _outbox.Claim(queued.Id);
        Assert.NotNull(first);
        Assert.Equal(1, first.Attempts);
        Assert.Null(_outbox.Claim(queued.Id));
        Assert.Empty(_outbox.ClaimDue(10));

        // A sender that died mid-send: after the lease another one takes over.
        _clock.Advance(ThreadlineOutbox.Lease);
        var second = Assert.Single(_outbox.ClaimDue(10));
        Assert.Equal((queued.MessageId, 2), (second.MessageId, second.Attempts));
        _outbox.Delivered(second.Id);
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Empty(_outbox.ClaimDue(10));
        Assert.Equal(0, _outbox.Pending());
    }

    [Fact]
    public void Transient_failures_back_off_ten_thirty_ninety_seconds_and_fail_after_a_day()
    {
        var queued = _outbox.Enqueue(Bob(), "hello", null);
        var start = _clock.GetUtcNow();
        var waits = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var message = Assert.Single(_outbox.ClaimDue(10));
            var next = _outbox.Retry(message, "503", null)!.Value;
            waits.Add((next - _clock.GetUtcNow()).TotalSeconds);
            Assert.Empty(_outbox.ClaimDue(10));
            _clock.Set(next);
        }
        Assert.Equal([10, 30, 90], waits);

        // A peer's retryAfterSeconds longer than the backoff wins.
        var slow = Assert.Single(_outbox.ClaimDue(10));
        Assert.Equal(_clock.GetUtcNow().AddSeconds(600), _outbox.Retry(slow, "429", TimeSpan.FromSeconds(600)));

        _clock.Set(start + ThreadlineOutbox.GiveUpAfter);
        var last = Assert.Single(_outbox.ClaimDue(10));
        Assert.Null(_outbox.Retry(last, "connection refused", null));
        var failed = Assert.Single(History());
        Assert.Equal("failed", failed.Status);
        Assert.Contains("gave up after 24 h; last error: connection refused", failed.DeliveryState, StringComparison.Ordinal);
        Assert.Equal(queued.MessageId, failed.MessageId);
    }

    [Theory]
    [InlineData(200, "{\"accepted\": true}", SendStatus.Delivered)]
    [InlineData(400, "{\"error\": {\"code\": \"replay\", \"message\": \"already received\"}}", SendStatus.Delivered)]
    [InlineData(503, "{\"error\": {\"code\": \"TL_INTERNAL_ERROR\", \"message\": \"busy\"}}", SendStatus.Queued)]
    [InlineData(429, "{\"error\": {\"code\": \"rate_limited\", \"message\": \"slow down\", \"retryAfterSeconds\": 120}}", SendStatus.Queued)]
    [InlineData(401, "{\"error\": {\"code\": \"TL_TIMESTAMP_EXPIRED\", \"message\": \"clock\"}}", SendStatus.Queued)]
    [InlineData(403, "{\"error\": {\"code\": \"forbidden\", \"message\": \"untrusted\"}}", SendStatus.Failed)]
    [InlineData(403, "{\"error\": {\"code\": 7, \"message\": [\"not a string\"]}}", SendStatus.Failed)]
    [InlineData(400, "not json at all", SendStatus.Failed)]
    public async Task Each_answer_of_a_real_HTTP_peer_is_classified(int status, string answer, SendStatus expected)
    {
        using var peer = new RecordingPeer(status, answer);
        var bob = Bob(peer.Url);
        using var http = new HttpClient();
        var client = new ThreadlineClient(http, _database, _self, "Ada", _clock);

        var result = await client.SendAsync("bob", "hello Bob", "t-1", CancellationToken.None);

        Assert.Equal(expected, result.Status);
        Assert.Equal(expected == SendStatus.Failed ? "failed" : expected == SendStatus.Queued ? "queued" : "delivered", Assert.Single(History()).Status);
        if (status == 429)
        {
            Assert.Equal(_clock.GetUtcNow().AddSeconds(120), result.NextAttemptAt);
        }
        // What went over the wire: a sealed envelope from us to Bob, in a request signed by us.
        var request = Assert.Single(peer.Requests);
        Assert.Equal("Ada", request.Headers["X-Threadline-Agent"]);
        var envelope = JsonNode.Parse(request.Body)!["envelope"]!.AsObject();
        Assert.Equal((_self.Fingerprint, bob.Fingerprint, "t-1", result.MessageId), (envelope["from"]!.GetValue<string>(), envelope["to"]!.GetValue<string>(), envelope["threadId"]!.GetValue<string>(), envelope["messageId"]!.GetValue<string>()));
        Assert.True(SignedRequest.Verify(request.Headers["X-Threadline-Signature"]!, _self.PublicKey, "POST", ThreadlineClient.ReceivePath, request.Headers["X-Threadline-Nonce"]!, request.Headers["X-Threadline-Timestamp"]!, JsonNode.Parse(request.Body)));
        Assert.DoesNotContain("hello Bob", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_peer_leaves_the_message_queued_and_a_retry_reuses_its_message_id()
    {
        var port = FreePort();
        Bob($"http://127.0.0.1:{port}/");
        using var http = new HttpClient();
        var client = new ThreadlineClient(http, _database, _self, "Ada", _clock);

        var result = await client.SendAsync("bob", "are you there?", null, CancellationToken.None);
        Assert.Equal(SendStatus.Queued, result.Status);
        Assert.Contains("cannot reach", result.Error, StringComparison.Ordinal);
        Assert.Empty(await client.DeliverDueAsync(10, CancellationToken.None)); // not due yet

        using var peer = new RecordingPeer(200, "{\"accepted\": true}", port);
        _clock.Advance(TimeSpan.FromSeconds(10));
        var retried = Assert.Single(await client.DeliverDueAsync(10, CancellationToken.None));

        Assert.Equal(SendStatus.Delivered, retried.Status);
        Assert.Equal(result.MessageId, JsonNode.Parse(Assert.Single(peer.Requests).Body)!["envelope"]!["messageId"]!.GetValue<string>());
        Assert.Equal("delivered", Assert.Single(History()).Status);
    }

    [Fact]
    public async Task An_instar_compat_contact_gets_Instars_plaintext_message_and_the_result_says_so()
    {
        using var peer = new RecordingPeer(200, "{\"accepted\": true, \"delivered\": false, \"async\": true}");
        Bob(peer.Url);
        _contacts.SetInstarCompat("bob", true, confirmed: true, "owner");
        using var http = new HttpClient();

        var result = await new ThreadlineClient(http, _database, _self, "Ada", _clock).SendAsync("bob", "plain words", "t-9", CancellationToken.None);

        Assert.Equal((SendStatus.Delivered, false), (result.Status, result.Sealed));
        var message = JsonNode.Parse(Assert.Single(peer.Requests).Body)!["message"]!;
        Assert.Equal(("plain words", "t-9", "Ada", "bob", result.MessageId), (message["body"]!.GetValue<string>(), message["threadId"]!.GetValue<string>(),
            message["from"]!["agent"]!.GetValue<string>(), message["to"]!["agent"]!.GetValue<string>(), message["id"]!.GetValue<string>()));
        Assert.Equal("delivered, not sealed", Assert.Single(History()).DeliveryState);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A real HTTP server (HttpListener) that records each request and answers with one fixed status and body.</summary>
    private sealed class RecordingPeer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public RecordingPeer(int status, string answer, int? port = null)
        {
            var chosen = port ?? FreePort();
            Url = $"http://127.0.0.1:{chosen}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _loop = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                    {
                        return;
                    }
                    using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                    var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k], StringComparer.OrdinalIgnoreCase);
                    Requests.Add((await reader.ReadToEndAsync(), headers));
                    context.Response.StatusCode = status;
                    var bytes = Encoding.UTF8.GetBytes(answer);
                    await context.Response.OutputStream.WriteAsync(bytes);
                    context.Response.Close();
                }
            });
        }

        public string Url { get; }

        public System.Collections.Concurrent.ConcurrentBag<(string Body, Dictionary<string, string?> Headers)> Requests { get; } = [];

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
