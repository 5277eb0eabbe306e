using Steward.Bench;

var benchmarks = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.Ordinal)
{
    ["mcp-startup"] = McpStartupBenchmark.RunAsync,
    ["session-overhead"] = SessionOverheadBenchmark.RunAsync,
    ["cron"] = CronBenchmark.RunAsync,
    ["scheduler-tick"] = SchedulerTickBenchmark.RunAsync,
    ["memory"] = MemoryBenchmark.RunAsync,
    ["scan"] = ScanBenchmark.RunAsync,
    ["hooks"] = HookBenchmark.RunAsync,
    ["guard"] = GuardBenchmark.RunAsync,
    ["threadline-seal"] = ThreadlineSealBenchmark.RunAsync,
    ["threadline-delivery"] = ThreadlineDeliveryBenchmark.RunAsync,
    ["threadline-relay"] = ThreadlineRelayBenchmark.RunAsync,
    ["api"] = LocalApiBenchmark.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: dotnet run -c Release --project bench/Steward.Bench -- <{string.Join('|', benchmarks.Keys)}> [options]");
    return 2;
}
return await run(args[1..]);
