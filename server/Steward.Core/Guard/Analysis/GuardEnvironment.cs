namespace Steward.Core.Guard.Analysis;

/// <summary>
/// The fixed facts of one evaluation: normalised home and project paths, and the context's
/// callbacks, each asked at most once per directory (they may run git, so they are slow and may fail).
/// </summary>
internal sealed class GuardEnvironment
{
    private readonly GuardContext _context;
    private Dictionary<string, bool?>? _uncommitted;
    private Dictionary<string, string?>? _branches;

    public GuardEnvironment(GuardContext context)
    {
        _context = context;
        Home = PathMath.NormalizeAbsolute(string.IsNullOrEmpty(context.HomeDirectory) ? "/root" : context.HomeDirectory);
        ProjectRoot = string.IsNullOrEmpty(context.ProjectRoot) ? null : PathMath.NormalizeAbsolute(context.ProjectRoot);
        WorkingDirectory = string.IsNullOrEmpty(context.WorkingDirectory) ? null : PathMath.NormalizeAbsolute(context.WorkingDirectory);
    }

    public string Home { get; }

    public string? ProjectRoot { get; }

    /// <summary>Symbolic links the command itself creates (<c>ln -s / x</c>): link path to target path.</summary>
    public Dictionary<string, string>? Symlinks { get; private set; }

    public void AddSymlink(string link, string target) => (Symlinks ??= new(StringComparer.Ordinal))[link] = target;

    /// <summary>Follows the command's own symlinks in a path (<c>x/</c> after <c>ln -s / x</c> is <c>/</c>).</summary>
    public string FollowSymlinks(string path, bool followLast)
    {
        if (Symlinks is null)
        {
            return path;
        }
        for (var hop = 0; hop < 8; hop++)
        {
            var changed = false;
            foreach (var (link, target) in Symlinks)
            {
                if ((path == link && followLast) || (path.Length > link.Length && path.StartsWith(link, StringComparison.Ordinal) && path[link.Length] == '/'))
                {
                    path = PathMath.NormalizeAbsolute(target + path[link.Length..]);
                    changed = true;
                    break;
                }
            }
            if (!changed)
            {
                break;
            }
        }
        return path;
    }

    /// <summary>Null when the context gave none: relative paths are then of unknown location.</summary>
    public string? WorkingDirectory { get; }

    /// <summary>True or false from the context's callback; null when there is none, it failed, or the directory is unknown.</summary>
    public bool? HasUncommittedWork(string? directory)
    {
        if (directory is null || _context.HasUncommittedWork is not { } probe)
        {
            return null;
        }
        _uncommitted ??= new(StringComparer.Ordinal);
        if (!_uncommitted.TryGetValue(directory, out var answer))
        {
            try
            {
                answer = probe(directory);
            }
#pragma warning disable CA1031 // a failing probe must not decide anything: it means "unknown"
            catch (Exception)
#pragma warning restore CA1031
            {
                answer = null;
            }
            _uncommitted[directory] = answer;
        }
        return answer;
    }

    /// <summary>The branch checked out in a directory, or null when unknown.</summary>
    public string? CurrentBranch(string? directory)
    {
        if (directory is null || _context.CurrentBranch is not { } probe)
        {
            return null;
        }
        _branches ??= new(StringComparer.Ordinal);
        if (!_branches.TryGetValue(directory, out var branch))
        {
            try
            {
                branch = probe(directory);
            }
#pragma warning disable CA1031 // a failing probe means "unknown branch", which the rule treats cautiously
            catch (Exception)
#pragma warning restore CA1031
            {
                branch = null;
            }
            _branches[directory] = branch;
        }
        return branch;
    }
}
