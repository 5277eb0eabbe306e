namespace Steward.Core.Secrets;

/// <summary>
/// Well-known files that hold credentials (.env, SSH private keys, cloud and registry credential
/// files, key stores) and the files a Bash command would read, for the PreToolUse check that stops
/// a secret file from being read into the conversation at all. Files that only sometimes hold a
/// secret (.npmrc, .pypirc, ~/.docker/config.json, *.pem) are judged by their content when it can
/// be read: <c>_authToken=${NPM_TOKEN}</c> or a certificate-only .pem is fine.
/// </summary>
public static class SensitiveFiles
{
    private const long MaxReadBytes = 1024 * 1024;

    /// <summary>Why <paramref name="path"/> is a secret file, or null; reads the file (≤ 1 MB) when its content decides.</summary>
    public static string? Describe(string path) => Describe(path, ReadSmallFile);

    /// <summary>As <see cref="Describe(string)"/>, with <paramref name="readFile"/> (path → content or null) for content checks.</summary>
    public static string? Describe(string path, Func<string, string?> readFile)
    {
        ArgumentNullException.ThrowIfNull(readFile);
        var normalized = (path ?? "").Trim().Replace('\\', '/').TrimEnd('/');
        if (normalized.Length == 0)
        {
            return null;
        }
        var slash = normalized.LastIndexOf('/');
        var name = normalized[(slash + 1)..];
        var directory = slash < 0 ? "" : normalized[..slash];
        return name.AsSpan().IndexOfAny('*', '?', '[') >= 0
            ? SecretFilePatterns.DescribeGlob(directory, name)
            : SecretFilePatterns.DescribeName(directory, name, () => readFile(path!));
    }

    /// <summary>
    /// True when a config file's content holds a credential: an npm <c>_authToken</c>/<c>_auth</c>/
    /// <c>_password</c>, a .pypirc <c>password</c>, a docker <c>auths</c> entry with an <c>auth</c> or
    /// identity token, or anything <see cref="SecretScanner"/> finds. References such as
    /// <c>${NPM_TOKEN}</c> are not credentials.
    /// </summary>
    public static bool HoldsToken(string content) => SecretFileContents.HoldsToken(content ?? "");

    /// <summary>Best-effort: the file paths a Bash command reads (as written, unexpanded), for <see cref="Describe(string)"/>.</summary>
    public static IReadOnlyList<string> PathsIn(string bashCommand) => BashReadPaths.Find(bashCommand ?? "");

    private static string? ReadSmallFile(string path)
    {
        try
        {
            var expanded = path.StartsWith("~/", StringComparison.Ordinal)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
                : path;
            var file = new FileInfo(expanded);
            return file.Exists && file.Length <= MaxReadBytes ? File.ReadAllText(file.FullName) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}
