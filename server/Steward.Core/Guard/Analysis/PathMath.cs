using System.Text;

namespace Steward.Core.Guard.Analysis;

/// <summary>
/// Lexical path arithmetic (no file system access, no symlinks): the guard judges where a path
/// lands as written, <c>../../..</c> and <c>/tmp/../</c> included.
/// </summary>
internal static class PathMath
{
    /// <summary>Joins a path to a directory (when relative) and normalises it; null when the directory is unknown.</summary>
    public static string? Resolve(string? directory, string path)
    {
        if (path.StartsWith('/'))
        {
            return NormalizeAbsolute(path);
        }
        return directory is null ? null : NormalizeAbsolute(directory + "/" + path);
    }

    /// <summary>Collapses <c>//</c>, <c>.</c> and <c>..</c> and drops a trailing slash; <c>/..</c> stays at <c>/</c>.</summary>
    public static string NormalizeAbsolute(string path)
    {
        if (IsNormal(path))
        {
            return path;
        }
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
                continue;
            }
            segments.Add(segment);
        }
        if (segments.Count == 0)
        {
            return "/";
        }
        var builder = new StringBuilder(path.Length);
        foreach (var segment in segments)
        {
            builder.Append('/').Append(segment);
        }
        return builder.ToString();
    }

    /// <summary>Fast path: absolute, no empty, <c>.</c> or <c>..</c> segment, no trailing slash.</summary>
    private static bool IsNormal(string path)
    {
        if (path.Length == 0 || path[0] != '/')
        {
            return false;
        }
        if (path.Length == 1)
        {
            return true;
        }
        if (path[^1] == '/')
        {
            return false;
        }
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] != '/')
            {
                continue;
            }
            var next = i + 1 < path.Length ? path[i + 1] : '\0';
            if (next == '/' || (next == '.' && (i + 2 >= path.Length || path[i + 2] == '/' || (path[i + 2] == '.' && (i + 3 >= path.Length || path[i + 3] == '/')))))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary><paramref name="ancestor"/> is <paramref name="path"/> or one of its parents (both normalised).</summary>
    public static bool IsSameOrAncestor(string ancestor, string path) =>
        ancestor == "/" || path == ancestor || (path.Length > ancestor.Length && path.StartsWith(ancestor, StringComparison.Ordinal) && path[ancestor.Length] == '/');

    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }

    /// <summary>A path written with a <c>..</c> segment.</summary>
    public static bool ClimbsUp(string path) =>
        path == ".." || path.StartsWith("../", StringComparison.Ordinal) || path.EndsWith("/..", StringComparison.Ordinal) || path.Contains("/../", StringComparison.Ordinal);
}
