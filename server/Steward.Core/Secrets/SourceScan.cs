namespace Steward.Core.Secrets;

/// <summary>A credential found in a file (or stdin), with a 1-based line and column for editors.</summary>
public sealed record SourceFinding(string Source, int Line, int Column, SecretFinding Finding);

/// <summary>Everything one scan found, what it read, and what it passed over and why.</summary>
public sealed record SourceScanReport(IReadOnlyList<SourceFinding> Findings, int SourcesScanned, IReadOnlyList<string> Skipped);

/// <summary>
/// Scans files, directory trees and stdin (`-`) for credentials: the engine behind `steward scan`.
/// Directories are walked without following links; version-control and dependency folders,
/// binary files and very large files are passed over and reported, never silently dropped.
/// </summary>
public static class SourceScan
{
    public const string StandardInput = "-";
    public const long MaxFileBytes = 64L * 1024 * 1024;

    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.Ordinal) { ".git", ".hg", ".svn", "node_modules" };

    /// <summary>Throws <see cref="StewardException"/> before reading anything when a named path does not exist.</summary>
    public static SourceScanReport Run(IReadOnlyList<string> paths, Func<string> readStandardInput)
    {
        if (paths.Count == 0)
        {
            throw new StewardException("Name a file, a directory, or - for standard input.");
        }
        var missing = paths.Where(p => p != StandardInput && !File.Exists(p) && !Directory.Exists(p)).ToList();
        if (missing.Count > 0)
        {
            throw new StewardException($"No such file or directory: {string.Join(", ", missing)}");
        }

        var findings = new List<SourceFinding>();
        var skipped = new List<string>();
        var scanned = 0;
        foreach (var path in paths)
        {
            if (path == StandardInput)
            {
                findings.AddRange(Locate("(stdin)", readStandardInput()));
                scanned++;
                continue;
            }
            foreach (var file in Directory.Exists(path) ? Walk(path, skipped) : [path])
            {
                if (ReadText(file, skipped) is { } text)
                {
                    findings.AddRange(Locate(file, text));
                    scanned++;
                }
            }
        }
        return new SourceScanReport(findings, scanned, skipped);
    }

    /// <summary>Findings in one text with line and column numbers.</summary>
    public static IEnumerable<SourceFinding> Locate(string source, string text)
    {
        var line = 1;
        var lineStart = 0;
        var position = 0;
        foreach (var finding in SecretScanner.Scan(text))
        {
            for (; position < finding.Start; position++)
            {
                if (text[position] == '\n')
                {
                    line++;
                    lineStart = position + 1;
                }
            }
            yield return new SourceFinding(source, line, finding.Start - lineStart + 1, finding);
        }
    }

    private static IEnumerable<string> Walk(string root, List<string> skipped)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = false, AttributesToSkip = FileAttributes.ReparsePoint };
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            string[] files, directories;
            try
            {
                files = Directory.GetFiles(directory, "*", options);
                directories = Directory.GetDirectories(directory, "*", options);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                skipped.Add($"{directory}: cannot be listed ({e.Message})");
                continue;
            }
            Array.Sort(files, StringComparer.Ordinal);
            foreach (var file in files)
            {
                yield return file;
            }
            for (var i = directories.Length - 1; i >= 0; i--)
            {
                if (SkippedDirectories.Contains(Path.GetFileName(directories[i])))
                {
                    skipped.Add($"{directories[i]}: {Path.GetFileName(directories[i])} folders are not scanned (name the folder to scan it)");
                }
                else
                {
                    pending.Push(directories[i]);
                }
            }
        }
    }

    private static string? ReadText(string file, List<string> skipped)
    {
        try
        {
            var length = new FileInfo(file).Length;
            if (length > MaxFileBytes)
            {
                skipped.Add($"{file}: larger than {MaxFileBytes / (1024 * 1024)} MiB");
                return null;
            }
            var text = File.ReadAllText(file);
            if (text.AsSpan(0, Math.Min(text.Length, 8192)).Contains('\0'))
            {
                skipped.Add($"{file}: binary");
                return null;
            }
            return text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            skipped.Add($"{file}: cannot be read ({e.Message})");
            return null;
        }
    }
}
