using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Steward.Testing.FakeTelegram;

/// <summary>A message the bot sent, as the fake recorded it.</summary>
public sealed record SentMessage(long ChatId, long? ThreadId, string Text, DateTimeOffset At);

/// <summary>
/// A local stand-in for the Telegram Bot API on Kestrel at 127.0.0.1: POST /bot{token}/{method}
/// for getMe, getUpdates (long polling with offsets that confirm), sendMessage, setMyCommands and
/// createForumTopic, with forum topics, and 429 / 409 answers on demand. A wrong token gets 401.
/// </summary>
public sealed class FakeBotApi : IAsyncDisposable
{
    public const string Token = "123456789:AAEfakeTokenForStewardTestsOnly_abcdef";

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<JsonObject> _updates = [];
    private readonly List<SentMessage> _sent = [];
    private readonly List<long> _offsets = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private long _nextUpdateId = 1000;
    private long _nextMessageId = 1;
    private long _nextThreadId = 100;
    private int _rateLimitedSends;
    private int _rateLimitSeconds;
    private int _conflictPolls;

    private FakeBotApi(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<SentMessage> Sent
    {
        get { lock (_gate) { return _sent.ToList(); } }
    }

    /// <summary>The offsets getUpdates was called with, in order.</summary>
    public IReadOnlyList<long> Offsets
    {
        get { lock (_gate) { return _offsets.ToList(); } }
    }

    public int RateLimitedAnswers { get; private set; }

    /// <param name="port">0 for any free port; a fixed one lets a test start Telegram after the daemon.</param>
    public static async Task<FakeBotApi> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var fake = new FakeBotApi(app);
        app.MapPost("/bot{token}/{method}", fake.HandleAsync);
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    /// <summary>A user writes to the bot (in a forum topic when <paramref name="threadId"/> is set); returns the update id.</summary>
    public long Write(long userId, string text, long? chatId = null, long? threadId = null, string? firstName = "Grace", string? topicName = null)
    {
        lock (_gate)
        {
            var id = _nextUpdateId++;
            var chat = chatId ?? userId;
            var message = new JsonObject
            {
                ["message_id"] = _nextMessageId++,
                ["from"] = new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = firstName, ["username"] = firstName?.ToLowerInvariant() },
                ["chat"] = new JsonObject { ["id"] = chat, ["type"] = chat < 0 ? "supergroup" : "private", ["is_forum"] = threadId is not null },
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["text"] = text,
            };
            if (threadId is { } thread)
            {
                message["message_thread_id"] = thread;
                message["is_topic_message"] = true;
                if (topicName is not null)
                {
                    message["reply_to_message"] = new JsonObject { ["forum_topic_created"] = new JsonObject { ["name"] = topicName } };
                }
            }
            _updates.Add(new JsonObject { ["update_id"] = id, ["message"] = message });
            _arrived.Release();
            return id;
        }
    }

    /// <summary>The next <paramref name="count"/> sendMessage calls get 429 with retry_after.</summary>
    public void RateLimitNextSends(int count, int retryAfterSeconds)
    {
        lock (_gate)
        {
            _rateLimitedSends = count;
            _rateLimitSeconds = retryAfterSeconds;
        }
    }

    /// <summary>The next <paramref name="count"/> getUpdates calls get 409 Conflict.</summary>
    public void ConflictNextPolls(int count)
    {
        lock (_gate)
        {
            _conflictPolls = count;
        }
    }

    public IReadOnlyList<SentMessage> SentTo(long chatId) => Sent.Where(m => m.ChatId == chatId).ToList();

    private async Task<IResult> HandleAsync(string token, string method, HttpContext context)
    {
        if (token != Token)
        {
            return Results.Json(new { ok = false, error_code = 401, description = "Unauthorized" }, statusCode: 401);
        }
        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [];
        return method switch
        {
            "getMe" => Ok(new JsonObject { ["id"] = 123456789, ["is_bot"] = true, ["first_name"] = "Steward", ["username"] = "steward_test_bot" }),
            "getUpdates" => await GetUpdatesAsync(body, context.RequestAborted),
            "sendMessage" => SendMessage(body),
            "setMyCommands" => Ok(JsonValue.Create(true)),
            "createForumTopic" => Ok(new JsonObject { ["message_thread_id"] = Interlocked.Increment(ref _nextThreadId), ["name"] = body["name"]?.GetValue<string>() }),
            _ => Results.Json(new { ok = false, error_code = 404, description = "Not Found: method not found" }, statusCode: 404),
        };
    }

    private async Task<IResult> GetUpdatesAsync(JsonObject body, CancellationToken aborted)
    {
        var offset = body["offset"]?.GetValue<long>() ?? 0;
        var timeout = Math.Min(body["timeout"]?.GetValue<int>() ?? 0, 2);
        lock (_gate)
        {
            _offsets.Add(offset);
            if (_conflictPolls > 0)
            {
                _conflictPolls--;
                return Results.Json(new { ok = false, error_code = 409, description = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" }, statusCode: 409);
            }
            // An offset confirms every update before it, as Telegram does.
            _updates.RemoveAll(u => u["update_id"]!.GetValue<long>() < offset);
        }
        var deadline = DateTimeOffset.UtcNow.AddSeconds(timeout);
        while (true)
        {
            lock (_gate)
            {
                if (_updates.Count > 0 || DateTimeOffset.UtcNow >= deadline)
                {
                    return Ok(new JsonArray(_updates.Select(u => (JsonNode)u.DeepClone()).ToArray()));
                }
            }
            try
            {
                await _arrived.WaitAsync(deadline - DateTimeOffset.UtcNow, aborted);
            }
            catch (OperationCanceledException)
            {
                return Ok(new JsonArray());
            }
        }
    }

    private IResult SendMessage(JsonObject body)
    {
        lock (_gate)
        {
            if (_rateLimitedSends > 0)
            {
                _rateLimitedSends--;
                RateLimitedAnswers++;
                return Results.Json(new { ok = false, error_code = 429, description = $"Too Many Requests: retry after {_rateLimitSeconds}", parameters = new { retry_after = _rateLimitSeconds } }, statusCode: 429);
            }
            var text = body["text"]?.GetValue<string>() ?? "";
            if (text.Length is 0 or > 4096)
            {
                return Results.Json(new { ok = false, error_code = 400, description = "Bad Request: message text is empty or too long" }, statusCode: 400);
            }
            _sent.Add(new SentMessage(body["chat_id"]!.GetValue<long>(), body["message_thread_id"]?.GetValue<long>(), text, DateTimeOffset.UtcNow));
            return Ok(new JsonObject { ["message_id"] = _nextMessageId++, ["chat"] = new JsonObject { ["id"] = body["chat_id"]!.GetValue<long>() }, ["text"] = text });
        }
    }

    private static IResult Ok(JsonNode result) => Results.Json(new JsonObject { ["ok"] = true, ["result"] = result });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _arrived.Dispose();
    }
}
