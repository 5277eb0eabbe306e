using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Steward.Core.Crypto;
using Steward.Core.Storage;
using Steward.Core.Threadline.Relay;

namespace Steward.Core.Threadline;

/// <summary>Where a message stands after a send: delivered, queued for the daemon to retry, held by the relay for an offline recipient, or failed for good.</summary>
public enum SendStatus
{
    Delivered,
    Queued,
    Failed,
    HeldByRelay,
}

/// <summary>A send's outcome; <see cref="Sealed"/> false means the text went in Instar's plaintext form (an instar_compat contact).</summary>
public sealed record SendResult(string To, string ThreadId, string MessageId, SendStatus Status, bool Sealed, string? Error, DateTimeOffset? NextAttemptAt);

/// <summary>
/// The initiating side of direct HTTP: add a contact by URL (health and agent card, then the
/// handshake, which pins the key the peer proves it holds — and refuses if that is not the key
/// its health or signed card claims), and deliver queued messages as authenticated requests.
/// Steward peers get sealed envelopes; only a contact the owner marked instar_compat gets
/// Instar's plaintext message body, and the result says so. Never a silent downgrade.
/// A contact without a URL (met over the relay) is reached through <see cref="Relay"/>, the same
/// way: sealed when its keys are pinned, Instar's plaintext relay envelope only if instar_compat.
/// </summary>
public sealed class ThreadlineClient(HttpClient http, StewardDatabase database, ThreadlineIdentity self, string selfName, TimeProvider? timeProvider = null)
{
    public const string ReceivePath = "/threadline/messages/receive";
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(15);

    /// <summary>How long a send from outside the daemon waits for the daemon's relay connection to take a relay contact's message.</summary>
    public static readonly TimeSpan RelayHandOffWait = TimeSpan.FromSeconds(8);

    /// <summary>The daemon's relay connection; null in the MCP server and CLI, which leave relay messages to the daemon.</summary>
    public RelayLink? Relay { get; init; }

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly ThreadlineContacts _contacts = new(database, timeProvider);
    private readonly ThreadlineOutbox _outbox = new(database, timeProvider);

    public async Task<ThreadlineContact> AddContactAsync(string url, CancellationToken cancellationToken)
    {
        var baseUrl = NormalizeUrl(url);
        var health = await GetJsonAsync(new Uri(baseUrl, "/threadline/health"), cancellationToken)
            ?? throw new StewardException($"{baseUrl} has no /threadline/health: is it a Threadline agent's URL?");
        var name = UntrustedJson.Text(health["agent"]) ?? throw new StewardException($"{baseUrl} did not answer like a Threadline agent (no \"agent\" in /threadline/health).");
        var claimed = await ClaimedKeyAsync(baseUrl, health, cancellationToken);
        var handshake = new ThreadlineHandshake(self, selfName, _contacts, _time);
        var response = await PostJsonAsync(new Uri(baseUrl, "/threadline/handshake/hello"), handshake.Hello(name), null, cancellationToken);
        JsonObject confirm;
        try
        {
            confirm = handshake.Finish(name, response, claimed);
        }
        catch (ThreadlineException e)
        {
            throw new StewardException($"The handshake with {baseUrl} failed: {e.Message}");
        }
        await PostJsonAsync(new Uri(baseUrl, "/threadline/handshake/confirm"), confirm, null, cancellationToken);
        var contact = _contacts.Require(name);
        _contacts.SetUrl(contact.Fingerprint, baseUrl.ToString());
        return _contacts.Require(name);
    }

    /// <summary>How long adding an agent found on the relay waits for its introduction in return.</summary>
    public static readonly TimeSpan IntroductionWait = TimeSpan.FromSeconds(10);

    /// <summary>Agents the relay lists (discover), marked when they are contacts already.</summary>
    public async Task<IReadOnlyList<(RelayAgent Agent, ThreadlineContact? Contact)>> DiscoverAsync(string? capability, string? name, CancellationToken cancellationToken)
    {
        var relay = Relay ?? throw new StewardException("Only the daemon talks to the relay.");
        var agents = await relay.DiscoverAsync(capability, name, cancellationToken);
        return agents.Where(a => a.AgentId != self.Fingerprint).Select(a => (a, _contacts.FindByFingerprint(a.AgentId))).ToList();
    }

