using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Steward.Core.Memory;
using Steward.Core.Storage;

namespace Steward.Bench;

/// <summary>
/// Steward's memory at scale, beside the reference MCP memory server in the same run:
/// ingest rate (batched), search latency p50/p99 over a realistic query mix, bytes per entry;
/// then @modelcontextprotocol/server-memory at 10,000 and 50,000 entities, through its MCP
/// interface (create_entities, search_nodes).
/// </summary>
internal static class MemoryBenchmark
{
    private const int Batch = 10_000;
    private const int Queries = 2_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var entries = Option(args, "--entries", 1_000_000);
        var skipReference = args.Contains("--no-reference");
        var work = Path.Combine("/tmp", $"steward-bench-{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(work);
        try
        {
            var text = new SyntheticText();
            // --db PATH keeps the built store (or reuses one built before) for experiments.
            var keep = Array.IndexOf(args, "--db") is var at && at >= 0 ? args[at + 1] : null;
            var (ingestRate, bytesPerEntry, store) = keep is not null && File.Exists(keep)
                ? (double.NaN, new FileInfo(keep).Length / (double)entries, new MemoryStore(new StewardDatabase(keep)))
                : Ingest(keep ?? Path.Combine(work, "state.db"), entries, text);
            if (keep is not null && double.IsNaN(ingestRate))
            {
                for (var i = 0; i < entries; i++)
                {
                    text.Sentence(); // keep the random sequence where a fresh build leaves it
                }
            }
            var (p50, p99, mean, empty) = Search(store, text);

            Console.WriteLine($"Steward memory: {entries:N0} entries ({Environment.ProcessorCount} cores)");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ingest, {Batch:N0} per transaction: {ingestRate:N0} entries/s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  database size: {bytesPerEntry:N0} bytes per entry (text, index, FTS5)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  memory_search over {Queries:N0} queries: p50 {p50:0.00} ms, p99 {p99:0.00} ms, mean {mean:0.00} ms ({empty} with no result)"));

            if (!skipReference)
            {
                foreach (var count in new[] { 10_000, 50_000 })
                {
                    var (rate, searchP50, searchP99) = await ReferenceAsync(work, count, new SyntheticText(7));
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"@modelcontextprotocol/server-memory: {count:N0} entities: create_entities {rate:N0} entities/s; search_nodes p50 {searchP50:0.0} ms, p99 {searchP99:0.0} ms"));
                }
            }
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    private static (double Rate, double BytesPerEntry, MemoryStore Store) Ingest(string path, int entries, SyntheticText text)
    {
        var database = new StewardDatabase(path);
        database.Open().Dispose();
        var store = new MemoryStore(database);
        var kinds = Enum.GetValues<MemoryKind>().Where(k => k != MemoryKind.Summary).ToArray();
        var start = DateTimeOffset.UtcNow.AddDays(-730);
        var total = TimeSpan.Zero;
        for (var done = 0; done < entries; done += Batch)
        {
            var drafts = new List<MemoryDraft>(Batch);
            for (var i = 0; i < Math.Min(Batch, entries - done); i++)
            {
                var n = done + i;
                drafts.Add(new MemoryDraft(text.Sentence(), $"topic-{text.Random.Next(500)}", kinds[text.Random.Next(kinds.Length)],
                    text.Random.Next(4) == 0 ? [text.Word(), text.Word()] : null, "bench", 1 + text.Random.Next(5), start.AddMinutes(n)));
            }
            var watch = Stopwatch.StartNew();
            store.RememberMany(drafts);
            total += watch.Elapsed;
            if ((done / Batch) % 10 == 0)
            {
                Console.Error.WriteLine($"  ingested {done + drafts.Count:N0} ({(done + drafts.Count) / total.TotalSeconds:N0}/s)");
            }
        }
        using (var connection = database.Open())
        using (var checkpoint = connection.CreateCommand())
        {
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpoint.ExecuteNonQuery();
        }
        var bytes = new FileInfo(path).Length + (File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0);
        return (entries / total.TotalSeconds, bytes / (double)entries, store);
    }

    /// <summary>One- to three-word queries from the searched part of the vocabulary, a phrase now and then, and hostile forms.</summary>
    private static (double P50, double P99, double Mean, int Empty) Search(MemoryStore store, SyntheticText text)
    {
        string[] hostile = ["e-mail 9:00", "user's email?", "AND OR NOT", "*", "\"unclosed", "🙂 notes"];
        var queries = Enumerable.Range(0, Queries).Select(i => (i % 50) switch
        {
            0 => hostile[i / 50 % hostile.Length],
            1 => $"\"{text.Word()} {text.Word()}\"",
            _ => string.Join(' ', Enumerable.Range(0, 1 + text.Random.Next(3)).Select(_ => text.SearchWord())),
        }).ToList();
        foreach (var warm in queries.Take(50))
        {
            store.Search(new MemoryQuery(warm));
        }
        var times = new List<double>(Queries);
        var empty = 0;
        foreach (var query in queries)
        {
            var watch = Stopwatch.StartNew();
            var hits = store.Search(new MemoryQuery(query));
            times.Add(watch.Elapsed.TotalMilliseconds);
            empty += hits.Count == 0 ? 1 : 0;
        }
        var p = Percentiles.Of(times);
        return (p.P50, p.P99, p.Mean, empty);
    }

    private static async Task<(double Rate, double P50, double P99)> ReferenceAsync(string work, int entities, SyntheticText text)
    {
        var folder = Path.Combine(BenchPaths.RepositoryRoot, "bench", "reference");
        var entry = Path.Combine(folder, "node_modules", "@modelcontextprotocol", "server-memory", "dist", "index.js");
        if (!File.Exists(entry))
        {
            await ExternalCommand.RunAsync("npm", folder, "ci", "--no-audit", "--no-fund");
        }
        await using var server = await StdioJsonRpc.StartAsync("node", [entry], work, new() { ["MEMORY_FILE_PATH"] = Path.Combine(work, $"reference-{entities}.jsonl") });
        var ingest = Stopwatch.StartNew();
        for (var done = 0; done < entities; done += 500)
        {
            var batch = new JsonArray();
            for (var i = done; i < Math.Min(entities, done + 500); i++)
            {
                batch.Add(new JsonObject
                {
                    ["name"] = $"entity-{i}",
                    ["entityType"] = $"topic-{text.Random.Next(500)}",
                    ["observations"] = new JsonArray(text.Sentence()),
                });
            }
            await server.CallToolAsync("create_entities", new JsonObject { ["entities"] = batch });
        }
        var rate = entities / ingest.Elapsed.TotalSeconds;
        var times = new List<double>();
        for (var i = 0; i < 60; i++)
        {
            var watch = Stopwatch.StartNew();
            await server.CallToolAsync("search_nodes", new JsonObject { ["query"] = text.SearchWord() });
            if (i >= 10)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        var p = Percentiles.Of(times);
        return (rate, p.P50, p.P99);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
