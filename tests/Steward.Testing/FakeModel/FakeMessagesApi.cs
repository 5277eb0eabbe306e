using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Steward.Testing.FakeModel;

/// <summary>
/// A local stand-in for the Anthropic Messages API, on Kestrel at 127.0.0.1: POST /v1/messages
/// with streaming SSE (message_start, content_block_start/delta/stop with text_delta or
/// input_json_delta, message_delta, message_stop) or a plain JSON message. The real Claude Code
/// CLI talks to it through ANTHROPIC_BASE_URL. Every request is recorded for assertions.
/// </summary>
public sealed class FakeMessagesApi : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    private readonly WebApplication _app;
    private readonly List<ModelRequest> _requests = [];
    private readonly Lock _gate = new();
    private Func<ModelRequest, ModelReply> _responder;
    private int _messageCounter;

    private FakeMessagesApi(WebApplication app, Func<ModelRequest, ModelReply> responder)
    {
        _app = app;
        _responder = responder;
    }

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<ModelRequest> Requests
    {
        get { lock (_gate) { return _requests.ToList(); } }
    }

    public static async Task<FakeMessagesApi> StartAsync(Func<ModelRequest, ModelReply>? responder = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeMessagesApi(app, responder ?? DirectiveResponder.Respond);
        app.MapPost("/v1/messages", fake.HandleMessagesAsync);
        app.MapPost("/v1/messages/count_tokens", () => Results.Json(new { input_tokens = 100 }));
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    /// <summary>Replaces the script for the requests that follow.</summary>
    public void RespondWith(Func<ModelRequest, ModelReply> responder)
    {
        lock (_gate)
        {
            _responder = responder;
        }
    }

    public async Task<ModelRequest> WaitForRequestAsync(Func<ModelRequest, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Requests.FirstOrDefault(match) is { } found)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The fake model never received a matching request ({Requests.Count} received).");
            }
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleMessagesAsync(HttpContext context)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        var request = new ModelRequest(body, DateTimeOffset.UtcNow);
        Func<ModelRequest, ModelReply> responder;
        lock (_gate)
        {
            _requests.Add(request);
            responder = _responder;
        }
        var reply = responder(request);
        if (reply.Delay > TimeSpan.Zero)
        {
            await Task.Delay(reply.Delay, context.RequestAborted);
        }
        var id = $"msg_fake_{Interlocked.Increment(ref _messageCounter):D4}";
        var model = request.Model ?? "claude-fake";
        if (body["stream"]?.GetValue<bool>() == true)
        {
            await StreamAsync(context, reply, id, model);
        }
        else
        {
            await context.Response.WriteAsJsonAsync(Message(reply, id, model, complete: true));
        }
    }

    private static async Task StreamAsync(HttpContext context, ModelReply reply, string id, string model)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        async Task Send(string name, JsonObject data)
        {
            await context.Response.WriteAsync($"event: {name}\ndata: {data.ToJsonString(Compact)}\n\n", Encoding.UTF8);
            await context.Response.Body.FlushAsync();
        }

        await Send("message_start", new JsonObject { ["type"] = "message_start", ["message"] = Message(reply, id, model, complete: false) });
        for (var index = 0; index < reply.Blocks.Count; index++)
        {
            switch (reply.Blocks[index])
            {
                case TextBlock text:
                    await Send("content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = index, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" } });
                    await Send("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = index, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = text.Text } });
                    break;
                case ToolUseBlock tool:
                    await Send("content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = index, ["content_block"] = new JsonObject { ["type"] = "tool_use", ["id"] = $"toolu_{id}_{index}", ["name"] = tool.Name, ["input"] = new JsonObject() } });
                    await Send("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = index, ["delta"] = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = tool.Input.ToJsonString(Compact) } });
                    break;
            }
            await Send("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = index });
        }
        await Send("message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = reply.StopReason, ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = 20 },
        });
        await Send("message_stop", new JsonObject { ["type"] = "message_stop" });
    }

    private static JsonObject Message(ModelReply reply, string id, string model, bool complete)
    {
        var content = new JsonArray();
        if (complete)
        {
            for (var index = 0; index < reply.Blocks.Count; index++)
            {
                content.Add(reply.Blocks[index] switch
                {
                    TextBlock text => new JsonObject { ["type"] = "text", ["text"] = text.Text },
                    ToolUseBlock tool => new JsonObject { ["type"] = "tool_use", ["id"] = $"toolu_{id}_{index}", ["name"] = tool.Name, ["input"] = tool.Input.DeepClone() },
                    _ => throw new InvalidOperationException(),
                });
            }
        }
        return new JsonObject
        {
            ["id"] = id,
            ["type"] = "message",
            ["role"] = "assistant",
            ["model"] = model,
            ["content"] = content,
            ["stop_reason"] = complete ? reply.StopReason : null,
            ["stop_sequence"] = null,
            ["usage"] = new JsonObject { ["input_tokens"] = 100, ["output_tokens"] = complete ? 20 : 1 },
        };
    }
}
