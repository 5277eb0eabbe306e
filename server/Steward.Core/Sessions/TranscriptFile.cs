using System.Text;
using System.Text.Json.Nodes;
using Steward.Core.Homes;

namespace Steward.Core.Sessions;

/// <summary>
/// &lt;home&gt;/sessions/&lt;name&gt;.jsonl: every stream-json line exactly as Claude Code wrote it, plus
/// Steward's own lifecycle lines ({"type":"steward",...}). Appended as events arrive and never rewritten.
/// </summary>
public sealed class TranscriptFile : IDisposable
{
    private readonly FileStream _stream;
    private readonly Lock _gate = new();

    private TranscriptFile(FileStream stream)
    {
        _stream = stream;
    }

    public static string PathFor(AgentHome home, string sessionName) => Path.Combine(home.SessionsDirectory, sessionName + ".jsonl");

    public static string StderrPathFor(AgentHome home, string sessionName) => Path.Combine(home.SessionsDirectory, sessionName + ".stderr.log");

    public static TranscriptFile OpenForAppend(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new TranscriptFile(new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.Read,
            UnixCreateMode = Files.OwnerOnly.File,
        }));
    }

    public void Append(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line.EndsWith('\n') ? line : line + "\n");
        lock (_gate)
        {
            _stream.Write(bytes);
            _stream.Flush();
        }
    }

    /// <summary>A lifecycle line of Steward's own (spawned, resumed, exited), in the same file so the story is in one place.</summary>
    public void AppendStewardEvent(string name, DateTimeOffset at, JsonObject? details = null)
    {
        var line = new JsonObject { ["type"] = "steward", ["event"] = name, ["at"] = at.ToString("O") };
        foreach (var (key, value) in details ?? [])
        {
            line[key] = value?.DeepClone();
        }
        Append(line.ToJsonString());
    }

    public void Dispose() => _stream.Dispose();
}
