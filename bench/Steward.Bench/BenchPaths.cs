namespace Steward.Bench;

internal static class BenchPaths
{
    public static string RepositoryRoot { get; } = Find();

    public static string Artifacts => Path.Combine(RepositoryRoot, "artifacts", "bench");

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Mcp.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Run the benchmarks from inside the repository.");
    }
}
