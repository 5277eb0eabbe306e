namespace Steward.Core.Guard.Analysis;

/// <summary>
/// Command names as the rules know them: <c>/bin/rm</c>, <c>\rm</c>, <c>'rm'</c> and <c>r''m</c>
/// are all <c>rm</c> (quotes and escapes are already gone after lexing; the directory goes here).
/// </summary>
internal static class CommandNames
{
    /// <summary>Names a rule or the dispatcher cares about; a globbed name (<c>/bin/r?</c>) is tested against these.</summary>
    public static readonly string[] Interesting =
    [
        "rm", "find", "mkfs", "mke2fs", "mkswap", "wipefs", "fdisk", "sfdisk", "parted", "sgdisk", "dd", "chmod", "chown", "chgrp",
        "git", "psql", "mysql", "sqlite3", "shutdown", "reboot", "halt", "poweroff", "kill", "killall5", "bash", "sh", "zsh", "sudo",
    ];

    public static (string Name, bool Uncertain) Normalize(ResolvedArg arg)
    {
        var text = arg.Text;
        var slash = text.LastIndexOf('/');
        var name = slash >= 0 && slash < text.Length - 1 ? text[(slash + 1)..] : text;
        return (name, arg.Uncertain);
    }

    /// <summary>The interesting names a glob could run (<c>r?</c> → rm); empty when none.</summary>
    public static IEnumerable<string> GlobCandidates(string pattern)
    {
        foreach (var name in Interesting)
        {
            if (GlobMatcher.Matches(pattern, name))
            {
                yield return name;
            }
        }
    }
}
