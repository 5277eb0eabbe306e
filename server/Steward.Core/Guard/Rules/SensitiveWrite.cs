using Steward.Core.Guard.Analysis;

namespace Steward.Core.Guard.Rules;

/// <summary>
/// Writes that change who can log in or what every future shell runs: <c>~/.ssh</c> (deny; changing
/// permissions there only asks), shell start-up files (ask), and anything under <c>/etc</c> (deny).
/// </summary>
internal static class SensitiveWrite
{
    private static readonly string[] StartupFiles =
    [
        ".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".profile", ".zshrc", ".zprofile", ".zshenv", ".zlogin",
        ".config/fish/config.fish",
    ];

    public static void CheckPath(ScriptWalker walker, string path, bool uncertain, WriteKind kind)
    {
        var home = walker.Environment.Home;
        var findings = walker.Findings;
        if (PathMath.IsSameOrAncestor(home + "/.ssh", path) || PathMath.IsSameOrAncestor("/root/.ssh", path))
        {
            var name = Path.GetFileName(path);
            if (name is "authorized_keys" or "authorized_keys2")
            {
                findings.Report(GuardRuleId.SensitiveWrite, GuardVerdict.Deny, uncertain,
                    $"Changing {path} decides which keys can log in as this user. Don't change it from an agent session; tell the owner which key to add and let them do it.");
            }
            else
            {
                findings.Report(GuardRuleId.SensitiveWrite, kind == WriteKind.Permissions ? GuardVerdict.Ask : GuardVerdict.Deny, uncertain,
                    $"Changing {path} alters your SSH keys or configuration, which control access to other machines. Ask the owner to make this change.");
            }
            return;
        }
        foreach (var file in StartupFiles)
        {
            if (path.Length == home.Length + 1 + file.Length && path.StartsWith(home, StringComparison.Ordinal) && path[home.Length] == '/' && path.EndsWith(file, StringComparison.Ordinal))
            {
                findings.Report(GuardRuleId.SensitiveWrite, GuardVerdict.Ask, uncertain,
                    $"Changing {path} affects every future shell (and can run code at each login). Prefer project-local settings (a script or .envrc in the project); if it must change, the owner should confirm.");
                return;
            }
        }
        if (PathMath.IsSameOrAncestor("/etc", path))
        {
            findings.Report(GuardRuleId.SensitiveWrite, GuardVerdict.Deny, uncertain,
                $"Changing {path} alters system configuration for every user and service. Ask the owner to make this change, or work on a copy inside the project.");
        }
    }
}
