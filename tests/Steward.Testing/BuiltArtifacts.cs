namespace Steward.Testing;

/// <summary>Finds the repository and the executables its build produced, for tests that run real processes.</summary>
public static class BuiltArtifacts
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Debug or Release, whichever built the running test assembly.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The dll of a built executable project (run it with `dotnet`), e.g. ("server/Steward", "steward").</summary>
    public static string Dll(string projectDirectory, string assemblyName)
    {
        var path = Path.Combine(RepositoryRoot, projectDirectory, "bin", Configuration, "net10.0", assemblyName + ".dll");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: the test project must reference {projectDirectory} so the build produces it.");
        }
        return path;
    }

    public static string StewardDll => Dll("server/Steward", "steward");

    public static string HookDll => Dll("hooks/Steward.Hooks", "steward-hook");

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Mcp.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No Mcp.sln above {AppContext.BaseDirectory}.");
    }
}
