using System.Text;

namespace Steward.Core.Files;

/// <summary>
/// Writes a file so that readers see either the old or the new content, never a torn one, and a
/// crash mid-write leaves the old file intact.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string content, UnixFileMode? mode = null) =>
        WriteAllBytes(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(content), mode);

    public static void WriteAllBytes(string path, byte[] content, UnixFileMode? mode = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (mode is { } m && !OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = m;
            }
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Creates the file with the content only if it does not exist yet; returns whether it did.</summary>
    public static bool CreateIfMissing(string path, string content, UnixFileMode? mode = null)
    {
        if (File.Exists(path))
        {
            return false;
        }
        WriteAllText(path, content, mode);
        return true;
    }
}
