namespace Steward.Core.Homes;

/// <summary>Where a home was found, and why there.</summary>
public enum HomeSource
{
    /// <summary>The --home option.</summary>
    Option,
    /// <summary>The STEWARD_HOME environment variable.</summary>
    Environment,
    /// <summary>The nearest .steward/ walking up from the working directory.</summary>
    WorkingDirectory,
    /// <summary>~/.steward, the last resort (it may not exist yet).</summary>
    UserDefault,
}

public sealed record HomeLocation(AgentHome Home, HomeSource Source)
{
    public bool Exists => Home.Exists;
}

/// <summary>
/// Finds the agent home: --home, then $STEWARD_HOME, then the nearest .steward/ up from the working
/// directory, then ~/.steward.
/// </summary>
public sealed class HomeLocator(string workingDirectory, string? environmentValue, string userHomeDirectory)
{
    public const string EnvironmentVariable = "STEWARD_HOME";

    public static HomeLocator FromProcess() => new(
        Directory.GetCurrentDirectory(),
        Environment.GetEnvironmentVariable(EnvironmentVariable),
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    public HomeLocation Locate(string? explicitPath = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return new(new AgentHome(Expand(explicitPath)), HomeSource.Option);
        }
        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            return new(new AgentHome(Expand(environmentValue)), HomeSource.Environment);
        }
        if (FindUpwards() is { } found)
        {
            return new(new AgentHome(found), HomeSource.WorkingDirectory);
        }
        return new(new AgentHome(Path.Combine(userHomeDirectory, AgentHome.DirectoryName)), HomeSource.UserDefault);
    }

    /// <summary>
    /// The home a command that creates one should use: the located home, except that the user default
    /// is only used when it already exists; otherwise a new .steward/ in the working directory.
    /// </summary>
    public HomeLocation LocateOrCreateHere(string? explicitPath = null)
    {
        var located = Locate(explicitPath);
        if (located.Source != HomeSource.UserDefault || located.Exists)
        {
            return located;
        }
        return new(new AgentHome(Path.Combine(workingDirectory, AgentHome.DirectoryName)), HomeSource.WorkingDirectory);
    }

    /// <summary>Describes the search for an error message when no home was found.</summary>
    public string DescribeSearch() =>
        $"${EnvironmentVariable} (unset), a {AgentHome.DirectoryName}/ directory in {workingDirectory} or any parent, " +
        $"and {Path.Combine(userHomeDirectory, AgentHome.DirectoryName)}";

    private string? FindUpwards()
    {
        for (var directory = new DirectoryInfo(Path.GetFullPath(workingDirectory)); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, AgentHome.DirectoryName);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private string Expand(string path)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            path = userHomeDirectory + path[1..];
        }
        return Path.GetFullPath(path, workingDirectory);
    }
}
