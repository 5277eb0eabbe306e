namespace Steward.Core.Guard.Analysis;

internal enum TargetPurpose : byte
{
    /// <summary>rm -r, find -delete: every critical place counts, the project included.</summary>
    Removal,
    /// <summary>chmod/chown -R: the system, root and home count; the project is the owner's to change.</summary>
    Permissions,
}

/// <summary>How critical a target is; for a glob, <see cref="Path"/> is the directory it expands in.</summary>
internal readonly record struct Judgement(PathRisk Risk, string Path, bool Uncertain, bool Glob = false)
{
    public bool IsCritical => Risk != PathRisk.None;

    public string Describe() => Glob ? "everything in " + CriticalPaths.Describe(Risk, Path) : CriticalPaths.Describe(Risk, Path);
}

/// <summary>
/// Decides whether an argument names a critical place: resolved against the working directory
/// (and against where the script would be if an earlier cd failed), with globs judged by the
/// directory they expand in.
/// </summary>
internal static class TargetJudge
{
    public static Judgement Judge(ResolvedArg arg, WalkScope scope, GuardEnvironment environment, TargetPurpose purpose)
    {
        var text = arg.Text;
        if (text.Length == 0)
        {
            return default;
        }
        if (text[0] == '/')
        {
            return JudgeIn("/", text, arg, environment, purpose);
        }
        if (scope.WorkingDirectory is { } directory)
        {
            var judgement = JudgeIn(directory, text, arg, environment, purpose);
            if (judgement.IsCritical)
            {
                return judgement;
            }
            if (scope.WorkingDirectoryIfCdFailed is { } fallback)
            {
                judgement = JudgeIn(fallback, text, arg, environment, purpose);
                if (judgement.IsCritical)
                {
                    return judgement with { Uncertain = true };
                }
            }
            return default;
        }
        return IsHere(text) ? new Judgement(PathRisk.UnknownDirectory, text, true) : default;
    }

    private static Judgement JudgeIn(string directory, string text, ResolvedArg arg, GuardEnvironment environment, TargetPurpose purpose)
    {
        // rm -rf x/ follows a symlink x; rm -rf x removes only the link.
        var path = environment.FollowSymlinks(PathMath.Resolve(directory, text)!, followLast: text.EndsWith('/') || text.EndsWith("/."));
        var includeProject = purpose == TargetPurpose.Removal;
        var globAt = arg.Glob ? path.AsSpan().IndexOfAny("*?[") : -1;
        if (globAt >= 0)
        {
            var segmentStart = path.LastIndexOf('/', globAt);
            var prefix = segmentStart <= 0 ? "/" : path[..segmentStart];
            var prefixRisk = CriticalPaths.Classify(prefix, environment, includeProject);
            // At / or in a system directory any glob is a disaster (/u*); elsewhere only one that matches
            // everything (*, .*, */*), not one that picks names (*.log, */node_modules).
            if (prefixRisk is PathRisk.Root or PathRisk.SystemDirectory || (prefixRisk != PathRisk.None && AllBroad(path.AsSpan(segmentStart + 1))))
            {
                return new Judgement(prefixRisk, prefix, arg.Uncertain, Glob: true);
            }
            return default;
        }
        var risk = CriticalPaths.Classify(path, environment, includeProject);
        if (risk == PathRisk.None && purpose == TargetPurpose.Removal && PathMath.ClimbsUp(text) && PathMath.IsSameOrAncestor(path, directory))
        {
            risk = PathRisk.WorkingAncestor;
        }
        return new Judgement(risk, path, arg.Uncertain);
    }

    private static bool AllBroad(ReadOnlySpan<char> segments)
    {
        foreach (var range in segments.Split('/'))
        {
            if (!IsBroad(segments[range]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A glob segment that matches (nearly) everything: nothing literal in it but dots.</summary>
    public static bool IsBroad(ReadOnlySpan<char> segment)
    {
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            if (c == '[')
            {
                var close = segment[(i + 1)..].IndexOf(']');
                if (close >= 0)
                {
                    i += close + 1;
                    continue;
                }
            }
            if (c is not ('*' or '?' or '.'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Names the working directory itself or everything in it: <c>.</c>, <c>./</c>, <c>*</c>, <c>..</c>.</summary>
    private static bool IsHere(string text)
    {
        var trimmed = text.AsSpan().TrimEnd('/');
        return trimmed.Length == 0 || trimmed is "." or ".." || trimmed.StartsWith("../") || trimmed.StartsWith("..") && trimmed.Length == 2
            || (trimmed.IndexOf('/') < 0 && IsBroad(trimmed)) || (trimmed.StartsWith("./") && IsBroad(trimmed[2..]));
    }
}
