namespace Steward.Core.Homes;

/// <summary>The paths inside one agent home. Knows the layout; does no I/O.</summary>
public sealed class AgentHome
{
    public const string DirectoryName = ".steward";

    public AgentHome(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public string ConfigPath => Path.Combine(Root, "config.json");
    public string DatabasePath => Path.Combine(Root, "state.db");
    public string JobsDirectory => Path.Combine(Root, "jobs");
    public string SessionsDirectory => Path.Combine(Root, "sessions");
    public string KeysDirectory => Path.Combine(Root, "keys");
    public string LogsDirectory => Path.Combine(Root, "logs");
    public string HistoryDirectory => Path.Combine(Root, "history");
    public string SocketPath => Path.Combine(Root, "daemon.sock");
    public string DaemonLockPath => Path.Combine(Root, "daemon.lock");
    public string DaemonPidPath => Path.Combine(Root, "daemon.pid");

    public bool Exists => Directory.Exists(Root) && File.Exists(ConfigPath);

    /// <summary>Where the agent's own work happens by default: the folder holding a project's .steward/, else the home itself.</summary>
    public string ProjectDirectory => Path.GetFileName(Root) == DirectoryName ? Path.GetDirectoryName(Root)! : Root;

    public override string ToString() => Root;
}
