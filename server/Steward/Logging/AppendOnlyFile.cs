using System.Runtime.InteropServices;

namespace Steward.Logging;

/// <summary>
/// A file opened with O_APPEND: every write lands at the current end, atomically, even when
/// several processes (many `steward mcp`) write the same log. FileStream tracks its own offset
/// and would overwrite another process's lines.
/// </summary>
internal sealed partial class AppendOnlyFile : IDisposable
{
    private const int WriteOnly = 0x1;
    private const int Create = 0x40;
    private const int Append = 0x400;
    private const int CloseOnExec = 0x80000;
    private const int OwnerReadWrite = 0x180; // 0600

    private int _descriptor;

    private AppendOnlyFile(int descriptor, string path)
    {
        _descriptor = descriptor;
        Path = path;
    }

    public string Path { get; }

    public static AppendOnlyFile Open(string path)
    {
        var descriptor = OpenFile(path, WriteOnly | Create | Append | CloseOnExec, OwnerReadWrite);
        if (descriptor < 0)
        {
            throw new IOException($"Cannot open {path} for appending (errno {Marshal.GetLastPInvokeError()}).");
        }
        return new AppendOnlyFile(descriptor, path);
    }

    public unsafe void Write(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* start = bytes)
        {
            var offset = 0;
            while (offset < bytes.Length)
            {
                var written = WriteFile(_descriptor, start + offset, bytes.Length - offset);
                if (written < 0)
                {
                    if (Marshal.GetLastPInvokeError() == 4) // EINTR
                    {
                        continue;
                    }
                    throw new IOException($"Cannot write to {Path} (errno {Marshal.GetLastPInvokeError()}).");
                }
                offset += (int)written;
            }
        }
    }

    public void Dispose()
    {
        var descriptor = Interlocked.Exchange(ref _descriptor, -1);
        if (descriptor >= 0)
        {
            _ = CloseFile(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenFile(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint WriteFile(int descriptor, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseFile(int descriptor);
}
