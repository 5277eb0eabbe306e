using Steward.Core.Guard.Analysis;

namespace Steward.Core.Guard.Rules;

/// <summary>
/// Tools that erase disks: mkfs and friends always; partition editors unless only listing
/// (<c>fdisk -l</c>, <c>parted -l</c>, <c>sgdisk -p</c>); wipefs unless only listing signatures.
/// </summary>
internal static class MakeFilesystem
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "mkfs", "mke2fs", "mkswap", "wipefs", "fdisk", "sfdisk", "cfdisk", "parted", "sgdisk", "gdisk", "cgdisk",
        "blkdiscard", "mkntfs", "mkdosfs", "mkexfatfs", "mformat",
    };

    private static readonly HashSet<string> PartedReadOnly = new(StringComparer.Ordinal) { "print", "help", "unit", "align-check", "version" };

    public static bool AppliesTo(string name) => Names.Contains(name) || name.StartsWith("mkfs.", StringComparison.Ordinal);

    public static void Check(Invocation invocation, ScriptWalker walker)
    {
        var parsed = ParsedOptions.Parse(invocation.Args, OptionSpec.Plain);
        if (OnlyAsksForHelp(invocation) || OnlyReads(invocation.Name, parsed, invocation))
        {
            return;
        }
        walker.Findings.Report(GuardRuleId.Mkfs, GuardVerdict.Deny, invocation.Uncertain,
            $"{invocation.Name} erases a disk or partition (its file system or partition table). Don't do disk work from an agent session; ask the owner to run it by hand.");
    }

    private static bool OnlyAsksForHelp(Invocation invocation)
    {
        foreach (var arg in invocation.Args)
        {
            if (arg.Text is not ("-V" or "--version" or "-h" or "--help"))
            {
                return false;
            }
        }
        return invocation.Count > 0;
    }

    private static bool OnlyReads(string name, ParsedOptions parsed, Invocation invocation)
    {
        switch (name)
        {
            case "fdisk" or "sfdisk":
                return parsed.Has('l', "list") || (name == "sfdisk" && (parsed.Has('d', "dump") || parsed.Has('s', "show-size") || parsed.Has('J', "json")));
            case "parted":
                if (parsed.Has('l', "list"))
                {
                    return true;
                }
                // parted DEVICE print: every word after the device is a read-only command.
                for (var i = 1; i < parsed.Operands.Count; i++)
                {
                    if (!PartedReadOnly.Contains(invocation[parsed.Operands[i]]))
                    {
                        return false;
                    }
                }
                return parsed.Operands.Count > 1;
            case "gdisk":
                return parsed.Short('l');
            case "sgdisk":
                return (parsed.Has('p', "print") || parsed.Has('v', "verify") || parsed.Has('i', "info")) && !parsed.Has('o', "clear") && !parsed.Has('Z', "zap-all") && !parsed.Has('z', "zap") && !parsed.Has('n', "new") && !parsed.Has('d', "delete");
            case "wipefs":
                return !parsed.Has('a', "all") && !parsed.Has('o', "offset") || parsed.Has('n', "no-act");
            default:
                return false;
        }
    }
}
