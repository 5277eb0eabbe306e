namespace Steward.Core.Guard.Analysis;

internal enum PathRisk : byte
{
    None,
    Root,
    SystemDirectory,
    Home,
    HomeAncestor,
    ProjectRoot,
    ProjectAncestor,
    /// <summary>Reached with <c>..</c>: the working directory itself or one of its parents.</summary>
    WorkingAncestor,
    /// <summary><c>~/.ssh</c>, <c>~/.gnupg</c>: the keys that get the owner into everything else.</summary>
    Credentials,
    /// <summary><c>.</c> or <c>*</c> after a cd the guard could not follow.</summary>
    UnknownDirectory,
    /// <summary>The project's <c>.git</c>: all of its history and unpushed work (asked, not denied: re-initialising is sometimes meant).</summary>
    RepositoryHistory,
}

/// <summary>Places whose recursive removal (or re-permissioning) wrecks a machine, a home or a project.</summary>
internal static class CriticalPaths
{
    /// <summary>Top-level system directories; they and their direct children (<c>/usr/lib</c>, <c>/etc/nginx</c>) are critical.</summary>
    private static readonly HashSet<string> SystemDirectories = new(StringComparer.Ordinal)
    {
        "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64", "/libx32", "/media", "/mnt", "/opt",
        "/proc", "/root", "/run", "/sbin", "/snap", "/srv", "/sys", "/usr", "/var",
    };

    /// <param name="includeProject">Whether the project root and its parents count (they do for removal, not for chmod/chown).</param>
    public static PathRisk Classify(string path, GuardEnvironment environment, bool includeProject)
    {
        if (path == "/")
        {
            return PathRisk.Root;
        }
        if (path == environment.Home)
        {
            return PathRisk.Home;
        }
        if (PathMath.IsSameOrAncestor(path, environment.Home))
        {
            return PathRisk.HomeAncestor;
        }
        if (includeProject && environment.ProjectRoot is { } project && PathMath.IsSameOrAncestor(path, project))
        {
            return path == project ? PathRisk.ProjectRoot : PathRisk.ProjectAncestor;
        }
        if (SystemDirectories.Contains(path) || SystemDirectories.Contains(PathMath.Parent(path)))
        {
            return PathRisk.SystemDirectory;
        }
        if (PathMath.Parent(path) == environment.Home && path.AsSpan(environment.Home.Length) is "/.ssh" or "/.gnupg")
        {
            return PathRisk.Credentials;
        }
        if (includeProject && environment.ProjectRoot is { } root && path.Length == root.Length + 5 && path.StartsWith(root, StringComparison.Ordinal) && path.EndsWith("/.git", StringComparison.Ordinal))
        {
            return PathRisk.RepositoryHistory;
        }
        return PathRisk.None;
    }

    public static string Describe(PathRisk risk, string path) => risk switch
    {
        PathRisk.Root => "the filesystem root (/)",
        PathRisk.SystemDirectory => $"{path}, a system directory",
        PathRisk.Home => $"your home directory ({path})",
        PathRisk.HomeAncestor => $"{path}, which contains your home directory",
        PathRisk.ProjectRoot => $"the project root ({path})",
        PathRisk.ProjectAncestor => $"{path}, which contains the project",
        PathRisk.WorkingAncestor => $"{path}, the working directory or one of its parents",
        PathRisk.Credentials => $"{path}, which holds your keys",
        PathRisk.UnknownDirectory => $"'{path}' in a directory the guard could not determine",
        PathRisk.RepositoryHistory => $"{path}, the repository's whole history (including commits never pushed)",
        _ => path,
    };
}