    /// <summary>
    /// Adds an agent found on the relay by its id, at the starting trust, and introduces this
    /// agent's key to it; a Steward agent answers with its own key, which is pinned (the relay
    /// authenticated its fingerprint, the key's prefix). Returns the contact as it stands after up
    /// to <see cref="IntroductionWait"/>: keyless if the agent is offline or does not speak Steward's
    /// introduction (an Instar agent: mark it instar_compat to send it plaintext).
    /// </summary>
    public async Task<(ThreadlineContact Contact, string Introduction)> AddRelayContactAsync(string agentId, string? name, CancellationToken cancellationToken)
    {
        var relay = Relay ?? throw new StewardException("Only the daemon talks to the relay.");
        agentId = agentId.Trim().ToLowerInvariant();
        if (agentId == self.Fingerprint)
        {
            throw new StewardException("That is this agent's own id.");
        }
        var contact = _contacts.AddFromRelay(agentId, name, ThreadlineContacts.StartingTrust, instarCompat: false, "added by the owner from the relay");
        if (contact.HasKeys)
        {
            return (contact, "already known: its key is pinned");
        }
        var ack = await relay.SendAsync(RelayEnvelopes.Introduction(self, selfName, agentId, reply: false, _time.GetUtcNow()), cancellationToken)
            ?? throw new StewardException($"Added \"{contact.Name}\", but the introduction was not sent: {RelayLink.Describe(relay.State)}. Add it again once the relay is connected.");
        if (ack.Status == "rejected")
        {
            return (contact, $"the relay refused the introduction: {ack.Reason}");
        }
        var deadline = _time.GetUtcNow() + IntroductionWait;
        while (_time.GetUtcNow() < deadline)
        {
            contact = _contacts.Require(agentId);
            if (contact.HasKeys)
            {
                return (contact, "it answered: its key is pinned");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), _time, cancellationToken);
        }
        return (contact, ack.Status == "queued"
            ? "it is offline; the relay holds the introduction and its key is pinned when it answers"
            : "no answer yet; its key is pinned when it answers (an Instar agent never does: mark it instar_compat to send it plaintext)");
    }

    /// <summary>Queues the message, then tries it once at once; a transient failure leaves it queued for the daemon.</summary>
    public async Task<SendResult> SendAsync(string contactName, string text, string? threadId, CancellationToken cancellationToken)
    {
        var contact = _contacts.Require(contactName);
        var queued = _outbox.Enqueue(contact, text, threadId);
        if (contact.ViaRelay && Relay is null)
        {
            return await AwaitDaemonAsync(contact, queued, cancellationToken);
        }
        var claimed = _outbox.Claim(queued.Id);
        if (claimed is null)
        {
            // The daemon's loop took it between the two statements; it is in good hands.
            return new SendResult(contact.Name, queued.ThreadId, queued.MessageId, SendStatus.Queued, queued.Sealed, null, null);
        }
        return await DeliverAsync(claimed, cancellationToken);
    }

    /// <summary>Only the daemon holds the relay connection: watch the queued message until it takes it (or the wait ends).</summary>
    private async Task<SendResult> AwaitDaemonAsync(ThreadlineContact contact, OutboundMessage queued, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + RelayHandOffWait;
        while (true)
        {
            var (status, error, next) = _outbox.StatusOf(queued.Id);
            var settled = status switch
            {
                "delivered" => SendStatus.Delivered,
                "relayed" => SendStatus.HeldByRelay,
                "failed" or "expired" => SendStatus.Failed,
                _ => (SendStatus?)null,
            };
            if (settled is { } result)
            {
                return new SendResult(contact.Name, queued.ThreadId, queued.MessageId, result, queued.Sealed, error, null);
            }
            if (_time.GetUtcNow() >= deadline)
            {
                return new SendResult(contact.Name, queued.ThreadId, queued.MessageId, SendStatus.Queued, queued.Sealed,
                    error ?? "waiting for the daemon's relay connection (is the daemon running and the relay enabled? see threadline_identity)", next);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), _time, cancellationToken);
        }
    }

    /// <summary>The daemon's retry loop: delivers what is due, one message at a time per contact (so a thread stays in order), contacts in parallel.</summary>
    public async Task<IReadOnlyList<SendResult>> DeliverDueAsync(int max, CancellationToken cancellationToken)
    {
        var due = _outbox.ClaimDue(max);
        var results = await Task.WhenAll(due.GroupBy(m => m.Peer).Select(async messages =>
        {
            var sent = new List<SendResult>();
            foreach (var message in messages)
            {
                sent.Add(await DeliverAsync(message, cancellationToken));
            }
            return sent;
        }));
        return results.SelectMany(r => r).ToList();
    }

    private async Task<SendResult> DeliverAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var contact = _contacts.Find(message.Peer);
        var (status, error, retryAfter) = contact is null
            ? (SendStatus.Failed, "the contact was removed", null)
            : await AttemptAsync(contact, message, cancellationToken);
        var to = contact?.Name ?? message.Peer;
        if (status == SendStatus.Delivered)
        {
            _outbox.Delivered(message.Id);
            return new SendResult(to, message.ThreadId, message.MessageId, status, message.Sealed, null, null);
        }
        if (status == SendStatus.HeldByRelay)
        {
            _outbox.HeldByRelay(message.Id, error);
            return new SendResult(to, message.ThreadId, message.MessageId, status, message.Sealed, error, null);
        }
        if (status == SendStatus.Queued)
        {
            return _outbox.Retry(message, error!, retryAfter) is { } next
                ? new SendResult(to, message.ThreadId, message.MessageId, status, message.Sealed, error, next)
                : new SendResult(to, message.ThreadId, message.MessageId, SendStatus.Failed, message.Sealed, $"gave up after {ThreadlineOutbox.GiveUpAfter.TotalHours:0} h; last error: {error}", null);
        }
        _outbox.Failed(message.Id, error!);
        return new SendResult(to, message.ThreadId, message.MessageId, status, message.Sealed, error, null);
    }

    private async Task<(SendStatus Status, string? Error, TimeSpan? RetryAfter)> AttemptAsync(ThreadlineContact contact, OutboundMessage message, CancellationToken cancellationToken)
    {
        if (contact.ViaRelay)
        {
            return await AttemptRelayAsync(contact, message, cancellationToken);
        }
        var token = _contacts.RelayToken(contact.Fingerprint);
        if (token is null || contact.Url is null)
        {
            return (SendStatus.Failed, $"no handshake with \"{contact.Name}\" (add it again with its URL)", null);
        }
        if (!message.Sealed && !contact.InstarCompat)
        {
            return (SendStatus.Failed, $"\"{contact.Name}\" is no longer marked instar_compat; the plaintext message was not sent", null);
        }
        var body = message.Sealed ? SealedBody(contact, message) : InstarBody(contact, message);
        var nonce = Convert.ToHexStringLower(Sodium.RandomBytes(16));
        var timestamp = UntrustedJson.IsoTimestamp(_time.GetUtcNow());
        var headers = SignedRequest.Headers(self, selfName, token, "POST", ReceivePath, nonce, timestamp, body);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AttemptTimeout);
        try
        {
            var (statusCode, json) = await PostAsync(new Uri(new Uri(contact.Url), ReceivePath), body, headers, timeout.Token);
            if ((int)statusCode is >= 200 and < 300)
            {
                return (SendStatus.Delivered, null, null);
            }
            var code = UntrustedJson.Text(json?["error"]?["code"]);
            var error = $"{(int)statusCode} {code}: {UntrustedJson.Text(json?["error"]?["message"]) ?? statusCode.ToString()}";
            var retryAfter = json?["error"]?["retryAfterSeconds"] is JsonValue seconds && seconds.TryGetValue<double>(out var s) ? TimeSpan.FromSeconds(Math.Clamp(s, 1, 3600)) : (TimeSpan?)null;
            return code == "replay"
                // An earlier try reached the peer and only its answer was lost: the message is there once.
                ? (SendStatus.Delivered, null, null)
                : Transient(statusCode, code) ? (SendStatus.Queued, error, retryAfter) : (SendStatus.Failed, error, null);
        }
        catch (HttpRequestException e)
        {
            return (SendStatus.Queued, $"cannot reach {contact.Url}: {e.HttpRequestError}", null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (SendStatus.Queued, $"no answer from {contact.Url} within {AttemptTimeout.TotalSeconds:0} s", null);
        }
    }

    private async Task<(SendStatus Status, string? Error, TimeSpan? RetryAfter)> AttemptRelayAsync(ThreadlineContact contact, OutboundMessage message, CancellationToken cancellationToken)
    {
        if (message.Sealed ? !contact.HasKeys : !contact.InstarCompat)
        {
            return (SendStatus.Failed, message.Sealed
                ? $"\"{contact.Name}\" has no pinned keys; nothing was sent"
                : $"\"{contact.Name}\" is no longer marked instar_compat; the plaintext message was not sent", null);
        }
        if (Relay is null || !Relay.IsConnected)
        {
            return (SendStatus.Queued, $"not connected to the relay ({RelayLink.Describe(Relay?.State ?? new RelayState(RelayState.Off, null, _time.GetUtcNow()))})", null);
        }
        var envelope = message.Sealed
            ? SealedEnvelope.Seal(self, contact.Fingerprint, contact.X25519Public, message.ThreadId, new JsonObject { ["content"] = message.Text, ["type"] = "message" }, SealInputs.Fresh(_time) with { MessageId = message.MessageId })
            : RelayEnvelopes.Plaintext(self.Fingerprint, contact.Fingerprint, message.ThreadId, message.MessageId, message.Text, _time.GetUtcNow());
        RelayAck? ack;
        try
        {
            ack = await Relay.SendAsync(envelope, cancellationToken);
        }
        catch (StewardException e)
        {
            return (SendStatus.Queued, e.Message, null);
        }
        return ack switch
        {
            null => (SendStatus.Queued, "the relay connection dropped", null),
            { Status: "delivered" } => (SendStatus.Delivered, null, null),
            { Status: "queued" } => (SendStatus.HeldByRelay, null, null),
            // A copy sent before (whose ack was lost) is already with the relay.
            { Reason: { } reason } when reason.Contains("replay", StringComparison.OrdinalIgnoreCase) => (SendStatus.HeldByRelay, null, null),
            { Reason: { } reason } when reason.Contains("rate", StringComparison.OrdinalIgnoreCase) => (SendStatus.Queued, $"the relay is rate limiting: {reason}", TimeSpan.FromSeconds(60)),
            _ => (SendStatus.Failed, $"rejected by the relay: {ack.Reason ?? ack.Status}", null),
        };
    }

    /// <summary>Worth another try later: the peer is busy, briefly unavailable, or our clock and its disagree for now.</summary>
    private static bool Transient(HttpStatusCode status, string? code) =>
        (int)status is 408 or 429 or >= 500 || code is "TL_TIMESTAMP_EXPIRED" or "TL_REPLAY_DETECTED" or "TL_RATE_LIMITED" or "rate_limited" or "TL_INTERNAL_ERROR";

    private JsonObject SealedBody(ThreadlineContact contact, OutboundMessage message)
    {
        var fresh = SealInputs.Fresh(_time) with { MessageId = message.MessageId };
        var envelope = SealedEnvelope.Seal(self, contact.Fingerprint, contact.X25519Public, message.ThreadId, new JsonObject { ["content"] = message.Text, ["type"] = "message" }, fresh);
        return new JsonObject { ["envelope"] = envelope };
    }

    /// <summary>Instar's plaintext AgentMessage, as its /threadline/messages/receive expects it.</summary>
    private JsonObject InstarBody(ThreadlineContact contact, OutboundMessage message) => new()
    {
        ["message"] = new JsonObject
        {
            ["id"] = message.MessageId,
            ["threadId"] = message.ThreadId,
            ["from"] = new JsonObject { ["agent"] = selfName, ["session"] = "steward", ["machine"] = Environment.MachineName },
            ["to"] = new JsonObject { ["agent"] = contact.Name, ["session"] = "best", ["machine"] = "local" },
            ["type"] = "query",
            ["priority"] = "medium",
            ["subject"] = $"Message from {selfName}",
            ["body"] = message.Text,
            ["createdAt"] = UntrustedJson.IsoTimestamp(_time.GetUtcNow()),
            ["ttlMinutes"] = 60,
        },
    };

    /// <summary>
    /// The key the peer claims before proving one: health's identityPub, and the signed card's key
    /// when it serves a card (none of Instar's agents do). A card whose signature does not verify,
    /// or that disagrees with health, stops the add.
    /// </summary>
    private async Task<byte[]?> ClaimedKeyAsync(Uri baseUrl, JsonObject health, CancellationToken cancellationToken)
    {
        byte[]? fromHealth = null;
        if (UntrustedJson.Text(health["identityPub"]) is { Length: 64 } hex)
        {
            try
            {
                fromHealth = Convert.FromHexString(hex);
            }
            catch (FormatException)
            {
                throw new StewardException($"{baseUrl} claims an identity key that is not hex.");
            }
        }
        var cardUri = new Uri(baseUrl, AgentCard.Path);
        using var response = await SafeGetAsync(cardUri, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return fromHealth;
        }
        var card = response.IsSuccessStatusCode ? ParseObject(await response.Content.ReadAsStringAsync(cancellationToken)) : null;
        var signature = response.Headers.TryGetValues(AgentCard.SignatureHeader, out var values) ? values.FirstOrDefault() : null;
        var fromCard = card is null ? null : AgentCard.VerifiedKey(card, signature);
        if (fromCard is null)
        {
            throw new StewardException($"{cardUri} answered {(int)response.StatusCode} without a card signed by the key it names; not adding an agent whose card cannot be verified.");
        }
        if (fromHealth is not null && !fromHealth.AsSpan().SequenceEqual(fromCard))
        {
            throw new StewardException($"{baseUrl} claims one identity key in /threadline/health and another in its signed card; not adding it.");
        }
        return fromCard;
    }

    private static Uri NormalizeUrl(string url) =>
        Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new StewardException($"'{url}' is not an http(s) URL of a Threadline agent.");

    private async Task<HttpResponseMessage> SafeGetAsync(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            return await http.GetAsync(uri, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new StewardException($"Cannot reach {uri}: {e.HttpRequestError}.");
        }
    }

    private async Task<JsonObject?> GetJsonAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var response = await SafeGetAsync(uri, cancellationToken);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync(uri, response, cancellationToken);
    }

    private async Task<JsonObject> PostJsonAsync(Uri uri, JsonObject body, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        try
        {
            var (status, json) = await PostAsync(uri, body, headers, cancellationToken);
            if ((int)status is < 200 or >= 300)
            {
                var error = json?["error"];
                throw new StewardException($"{uri.AbsolutePath} answered {(int)status} {UntrustedJson.Text(error?["code"])}: {UntrustedJson.Text(error?["message"]) ?? status.ToString()}");
            }
            return json ?? throw new StewardException($"{uri.AbsolutePath} did not answer with a JSON object.");
        }
        catch (HttpRequestException e)
        {
            throw new StewardException($"Cannot reach {uri}: {e.HttpRequestError}.");
        }
    }

    /// <summary>POSTs compact JSON (so Instar's re-serialisation hashes the same bytes); network failures surface as HttpRequestException.</summary>
    private async Task<(HttpStatusCode Status, JsonObject? Json)> PostAsync(Uri uri, JsonObject body, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(CanonicalJson.Stringify(body), Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await http.SendAsync(request, cancellationToken);
        return (response.StatusCode, ParseObject(await response.Content.ReadAsStringAsync(cancellationToken)));
    }

    private static async Task<JsonObject> ReadAsync(Uri uri, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var json = ParseObject(await response.Content.ReadAsStringAsync(cancellationToken));
        if (!response.IsSuccessStatusCode)
        {
            var error = json?["error"];
            throw new StewardException($"{uri.AbsolutePath} answered {(int)response.StatusCode} {UntrustedJson.Text(error?["code"])}: {UntrustedJson.Text(error?["message"]) ?? response.ReasonPhrase}");
        }
        return json ?? throw new StewardException($"{uri.AbsolutePath} did not answer with a JSON object.");
    }

    private static JsonObject? ParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
