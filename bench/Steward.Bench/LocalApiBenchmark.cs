using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Steward.Core.Configuration;
using Steward.Core.Homes;

namespace Steward.Bench;

/// <summary>
/// The local HTTP API of a published daemon on loopback, over a kept-alive HttpClient: GET /health
/// (no auth), GET /sessions, POST /memory and GET /memory/search (auth, routing, the Core service,
/// SQLite), interleaved, each request timed from send to the last byte.
/// </summary>
internal static class LocalApiBenchmark
{
    private const int Rounds = 500;

    public static async Task<int> RunAsync(string[] args)
    {
        var steward = await McpStartupBenchmark.PrepareStewardAsync();
        var work = Path.Combine("/tmp", $"steward-api-bench-{Guid.NewGuid():N}"[..28]);
        var home = new AgentHome(Path.Combine(work, ".steward"));
        HomeInitializer.Initialize(home, "bench");
        var config = JsonNode.Parse(File.ReadAllText(home.ConfigPath))!.AsObject();
        config["api"]!["listen"] = "127.0.0.1:0";
        config["threadline"] = new JsonObject { ["listen"] = "off" };
        File.WriteAllText(home.ConfigPath, config.ToJsonString());
        using var daemon = BenchProcess.StartDaemon(steward, home);
        try
        {
            var endpoint = Path.Combine(home.Root, "api-endpoint");
            var started = Stopwatch.GetTimestamp();
            while (!File.Exists(endpoint))
            {
                if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException("the daemon did not start its API");
                }
                await Task.Delay(50);
            }
            using var http = new HttpClient { BaseAddress = new Uri(File.ReadAllText(endpoint).Trim()) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", StewardConfig.Load(home.ConfigPath).ApiToken);
            var samples = new Dictionary<string, List<double>>
            {
                ["GET /health"] = [], ["GET /sessions"] = [], ["POST /memory"] = [], ["GET /memory/search"] = [],
            };
            for (var i = -20; i < Rounds; i++)
            {
                await TimeAsync(i < 0 ? null : samples["GET /health"], () => http.GetAsync("/health"));
                await TimeAsync(i < 0 ? null : samples["GET /sessions"], () => http.GetAsync("/sessions"));
                await TimeAsync(i < 0 ? null : samples["POST /memory"], () => http.PostAsync("/memory",
                    new StringContent($"{{\"text\": \"Deploy note {i}: the staging database moved to db-{i % 17}\", \"topic\": \"infra\"}}", Encoding.UTF8, "application/json")));
                await TimeAsync(i < 0 ? null : samples["GET /memory/search"], () => http.GetAsync($"/memory/search?q=staging%20database%20db-{i % 17}&limit=5"));
            }
            Console.WriteLine($"Local API on loopback, {Rounds} interleaved rounds after 20 warm-up ({Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription})");
            PercentileTable.Print("route", 20, samples);
            return 0;
        }
        finally
        {
            daemon.Kill(entireProcessTree: true);
            await daemon.WaitForExitAsync();
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task TimeAsync(List<double>? samples, Func<Task<HttpResponseMessage>> request)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await request();
        await response.Content.ReadAsByteArrayAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode}");
        }
        samples?.Add(elapsed);
    }
}
