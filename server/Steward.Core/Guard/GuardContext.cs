namespace Steward.Core.Guard;

/// <summary>
/// Where a command would run. Paths are absolute. <paramref name="HasUncommittedWork"/> is asked,
/// lazily and at most once per directory, only for git commands that would throw away uncommitted
/// work; when it is null such commands are asked about instead of denied.
/// <paramref name="CurrentBranch"/> names the checked-out branch of a directory (null = unknown);
/// it lets a bare <c>git push --force-with-lease</c> through on a feature branch.
/// </summary>
public sealed record GuardContext(
    string WorkingDirectory,
    string? ProjectRoot,
    string HomeDirectory,
    Func<string, bool>? HasUncommittedWork = null,
    Func<string, string?>? CurrentBranch = null);
