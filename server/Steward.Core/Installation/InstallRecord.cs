using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Steward.Core.Files;

namespace Steward.Core.Installation;

/// <summary>
/// What `steward install` changed, kept beside the settings it changed so `steward uninstall` can
/// undo exactly that: per file, the bytes it had before Steward's last write (or that it did not
/// exist) and a hash of what Steward wrote. A file nobody touched since is restored byte for byte;
/// one the user edited meanwhile has only Steward's entries taken out.
/// </summary>
internal sealed class InstallRecord
{
    private readonly JsonObject _root;

    private InstallRecord(string path, JsonObject root)
    {
        Path = path;
        _root = root;
    }

    public string Path { get; }

    public bool Exists => File.Exists(Path);

    /// <summary>The hook commands and MCP server Steward added, as last installed.</summary>
    public IReadOnlySet<string> HookCommands =>
        (_root["hook_commands"] as JsonArray ?? []).Select(c => c!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);

    public JsonObject? Server => _root["server"] as JsonObject;

    public bool AddedApproval => _root["added_approval"]?.GetValue<bool>() ?? false;

    public IReadOnlyList<string> CreatedDirectories => (_root["created_directories"] as JsonArray ?? []).Select(d => d!.GetValue<string>()).ToList();

    public static InstallRecord Load(string path)
    {
        if (!File.Exists(path))
        {
            return new InstallRecord(path, new JsonObject { ["version"] = 1, ["files"] = new JsonObject() });
        }
        try
        {
            return new InstallRecord(path, JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new StewardException($"{path} is not a Steward install record."));
        }
        catch (JsonException e)
        {
            throw new StewardException($"{path} (Steward's install record) is damaged: {e.Message}. Remove Steward's entries by hand, then delete it.", e);
        }
    }

    public void RememberInstall(IReadOnlySet<string> hookCommands, JsonObject server, bool addedApproval, IEnumerable<string> createdDirectories)
    {
        _root["hook_commands"] = new JsonArray(hookCommands.Order(StringComparer.Ordinal).Select(c => (JsonNode?)JsonValue.Create(c)).ToArray());
        _root["server"] = server.DeepClone();
        _root["added_approval"] = AddedApproval || addedApproval;
        var directories = CreatedDirectories.Union(createdDirectories).ToArray();
        _root["created_directories"] = new JsonArray(directories.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray());
    }

    /// <summary>Notes that Steward is about to replace <paramref name="file"/>'s <paramref name="before"/> (null: absent) with <paramref name="after"/>.</summary>
    public void RememberWrite(string file, byte[]? before, byte[] after)
    {
        var files = (JsonObject)_root["files"]!;
        // Keep the older original only while the file still holds exactly what Steward last wrote.
        if (files[file] is JsonObject previous && before is not null && previous["written_sha256"]?.GetValue<string>() == Hash(before))
        {
            previous["written_sha256"] = Hash(after);
            return;
        }
        files[file] = new JsonObject
        {
            ["existed"] = before is not null,
            ["original_base64"] = before is null ? null : Convert.ToBase64String(before),
            ["written_sha256"] = Hash(after),
        };
    }

    /// <summary>The original bytes to put back (null bytes: delete the file) when <paramref name="current"/> is exactly what Steward wrote; else null.</summary>
    public (bool Untouched, byte[]? Original) OriginalIfUntouched(string file, byte[] current)
    {
        if ((_root["files"] as JsonObject)?[file] is not JsonObject entry || entry["written_sha256"]?.GetValue<string>() != Hash(current))
        {
            return (false, null);
        }
        return (true, entry["existed"]?.GetValue<bool>() == true ? Convert.FromBase64String(entry["original_base64"]!.GetValue<string>()) : null);
    }

    public void Save()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        AtomicFile.WriteAllText(Path, _root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public void Delete() => File.Delete(Path);

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
