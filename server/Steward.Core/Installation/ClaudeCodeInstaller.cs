using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Steward.Core.Files;

namespace Steward.Core.Installation;

/// <summary>
/// `steward install` / `steward uninstall`: registers the bundle's hooks in Claude Code's
/// settings.json and its MCP server in .mcp.json (project) or ~/.claude.json (user), for people
/// who do not use plugins. Re-running changes nothing; the user's own entries are never removed
/// or duplicated; uninstall takes out exactly what install added (see <see cref="InstallRecord"/>).
/// A file that is not valid JSON stops everything before anything is written.
/// </summary>
public static class ClaudeCodeInstaller
{
    private const string ServerName = "steward";
    private const string ApprovalKey = "enabledMcpjsonServers";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IReadOnlyList<string> Install(PluginBundle bundle, InstallTarget target)
    {
        var record = InstallRecord.Load(target.RecordPath);
        var settings = JsonFile.Read(target.SettingsPath);
        var mcp = JsonFile.Read(target.McpPath);
        var report = new List<string>();

        // Hooks of an earlier install from another bundle location are replaced, not doubled.
        var stale = record.HookCommands.Except(bundle.HookCommands).ToHashSet(StringComparer.Ordinal);
        var replaced = SettingsMerge.RemoveHooks(settings.Json, stale);
        var added = SettingsMerge.AddHooks(settings.Json, bundle.Hooks, target.SettingsPath);
        report.Add(added > 0 || replaced > 0
            ? $"{target.SettingsPath}: added {added} hook(s){(replaced > 0 ? $", removed {replaced} from an earlier install" : "")}"
            : $"{target.SettingsPath}: hooks already there");

        var servers = SettingsMerge.ObjectAt(mcp.Json, "mcpServers", target.McpPath);
        if (servers[ServerName] is JsonNode existing && !JsonNode.DeepEquals(existing, bundle.Server) && !JsonNode.DeepEquals(existing, record.Server))
        {
            throw new StewardException($"{target.McpPath} already has an MCP server named \"{ServerName}\" that Steward did not add. Remove or rename it, then run install again (nothing was changed).");
        }
        var serverAdded = !JsonNode.DeepEquals(servers[ServerName], bundle.Server);
        servers[ServerName] = bundle.Server.DeepClone();
        report.Add(serverAdded ? $"{target.McpPath}: added MCP server \"{ServerName}\" ({bundle.Server["command"]})" : $"{target.McpPath}: MCP server \"{ServerName}\" already there");

        // A project's .mcp.json servers wait for the user's approval; installing is that approval.
        var approved = target.IsProject && SettingsMerge.AddToList(settings.Json, ApprovalKey, ServerName, target.SettingsPath);

        var created = new List<string>();
        var pending = new[] { settings, mcp }.Where(file => file.Changed).ToList();
        foreach (var file in pending)
        {
            record.RememberWrite(file.Path, file.Original, file.Serialize());
            var directory = Path.GetDirectoryName(file.Path)!;
            if (!Directory.Exists(directory))
            {
                created.Add(directory);
            }
        }
        if (pending.Count == 0 && record.Exists)
        {
            report.Add("Nothing changed: Steward is already installed for " + target.Description + ".");
            return report;
        }
        record.RememberInstall(bundle.HookCommands, bundle.Server, approved, created);
        // The record goes first: after a crash between the two writes, uninstall still knows what to look for.
        record.Save();
        foreach (var file in pending)
        {
            file.Write();
        }
        report.Add($"Installed for {target.Description}. Undo with `steward uninstall{(target.IsProject ? $" --project {Path.GetDirectoryName(target.McpPath)}" : " --user")}`.");
        return report;
    }

    public static IReadOnlyList<string> Uninstall(InstallTarget target)
    {
        var record = InstallRecord.Load(target.RecordPath);
        if (!record.Exists)
        {
            return [$"Steward is not installed for {target.Description} (no {target.RecordPath}); nothing changed."];
        }
        var report = new List<string>();
        var plans = new List<(string Path, byte[]? Restore, JsonFile? Edited)>();
        foreach (var path in new[] { target.SettingsPath, target.McpPath })
        {
            if (!File.Exists(path))
            {
                continue;
            }
            var current = File.ReadAllBytes(path);
            var (untouched, original) = record.OriginalIfUntouched(path, current);
            if (untouched)
            {
                plans.Add((path, original, null));
                continue;
            }
            var file = JsonFile.Read(path);
            var removed = SettingsMerge.RemoveHooks(file.Json, record.HookCommands);
            if (file.Json["mcpServers"] is JsonObject servers && servers[ServerName] is JsonNode server && JsonNode.DeepEquals(server, record.Server))
            {
                servers.Remove(ServerName);
                if (servers.Count == 0)
                {
                    file.Json.Remove("mcpServers");
                }
                removed++;
            }
            if (record.AddedApproval && path == target.SettingsPath && SettingsMerge.RemoveFromList(file.Json, ApprovalKey, ServerName))
            {
                removed++;
            }
            if (removed > 0)
            {
                plans.Add((path, null, file));
            }
        }
        foreach (var (path, restore, edited) in plans)
        {
            if (edited is not null)
            {
                edited.Write();
                report.Add($"{path}: took out Steward's entries (the file was edited since install, so the rest stays as it is)");
            }
            else if (restore is not null)
            {
                AtomicFile.WriteAllBytes(path, restore, JsonFile.ModeOf(path));
                report.Add($"{path}: restored as it was before install");
            }
            else
            {
                File.Delete(path);
                report.Add($"{path}: removed (install created it)");
            }
        }
        record.Delete();
        foreach (var directory in record.CreatedDirectories.OrderByDescending(d => d.Length))
        {
            if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
            {
                Directory.Delete(directory);
            }
        }
        report.Add($"Uninstalled from {target.Description}.");
        return report;
    }

    /// <summary>One JSON file as read (bytes kept for the record) and as Steward would write it.</summary>
    private sealed class JsonFile
    {
        private readonly string _before;

        private JsonFile(string path, byte[]? original, JsonObject json)
        {
            Path = path;
            Original = original;
            Json = json;
            _before = json.ToJsonString();
        }

        public string Path { get; }

        public byte[]? Original { get; }

        public JsonObject Json { get; }

        public bool Changed => Json.ToJsonString() != _before;

        public static JsonFile Read(string path)
        {
            if (!File.Exists(path))
            {
                return new JsonFile(path, null, new JsonObject());
            }
            var bytes = File.ReadAllBytes(path);
            try
            {
                var text = Encoding.UTF8.GetString(bytes);
                var node = text.Trim().Length == 0 ? new JsonObject() : JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
                return new JsonFile(path, bytes, node as JsonObject ?? throw new StewardException($"{path} must hold a JSON object; fix it first (nothing was changed)."));
            }
            catch (JsonException e)
            {
                throw new StewardException($"{path} is not valid JSON (line {e.LineNumber + 1}): fix it first (nothing was changed).", e);
            }
        }

        public byte[] Serialize() => new UTF8Encoding(false).GetBytes(Json.ToJsonString(Indented) + "\n");

        public void Write()
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            AtomicFile.WriteAllBytes(Path, Serialize(), ModeOf(Path));
        }

        /// <summary>Keeps a file's permissions (~/.claude.json is private); new files get rw-r--r--.</summary>
        public static UnixFileMode ModeOf(string path) => File.Exists(path) && !OperatingSystem.IsWindows()
            ? File.GetUnixFileMode(path)
            : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    }
}
