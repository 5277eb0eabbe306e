using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Polly;
using Polly.Retry;

namespace Steward.Core.Telegram;

/// <summary>
/// A small typed Bot API client: <c>POST {baseUrl}/bot{token}/{method}</c> with a JSON body.
/// A 429 is retried after exactly the <c>retry_after</c> Telegram gives, server and network errors
/// with exponential backoff; everything else (including 409) surfaces at once. The token is never
/// logged or put in an exception message.
/// </summary>
public sealed class TelegramBotClient
{
    private readonly HttpClient _http;
    private readonly string _methodBase;
    private readonly ResiliencePipeline _retry;

    public TelegramBotClient(HttpClient http, string baseUrl, string token, int maxRetries = 5, TimeProvider? timeProvider = null)
    {
        if (!TelegramToken.LooksValid(token))
        {
            throw new StewardException("That is not a Telegram bot token (expected <bot id>:<secret>, as @BotFather gives it).");
        }
        _http = http;
        _methodBase = $"{baseUrl.TrimEnd('/')}/bot{token}/";
        _retry = new ResiliencePipelineBuilder { TimeProvider = timeProvider ?? TimeProvider.System }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, maxRetries),
                ShouldHandle = new PredicateBuilder().Handle<TelegramApiException>(e => e.IsTransient),
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromSeconds(1),
                MaxDelay = TimeSpan.FromSeconds(30),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is TelegramApiException { RetryAfter: { } wait } ? (TimeSpan?)wait : null),
            })
            .Build();
    }

    public async Task<TelegramUser> GetMeAsync(CancellationToken cancellationToken) =>
        ParseUser(await CallAsync("getMe", [], cancellationToken));

    /// <summary>Long poll: waits up to <paramref name="timeoutSeconds"/> for updates after <paramref name="offset"/> - 1 (which it confirms).</summary>
    public async Task<IReadOnlyList<TelegramUpdate>> GetUpdatesAsync(long offset, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var result = await CallAsync("getUpdates", new JsonObject
        {
            ["offset"] = offset,
            ["timeout"] = timeoutSeconds,
            ["allowed_updates"] = new JsonArray("message"),
        }, cancellationToken, TimeSpan.FromSeconds(timeoutSeconds + 15));
        return result.EnumerateArray().Select(ParseUpdate).ToList();
    }

    /// <summary>Sends one message (≤ 4,096 characters, plain text); returns its message_id.</summary>
    public async Task<long> SendMessageAsync(long chatId, string text, long? threadId, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["chat_id"] = chatId, ["text"] = text };
        if (threadId is { } thread)
        {
            body["message_thread_id"] = thread;
        }
        return (await CallAsync("sendMessage", body, cancellationToken)).GetProperty("message_id").GetInt64();
    }

    public async Task SetMyCommandsAsync(IEnumerable<(string Command, string Description)> commands, CancellationToken cancellationToken) =>
        await CallAsync("setMyCommands", new JsonObject
        {
            ["commands"] = new JsonArray(commands.Select(c => (JsonNode)new JsonObject { ["command"] = c.Command, ["description"] = c.Description }).ToArray()),
        }, cancellationToken);

    public async Task<JsonElement> CallAsync(string method, JsonObject body, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        await _retry.ExecuteAsync(async token => await CallOnceAsync(method, body, timeout ?? TimeSpan.FromSeconds(30), token), cancellationToken);

    private async Task<JsonElement> CallOnceAsync(string method, JsonObject body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsJsonAsync(_methodBase + method, body, timeoutSource.Token);
        }
        catch (HttpRequestException e)
        {
            // HttpRequestException messages do not carry the URL, but say only what kind of failure it was.
            throw new TelegramApiException(method, null, $"network error ({e.HttpRequestError})", inner: null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TelegramApiException(method, null, $"no answer within {timeout.TotalSeconds:0} s");
        }
        using (response)
        {
            JsonElement reply;
            try
            {
                reply = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            }
            catch (JsonException)
            {
                throw new TelegramApiException(method, (int)response.StatusCode, "the answer was not JSON");
            }
            if (reply.ValueKind == JsonValueKind.Object && reply.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True && reply.TryGetProperty("result", out var result))
            {
                return result.Clone();
            }
            var code = reply.ValueKind == JsonValueKind.Object && reply.TryGetProperty("error_code", out var c) && c.TryGetInt32(out var n) ? n : (int)response.StatusCode;
            var description = reply.ValueKind == JsonValueKind.Object && reply.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : response.ReasonPhrase ?? "error";
            TimeSpan? retryAfter = null;
            long? migrate = null;
            if (reply.ValueKind == JsonValueKind.Object && reply.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object)
            {
                if (parameters.TryGetProperty("retry_after", out var seconds) && seconds.TryGetInt32(out var s))
                {
                    retryAfter = TimeSpan.FromSeconds(s);
                }
                if (parameters.TryGetProperty("migrate_to_chat_id", out var to) && to.TryGetInt64(out var id))
                {
                    migrate = id;
                }
            }
            throw new TelegramApiException(method, code, description, retryAfter, migrate);
        }
    }

    private static TelegramUpdate ParseUpdate(JsonElement update) => new(
        update.GetProperty("update_id").GetInt64(),
        update.TryGetProperty("message", out var message) ? ParseMessage(message) : null);

    private static TelegramMessage ParseMessage(JsonElement message)
    {
        var chat = message.GetProperty("chat");
        string? topicName = null;
        if (message.TryGetProperty("forum_topic_created", out var created) && created.TryGetProperty("name", out var name))
        {
            topicName = name.GetString();
        }
        else if (message.TryGetProperty("forum_topic_edited", out var edited) && edited.TryGetProperty("name", out var newName))
        {
            topicName = newName.GetString();
        }
        // A message in a topic replies to the topic's creation message, which carries the name.
        else if (message.TryGetProperty("reply_to_message", out var replyTo) && replyTo.TryGetProperty("forum_topic_created", out var topic) && topic.TryGetProperty("name", out var topicTitle))
        {
            topicName = topicTitle.GetString();
        }
        return new TelegramMessage(
            message.GetProperty("message_id").GetInt64(),
            message.TryGetProperty("from", out var from) ? ParseUser(from) : null,
            chat.GetProperty("id").GetInt64(),
            chat.TryGetProperty("type", out var type) ? type.GetString() ?? "" : "",
            chat.TryGetProperty("is_forum", out var forum) && forum.ValueKind == JsonValueKind.True,
            message.TryGetProperty("message_thread_id", out var thread) && thread.TryGetInt64(out var threadId) ? threadId : null,
            message.TryGetProperty("text", out var text) ? text.GetString() : message.TryGetProperty("caption", out var caption) ? caption.GetString() : null,
            topicName);
    }

    private static TelegramUser ParseUser(JsonElement user) => new(
        user.GetProperty("id").GetInt64(),
        user.TryGetProperty("is_bot", out var bot) && bot.ValueKind == JsonValueKind.True,
        user.TryGetProperty("first_name", out var first) ? first.GetString() : null,
        user.TryGetProperty("username", out var name) ? name.GetString() : null);
}
