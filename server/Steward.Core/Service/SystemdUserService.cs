using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Steward.Core.Homes;

namespace Steward.Core.Service;

public sealed record ServiceUnitState(string UnitName, string UnitPath, bool Installed, bool UpToDate);

/// <summary>
/// Runs the daemon as a systemd user service, so the operating system supervises and restarts it
/// (no home-made watchdog). One unit per home; the unit name carries a hash of the home path so
/// two agents on one machine never collide.
/// </summary>
public sealed partial class SystemdUserService(AgentHome home, string agentName, string unitDirectory)
{
    /// <summary>Written into the unit so uninstall only ever removes a unit Steward wrote for this home.</summary>
    private const string HomeMarker = "X-Steward-Home=";

    public static string DefaultUnitDirectory()
    {
        var configHome = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        if (string.IsNullOrWhiteSpace(configHome))
        {
            configHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        }
        return Path.Combine(configHome, "systemd", "user");
    }

    public string UnitName
    {
        get
        {
            var slug = UnitNameCharacters().Replace(agentName.ToLowerInvariant(), "-").Trim('-');
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(home.Root)))[..8];
            return $"steward-{(slug.Length == 0 ? "agent" : slug[..Math.Min(slug.Length, 40)])}-{hash}.service";
        }
    }

    public string UnitPath => Path.Combine(unitDirectory, UnitName);

    /// <summary>The unit text. <paramref name="stewardCommand"/> is the argv that starts steward (e.g. [/usr/bin/steward] or [dotnet, steward.dll]).</summary>
    public string RenderUnit(IReadOnlyList<string> stewardCommand, string? path)
    {
        var execStart = string.Join(' ', stewardCommand.Concat(["serve", "--home", home.Root]).Select(Quote));
        var builder = new StringBuilder();
        builder.Append("# Written by `steward service install`. `steward service uninstall` removes it.\n");
        builder.Append("[Unit]\n");
        builder.Append($"Description=Steward agent daemon ({Escape(agentName)})\n");
        builder.Append("After=network-online.target\n");
        builder.Append("Wants=network-online.target\n");
        builder.Append($"{HomeMarker}{Escape(home.Root)}\n");
        builder.Append('\n');
        builder.Append("[Service]\n");
        builder.Append("Type=simple\n");
        builder.Append($"ExecStart={execStart}\n");
        builder.Append($"WorkingDirectory={Quote(home.Root)}\n");
        builder.Append($"Environment={Quote("STEWARD_HOME=" + home.Root)}\n");
        if (!string.IsNullOrEmpty(path))
        {
            // A user service starts with a minimal PATH; the daemon needs to find `claude`, node and git.
            builder.Append($"Environment={Quote("PATH=" + path)}\n");
        }
        builder.Append("Restart=always\n");
        builder.Append("RestartSec=5\n");
        builder.Append("KillSignal=SIGTERM\n");
        builder.Append("TimeoutStopSec=30\n");
        builder.Append('\n');
        builder.Append("[Install]\n");
        builder.Append("WantedBy=default.target\n");
        return builder.ToString();
    }

    public ServiceUnitState Install(IReadOnlyList<string> stewardCommand, string? path)
    {
        Directory.CreateDirectory(unitDirectory);
        var content = RenderUnit(stewardCommand, path);
        if (!File.Exists(UnitPath) || File.ReadAllText(UnitPath) != content)
        {
            Files.AtomicFile.WriteAllText(UnitPath, content,
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        return new(UnitName, UnitPath, Installed: true, UpToDate: true);
    }

    /// <summary>Removes the unit; returns false when there was none. Refuses to remove a unit written for another home.</summary>
    public bool Uninstall()
    {
        if (!File.Exists(UnitPath))
        {
            return false;
        }
        if (!File.ReadAllText(UnitPath).Contains($"{HomeMarker}{Escape(home.Root)}\n", StringComparison.Ordinal))
        {
            throw new StewardException($"{UnitPath} was not written by Steward for {home.Root}; remove it by hand if it is no longer wanted.");
        }
        File.Delete(UnitPath);
        return true;
    }

    public ServiceUnitState State(IReadOnlyList<string> stewardCommand, string? path)
    {
        var installed = File.Exists(UnitPath);
        return new(UnitName, UnitPath, installed, installed && File.ReadAllText(UnitPath) == RenderUnit(stewardCommand, path));
    }

    public IReadOnlyList<string> EnableCommands =>
    [
        "systemctl --user daemon-reload",
        $"systemctl --user enable --now {UnitName}",
        "loginctl enable-linger \"$USER\"   # keep it running after you log out",
    ];

    public IReadOnlyList<string> DisableCommands =>
    [
        $"systemctl --user disable --now {UnitName}",
        "systemctl --user daemon-reload",
    ];

    /// <summary>systemd expands % specifiers and $ variables in these settings; double them to mean themselves.</summary>
    private static string Escape(string value) => value.Replace("%", "%%", StringComparison.Ordinal).Replace("$", "$$", StringComparison.Ordinal);

    private static string Quote(string argument)
    {
        var escaped = Escape(argument);
        if (escaped.Length > 0 && !escaped.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\' or ';'))
        {
            return escaped;
        }
        return "\"" + escaped.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    [GeneratedRegex("[^a-z0-9-]+")]
    private static partial Regex UnitNameCharacters();
}
