using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Steward.Bench;

/// <summary>
/// Wall time from spawning an MCP server to having its tools/list answer (spawn → initialize →
/// notifications/initialized → tools/list), the latency a Claude Code session pays before it can
/// use the server. Steward (published ReadyToRun, as the plugin ships it) is measured beside the
/// reference MCP memory server (node) in the same run, interleaved so both see the same machine state.
/// </summary>
internal static class McpStartupBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length >= 2 && args[0] == "--runs" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var work = Path.Combine(Path.GetTempPath(), $"steward-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var steward = await PrepareStewardAsync();
            var reference = await PrepareReferenceAsync();
            var home = Path.Combine(work, ".steward");
            await ExternalCommand.RunAsync(steward, work, "init", "--home", home, "--name", "bench");

            var subjects = new (string Name, string File, string[] Arguments, Dictionary<string, string> Environment)[]
            {
                ("steward mcp (ReadyToRun)", steward, ["mcp"], new() { ["STEWARD_HOME"] = home }),
                ("@modelcontextprotocol/server-memory", "node", [reference], new() { ["MEMORY_FILE_PATH"] = Path.Combine(work, "memory.jsonl") }),
            };
            // One untimed warm-up each: the first spawn pays for cold disk caches.
            foreach (var subject in subjects)
            {
                await MeasureOnceAsync(subject.File, subject.Arguments, subject.Environment, work);
            }
            var samples = subjects.ToDictionary(s => s.Name, _ => new List<double>());
            for (var run = 0; run < runs; run++)
            {
                foreach (var subject in run % 2 == 0 ? subjects : subjects.Reverse())
                {
                    samples[subject.Name].Add(await MeasureOnceAsync(subject.File, subject.Arguments, subject.Environment, work));
                }
            }

            Console.WriteLine($"spawn → initialize → tools/list, {runs} runs each, interleaved ({Environment.ProcessorCount} cores, {RuntimeInformationText()})");
            PercentileTable.Print("server", 40, samples);
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    internal static Task<string> PrepareStewardAsync() => ReadyToRunPublish.PublishAsync("server/Steward", "steward");

    private static async Task<string> PrepareReferenceAsync()
    {
        var folder = Path.Combine(BenchPaths.RepositoryRoot, "bench", "reference");
        var entry = Path.Combine(folder, "node_modules", "@modelcontextprotocol", "server-memory", "dist", "index.js");
        if (!File.Exists(entry))
        {
            Console.Error.WriteLine("installing the reference MCP memory server (npm ci) ...");
            await ExternalCommand.RunAsync("npm", folder, "ci", "--no-audit", "--no-fund");
        }
        return entry;
    }

    private static async Task<double> MeasureOnceAsync(string file, string[] arguments, Dictionary<string, string> environment, string workingDirectory)
    {
        var info = BenchProcess.StartInfo(file, arguments, environment, workingDirectory);

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        _ = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}""");
        await process.StandardInput.FlushAsync();
        await ReadResponseAsync(process, 1);
        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        await process.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""");
        await process.StandardInput.FlushAsync();
        var tools = await ReadResponseAsync(process, 2);
        var elapsed = clock.Elapsed.TotalMilliseconds;

        if (tools["result"]?["tools"] is not JsonArray { Count: > 0 })
        {
            throw new InvalidOperationException($"{file} returned no tools: {tools.ToJsonString()}");
        }
        process.StandardInput.Close();
        if (!process.WaitForExit(5000))
        {
            process.Kill(entireProcessTree: true);
        }
        return elapsed;
    }

    private static async Task<JsonNode> ReadResponseAsync(Process process, int id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (JsonNode.Parse(line) is { } message && message["id"]?.GetValue<int>() == id)
            {
                return message;
            }
        }
        throw new InvalidOperationException($"The server closed stdout before answering request {id}.");
    }

    private static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
}
