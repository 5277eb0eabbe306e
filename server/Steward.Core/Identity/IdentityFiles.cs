using System.Globalization;
using System.Text;
using Steward.Core.Files;
using Steward.Core.Homes;

namespace Steward.Core.Identity;

/// <summary>
/// AGENT.md, USER.md and MEMORY.md: who the agent is, who it serves, and its standing notes.
/// Updates are validated, serialized across processes, written atomically, and a replaced
/// version is kept, so a bad update never loses the owner's text.
/// </summary>
public sealed class IdentityFiles(AgentHome home, TimeProvider? timeProvider = null)
{
    public const int MaxUpdateCharacters = 65_536;
    public const int MaxFileBytes = 262_144;
    public const int BackupsKeptPerFile = 20;

    private static readonly (string Name, string Purpose)[] Known =
    [
        ("AGENT.md", "who the agent is: name, purpose, tone, boundaries"),
        ("USER.md", "who the agent serves: the owner and their preferences"),
        ("MEMORY.md", "long-term notes in front of the agent at every session start"),
    ];

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public static IReadOnlyList<string> Names { get; } = Known.Select(k => k.Name).ToArray();

    public static string AcceptedNamesText { get; } = string.Join(", ", Known.Select(k => $"{k.Name} ({k.Purpose})"));

    /// <summary>Maps "AGENT.md", "agent.md" or "agent" to the canonical file name; anything else is an error.</summary>
    public static string ResolveName(string? requested)
    {
        var trimmed = requested?.Trim() ?? "";
        foreach (var (name, _) in Known)
        {
            if (string.Equals(trimmed, name, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(trimmed, Path.GetFileNameWithoutExtension(name), StringComparison.OrdinalIgnoreCase))
            {
                return name;
            }
        }
        throw new StewardException($"Unknown identity file '{requested}'. Accepted: {AcceptedNamesText}.");
    }

    public static IdentityUpdateMode ParseMode(string? mode) => mode?.Trim().ToLowerInvariant() switch
    {
        null or "" or "append" => IdentityUpdateMode.Append,
        "replace" => IdentityUpdateMode.Replace,
        _ => throw new StewardException($"Unknown mode '{mode}'. Accepted: append (add at the end; the default) or replace (the whole file; the old version is kept)."),
    };

    public IReadOnlyList<IdentityDocument> ReadAll() => Names.Select(Read).ToArray();

    public IdentityDocument Read(string name)
    {
        var canonical = ResolveName(name);
        var path = Path.Combine(home.Root, canonical);
        var purpose = Known.First(k => k.Name == canonical).Purpose;
        if (!File.Exists(path))
        {
            return new(canonical, purpose, "", 0, null, Exists: false);
        }
        var content = File.ReadAllText(path);
        return new(canonical, purpose, content, new FileInfo(path).Length, File.GetLastWriteTimeUtc(path), Exists: true);
    }

    public async Task<IdentityUpdateResult> UpdateAsync(string name, string? text, IdentityUpdateMode mode, CancellationToken cancellationToken = default)
    {
        var canonical = ResolveName(name);
        ValidateText(text);
        if (!home.Exists)
        {
            throw new StewardException($"There is no agent home at {home.Root}. Run `steward init` first.");
        }

        using var fileLock = await ExclusiveFileLock.AcquireAsync(Path.Combine(home.Root, "identity.lock"), TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        var path = Path.Combine(home.Root, canonical);
        var previous = File.Exists(path) ? File.ReadAllText(path) : "";
        var updated = mode == IdentityUpdateMode.Replace ? WithFinalNewline(text!) : Append(previous, text!);
        var updatedBytes = Encoding.UTF8.GetByteCount(updated);
        if (updatedBytes > MaxFileBytes)
        {
            throw new StewardException(
                $"{canonical} would grow to {updatedBytes:N0} bytes; the limit is {MaxFileBytes:N0}. " +
                "Condense it with mode \"replace\", or keep details in searchable memory instead.");
        }

        var backup = previous.Length > 0 && mode == IdentityUpdateMode.Replace ? Backup(canonical, previous) : null;
        AtomicFile.WriteAllText(path, updated, OwnerOnly.File);
        return new(Read(canonical), mode, Encoding.UTF8.GetByteCount(previous), backup);
    }

    private static void ValidateText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new StewardException("The text is empty. Send the content to write (for mode \"replace\", the whole new file).");
        }
        if (text.Length > MaxUpdateCharacters)
        {
            throw new StewardException($"The text has {text.Length:N0} characters; one update may carry at most {MaxUpdateCharacters:N0}.");
        }
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new StewardException("The text contains NUL characters; identity files are plain Markdown.");
        }
    }

    private static string Append(string existing, string text)
    {
        var separator = existing.Length == 0 || existing.EndsWith("\n\n", StringComparison.Ordinal) ? ""
            : existing.EndsWith('\n') ? "\n" : "\n\n";
        return existing + separator + WithFinalNewline(text);
    }

    private static string WithFinalNewline(string text) => text.EndsWith('\n') ? text : text + "\n";

    private string Backup(string canonical, string previous)
    {
        var directory = Path.Combine(home.HistoryDirectory, "identity");
        Directory.CreateDirectory(directory, OwnerOnly.Directory);
        var stem = Path.GetFileNameWithoutExtension(canonical);
        var stamp = _time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        var backup = Path.Combine(directory, $"{stem}.{stamp}.md");
        AtomicFile.WriteAllText(backup, previous, OwnerOnly.File);
        foreach (var old in Directory.GetFiles(directory, $"{stem}.*.md").Order(StringComparer.Ordinal).SkipLast(BackupsKeptPerFile))
        {
            File.Delete(old);
        }
        return backup;
    }
}
