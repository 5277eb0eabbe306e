using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Steward.Bench;

/// <summary>A minimal MCP client over a child's stdio: initialize once, then tools/call requests, one at a time.</summary>
internal sealed class StdioJsonRpc : IAsyncDisposable
{
    private readonly Process _process;
    private int _nextId = 1;

    private StdioJsonRpc(Process process)
    {
        _process = process;
    }

    public static async Task<StdioJsonRpc> StartAsync(string file, string[] arguments, string workingDirectory, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var client = new StdioJsonRpc(Process.Start(info)!);
        _ = client._process.StandardError.ReadToEndAsync();
        await client.RequestAsync("initialize", new JsonObject
        {
            ["protocolVersion"] = "2025-06-18",
            ["capabilities"] = new JsonObject(),
            ["clientInfo"] = new JsonObject { ["name"] = "bench", ["version"] = "1" },
        });
        await client._process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        return client;
    }

    public Task<JsonNode> CallToolAsync(string name, JsonObject arguments) =>
        RequestAsync("tools/call", new JsonObject { ["name"] = name, ["arguments"] = arguments });

    private async Task<JsonNode> RequestAsync(string method, JsonObject parameters)
    {
        var id = _nextId++;
        await _process.StandardInput.WriteLineAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters }.ToJsonString());
        await _process.StandardInput.FlushAsync();
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (JsonNode.Parse(line) is { } message && message["id"]?.GetValue<int>() == id)
            {
                if (message["error"] is { } error || message["result"]?["isError"]?.GetValue<bool>() == true)
                {
                    throw new InvalidOperationException($"{method} failed: {line[..Math.Min(line.Length, 500)]}");
                }
                return message;
            }
        }
        throw new InvalidOperationException("The server closed its output.");
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(5000))
        {
            _process.Kill(entireProcessTree: true);
        }
        await Task.CompletedTask;
        _process.Dispose();
    }
}
