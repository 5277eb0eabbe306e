namespace Steward.Bench;

/// <summary>Publishes a project the way the plugin ships it (Release, ReadyToRun, framework-dependent) under artifacts/bench/.</summary>
internal static class ReadyToRunPublish
{
    /// <returns>The path of the published executable.</returns>
    public static async Task<string> PublishAsync(string project, string name)
    {
        var output = Path.Combine(BenchPaths.Artifacts, name);
        Console.Error.WriteLine($"publishing {name} (Release, ReadyToRun) to {output} ...");
        await ExternalCommand.RunAsync("dotnet", BenchPaths.RepositoryRoot, "publish", project, "-c", "Release", "-r", "linux-x64",
            "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", output);
        return Path.Combine(output, name);
    }
}
