using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Steward.Core.Crypto;
using Steward.Core.Storage;

namespace Steward.Core.Threadline;

/// <summary>
/// The initiating side of direct HTTP: add a contact by URL (health, then the handshake, which
/// pins the key the peer proves it holds — not the one health claims — and stores the relay
/// token), and send sealed messages as authenticated requests. Never a plaintext fallback: a
/// message that cannot be sealed is not sent.
/// </summary>
public sealed class ThreadlineClient(HttpClient http, StewardDatabase database, ThreadlineIdentity self, string selfName, TimeProvider? timeProvider = null)
{
    private const string ReceivePath = "/threadline/messages/receive";

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly ThreadlineContacts _contacts = new(database, timeProvider);

    public async Task<ThreadlineContact> AddContactAsync(string url, CancellationToken cancellationToken)
    {
        var baseUrl = NormalizeUrl(url);
        var health = await GetJsonAsync(new Uri(baseUrl, "/threadline/health"), cancellationToken);
        var name = health["agent"] is JsonValue agent && agent.TryGetValue<string>(out var text) ? text : throw new StewardException($"{baseUrl} did not answer like a Threadline agent (no \"agent\" in /threadline/health).");
        var handshake = new ThreadlineHandshake(self, selfName, _contacts, _time);
        var response = await PostJsonAsync(new Uri(baseUrl, "/threadline/handshake/hello"), handshake.Hello(name), null, cancellationToken);
        JsonObject confirm;
        try
        {
            confirm = handshake.Finish(name, response);
        }
        catch (ThreadlineException e)
        {
            throw new StewardException($"The handshake with {baseUrl} failed: {e.Message}");
        }
        await PostJsonAsync(new Uri(baseUrl, "/threadline/handshake/confirm"), confirm, null, cancellationToken);
        var contact = _contacts.Require(name);
        SetUrl(contact.Fingerprint, baseUrl.ToString());
        return _contacts.Require(name);
    }

    /// <summary>Seals <paramref name="text"/> for the contact and delivers it; returns the thread id.</summary>
    public async Task<string> SendAsync(string contactName, string text, string? threadId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text) || Encoding.UTF8.GetByteCount(text) > ThreadlineInbox.MaxMessageBytes - 1024)
        {
            throw new StewardException($"A Threadline message is 1 to {ThreadlineInbox.MaxMessageBytes - 1024:N0} bytes.");
        }
        var contact = _contacts.Require(contactName);
        var token = _contacts.RelayToken(contact.Fingerprint) ?? throw new StewardException($"No handshake with \"{contact.Name}\" yet: add it again with its URL.");
        var url = contact.Url ?? throw new StewardException($"\"{contact.Name}\" has no URL to deliver to.");
        var thread = threadId ?? $"thread-{Guid.NewGuid():N}";
        var envelope = SealedEnvelope.Seal(self, contact.Fingerprint, contact.X25519Public, thread, new JsonObject { ["content"] = text, ["type"] = "message" }, SealInputs.Fresh(_time));
        var body = new JsonObject { ["envelope"] = envelope };
        var nonce = Convert.ToHexStringLower(Sodium.RandomBytes(16));
        var timestamp = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var headers = SignedRequest.Headers(self, selfName, token, "POST", ReceivePath, nonce, timestamp, body);
        await PostJsonAsync(new Uri(new Uri(url), ReceivePath), body, headers, cancellationToken);
        Record(envelope["messageId"]!.GetValue<string>(), thread, contact.Fingerprint, text);
        return thread;
    }

    private static Uri NormalizeUrl(string url) =>
        Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new StewardException($"'{url}' is not an http(s) URL of a Threadline agent.");

    private async Task<JsonObject> GetJsonAsync(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(uri, cancellationToken);
            return await ReadAsync(uri, response, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new StewardException($"Cannot reach {uri}: {e.HttpRequestError}.");
        }
    }

    private async Task<JsonObject> PostJsonAsync(Uri uri, JsonObject body, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(CanonicalJson.Stringify(body), Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return await ReadAsync(uri, response, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new StewardException($"Cannot reach {uri}: {e.HttpRequestError}.");
        }
    }

    private static async Task<JsonObject> ReadAsync(Uri uri, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            json = null;
        }
        if (!response.IsSuccessStatusCode)
        {
            var error = json?["error"];
            throw new StewardException($"{uri.AbsolutePath} answered {(int)response.StatusCode} {error?["code"]?.GetValue<string>()}: {error?["message"]?.GetValue<string>() ?? response.ReasonPhrase}");
        }
        return json ?? throw new StewardException($"{uri.AbsolutePath} did not answer with a JSON object.");
    }

    private void SetUrl(string fingerprint, string url)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE threadline_contacts SET url = $url WHERE fingerprint = $fingerprint";
        command.Parameters.AddWithValue("$url", url);
        command.Parameters.AddWithValue("$fingerprint", fingerprint);
        command.ExecuteNonQuery();
    }

    private void Record(string messageId, string threadId, string peer, string text)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO threadline_messages (message_id, thread_id, direction, peer, text, sealed, status, at)
            VALUES ($id, $thread, 'out', $peer, $text, 1, 'delivered', $now)
            """;
        command.Parameters.AddWithValue("$id", messageId);
        command.Parameters.AddWithValue("$thread", threadId);
        command.Parameters.AddWithValue("$peer", peer);
        command.Parameters.AddWithValue("$text", text);
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeSeconds());
        command.ExecuteNonQuery();
    }
}
