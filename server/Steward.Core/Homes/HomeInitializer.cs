using System.Text.RegularExpressions;
using Steward.Core.Configuration;
using Steward.Core.Files;
using Steward.Core.Storage;

namespace Steward.Core.Homes;

public sealed record InitReport(AgentHome Home, string Name, IReadOnlyList<string> Created, IReadOnlyList<string> Kept, IReadOnlyList<string> Notes);

/// <summary>
/// Creates an agent home, or completes one: whatever exists is kept as it is (the owner may have
/// edited it), whatever is missing is created. Running it twice changes nothing.
/// </summary>
public static partial class HomeInitializer
{
    public static InitReport Initialize(AgentHome home, string? requestedName = null)
    {
        if (requestedName is not null)
        {
            ValidateName(requestedName);
        }
        var created = new List<string>();
        var kept = new List<string>();
        var notes = new List<string>();

        if (Directory.Exists(home.Root))
        {
            kept.Add("./");
            var mode = File.GetUnixFileMode(home.Root);
            if (!OwnerOnly.IsOwnerOnly(mode))
            {
                File.SetUnixFileMode(home.Root, OwnerOnly.Directory);
                notes.Add($"Tightened the home's permissions from {OwnerOnly.Format(mode)} to 0700: it holds keys and tokens.");
            }
        }
        else
        {
            Directory.CreateDirectory(home.Root, OwnerOnly.Directory);
            created.Add("./");
        }

        var name = EnsureConfig(home, requestedName, created, kept, notes);

        Track("AGENT.md", AtomicFile.CreateIfMissing(Path.Combine(home.Root, "AGENT.md"), HomeTemplates.Agent(name), OwnerOnly.File), created, kept);
        Track("USER.md", AtomicFile.CreateIfMissing(Path.Combine(home.Root, "USER.md"), HomeTemplates.User, OwnerOnly.File), created, kept);
        Track("MEMORY.md", AtomicFile.CreateIfMissing(Path.Combine(home.Root, "MEMORY.md"), HomeTemplates.Memory, OwnerOnly.File), created, kept);

        foreach (var directory in new[] { home.JobsDirectory, home.SessionsDirectory, home.KeysDirectory, home.LogsDirectory })
        {
            var existed = Directory.Exists(directory);
            Directory.CreateDirectory(directory, OwnerOnly.Directory);
            Track(Path.GetFileName(directory) + "/", !existed, created, kept);
        }

        Track("keys/threadline.key", Threadline.ThreadlineKeyFile.CreateIfMissing(home), created, kept);

        var databaseExisted = File.Exists(home.DatabasePath);
        using (new StewardDatabase(home.DatabasePath).Open())
        {
        }
        if (!databaseExisted)
        {
            File.SetUnixFileMode(home.DatabasePath, OwnerOnly.File);
        }
        Track("state.db", !databaseExisted, created, kept);

        return new(home, name, created, kept, notes);
    }

    /// <summary>A default agent name: the folder that holds the home (the project), else "steward".</summary>
    public static string DefaultName(AgentHome home)
    {
        var folder = Path.GetFileName(Path.GetDirectoryName(home.Root.TrimEnd('/')) ?? "");
        var cleaned = UnsafeNameCharacters().Replace(folder, "-").Trim('-', '.');
        return cleaned.Length is > 0 and <= 64 ? cleaned : "steward";
    }

    private static string EnsureConfig(AgentHome home, string? requestedName, List<string> created, List<string> kept, List<string> notes)
    {
        if (!File.Exists(home.ConfigPath))
        {
            var name = requestedName ?? DefaultName(home);
            StewardConfig.CreateDefault(name).Save(home.ConfigPath);
            created.Add("config.json");
            return name;
        }
        kept.Add("config.json");
        try
        {
            var existing = StewardConfig.Load(home.ConfigPath);
            if (requestedName is not null && requestedName != existing.Name)
            {
                notes.Add($"Kept the existing name \"{existing.Name}\" from config.json; edit \"name\" there to rename the agent.");
            }
            return existing.Name;
        }
        catch (StewardException e)
        {
            notes.Add($"config.json was left untouched but has a problem: {e.Message}");
            return requestedName ?? DefaultName(home);
        }
    }

    private static void ValidateName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64 || name.Any(char.IsControl))
        {
            throw new StewardException("The agent name must be 1-64 printable characters.");
        }
    }

    private static void Track(string item, bool wasCreated, List<string> created, List<string> kept) =>
        (wasCreated ? created : kept).Add(item);

    [GeneratedRegex("[^A-Za-z0-9._-]+")]
    private static partial Regex UnsafeNameCharacters();
}
