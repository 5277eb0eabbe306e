namespace Steward.Core.Files;

/// <summary>
/// An advisory whole-file lock held through an open file handle (flock on Unix). The operating
/// system releases it when the process dies, so a crash never leaves a stale lock behind.
/// </summary>
public sealed class ExclusiveFileLock : IDisposable
{
    private readonly FileStream _stream;

    private ExclusiveFileLock(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Takes the lock if nobody holds it; returns null at once if another process does.</summary>
    public static ExclusiveFileLock? TryAcquire(string path)
    {
        try
        {
            var stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
            return new ExclusiveFileLock(stream, path);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
    }

    /// <summary>Waits for the lock, polling, until the timeout passes.</summary>
    public static async Task<ExclusiveFileLock> AcquireAsync(string path, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            if (TryAcquire(path) is { } acquired)
            {
                return acquired;
            }
            if (DateTime.UtcNow >= deadline)
            {
                throw new StewardException($"Timed out after {timeout.TotalSeconds:0.#} s waiting for the lock {path}; another Steward process is holding it.");
            }
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 100));
        }
    }

    public void Dispose() => _stream.Dispose();
}
