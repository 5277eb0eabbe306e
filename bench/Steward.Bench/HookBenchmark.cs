using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Steward.Bench;

/// <summary>
/// Wall time of one hook event, spawn to exit, as Claude Code pays it on every tool call: each
/// `steward-hook` subcommand (published ReadyToRun, as the plugin ships it) beside a minimal node
/// script that only reads the event and writes a decision. Subjects are interleaved so they see
/// the same machine state.
/// </summary>
internal static class HookBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length >= 2 && args[0] == "--runs" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 50;
        var work = Path.Combine(Path.GetTempPath(), $"steward-hook-bench-{Guid.NewGuid():N}");
        var project = Path.Combine(work, "project");
        Directory.CreateDirectory(project);
        try
        {
            var hook = await PublishHookAsync();
            var steward = await McpStartupBenchmark.PrepareStewardAsync();
            var home = Path.Combine(project, ".steward");
            await ExternalCommand.RunAsync(steward, project, "init", "--home", home, "--name", "Bench");
            await ExternalCommand.RunAsync(steward, project, "memory", "add", "--home", home, "The release checklist lives in docs/release.md");

            var node = Path.Combine(BenchPaths.RepositoryRoot, "bench", "reference", "minimal-hook.js");
            var environment = new Dictionary<string, string> { ["CLAUDE_PROJECT_DIR"] = project, ["STEWARD_HOME"] = home, ["HOME"] = work };
            var guardEvent = Event(project, "PreToolUse", new JsonObject { ["tool_name"] = "Bash", ["tool_input"] = new JsonObject { ["command"] = "npm test -- --watch=false && git status" } });
            var subjects = new (string Name, string File, string[] Arguments, string Input)[]
            {
                ("steward-hook command-guard (allow)", hook, ["command-guard"], guardEvent),
                ("steward-hook command-guard (deny)", hook, ["command-guard"], Event(project, "PreToolUse", new JsonObject { ["tool_name"] = "Bash", ["tool_input"] = new JsonObject { ["command"] = "sudo rm -rf --no-preserve-root /" } })),
                ("steward-hook credential-scan (Bash output)", hook, ["credential-scan"], Event(project, "PostToolUse", new JsonObject
                {
                    ["tool_name"] = "Bash",
                    ["tool_input"] = new JsonObject { ["command"] = "cat build.log" },
                    ["tool_response"] = new JsonObject { ["stdout"] = string.Concat(Enumerable.Repeat("info: compiled 12 files in 840 ms, sha 3f2c9a1b7e\n", 200)), ["stderr"] = "" },
                })),
                ("steward-hook identity (SessionStart)", hook, ["identity"], Event(project, "SessionStart", new JsonObject { ["source"] = "startup" })),
                ("steward-hook identity (UserPromptSubmit)", hook, ["identity"], Event(project, "UserPromptSubmit", new JsonObject { ["prompt"] = "Where is the release checklist?" })),
                ("node minimal hook (read + write JSON)", "node", [node], guardEvent),
            };

            foreach (var subject in subjects)
            {
                await MeasureOnceAsync(subject.File, subject.Arguments, subject.Input, environment, project);
            }
            var samples = subjects.ToDictionary(s => s.Name, _ => new List<double>());
            for (var run = 0; run < runs; run++)
            {
                foreach (var subject in run % 2 == 0 ? subjects : subjects.Reverse())
                {
                    samples[subject.Name].Add(await MeasureOnceAsync(subject.File, subject.Arguments, subject.Input, environment, project));
                }
            }

            Console.WriteLine($"hook process wall time (spawn → stdin → stdout → exit), {runs} runs each, interleaved ({Environment.ProcessorCount} cores)");
            PercentileTable.Print("subject", 44, samples);
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static Task<string> PublishHookAsync() => ReadyToRunPublish.PublishAsync("hooks/Steward.Hooks", "steward-hook");

    private static string Event(string project, string eventName, JsonObject fields)
    {
        var json = new JsonObject
        {
            ["session_id"] = "9c1f7a52-3a0e-4c55-9f0a-1b2c3d4e5f60",
            ["transcript_path"] = Path.Combine(project, "transcript.jsonl"),
            ["cwd"] = project,
            ["hook_event_name"] = eventName,
        };
        foreach (var (key, value) in fields)
        {
            json[key] = value?.DeepClone();
        }
        return json.ToJsonString();
    }

    private static async Task<double> MeasureOnceAsync(string file, string[] arguments, string input, Dictionary<string, string> environment, string workingDirectory)
    {
        var info = BenchProcess.StartInfo(file, arguments, environment, workingDirectory);

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {await stdout} {await stderr}");
        }
        await stdout;
        return elapsed;
    }
}
