using Steward.Core.Guard.Analysis;

namespace Steward.Core.Guard.Rules;

/// <summary>
/// Writing straight to a disk device (<c>dd of=/dev/sda</c>, <c>&gt; /dev/nvme0n1</c>, <c>tee /dev/vdb</c>,
/// <c>cp img /dev/sdb</c>) or to kernel memory. /dev/null, /dev/stdout and the like are fine.
/// </summary>
internal static class BlockDeviceWrite
{
    private static readonly string[] DiskPrefixes = ["sd", "nvme", "vd", "xvd", "hd", "mmcblk", "disk", "mapper/", "dm-", "md", "nbd", "sr"];

    public static void CheckPath(ScriptWalker walker, string path, bool uncertain, WriteKind kind)
    {
        if (kind is WriteKind.Remove or WriteKind.Permissions || !IsDisk(path))
        {
            return;
        }
        walker.Findings.Report(GuardRuleId.BlockDeviceWrite, GuardVerdict.Deny, uncertain,
            $"Writing to {path} overwrites a disk or kernel memory directly, destroying its partitions and file systems. Write to a regular file instead (e.g. an image file inside the project).");
    }

    public static bool IsDisk(string path)
    {
        if (!path.StartsWith("/dev/", StringComparison.Ordinal))
        {
            return false;
        }
        var device = path.AsSpan(5);
        if (device is "mem" or "kmem" or "port")
        {
            return true;
        }
        foreach (var prefix in DiskPrefixes)
        {
            if (device.StartsWith(prefix, StringComparison.Ordinal) && device.Length > prefix.Length)
            {
                return true;
            }
        }
        return false;
    }
}
