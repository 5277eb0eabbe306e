using System.Diagnostics;
using System.Text;

namespace Steward.Core.Sessions;

/// <summary>
/// One running `claude` child: its stdin (user turns as stream-json lines), its stdout (events, one
/// per line, handed over in order) and its stderr (kept on disk, the tail in memory for errors).
/// </summary>
public sealed class SessionProcess : IDisposable
{
    private const int StderrTailLines = 40;

    private readonly Process _process;
    private readonly SemaphoreSlim _inputGate = new(1, 1);
    private readonly Queue<string> _stderrTail = new();
    private readonly Lock _stderrGate = new();
    private bool _inputClosed;

    private SessionProcess(Process process)
    {
        _process = process;
        Pid = process.Id;
        StartTicks = ProcessGroup.StartTicks(Pid);
    }

    public int Pid { get; }

    public long? StartTicks { get; }

    public string StderrTail
    {
        get { lock (_stderrGate) { return string.Join("\n", _stderrTail); } }
    }

    /// <summary>Starts the process; a missing executable surfaces as a <see cref="StewardException"/>.</summary>
    public static SessionProcess Start(ProcessStartInfo info)
    {
        info.StandardOutputEncoding = Encoding.UTF8;
        info.StandardErrorEncoding = Encoding.UTF8;
        info.StandardInputEncoding = new UTF8Encoding(false);
        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new StewardException($"Could not start {info.FileName}: {e.Message}.", e);
        }
        return new SessionProcess(process);
    }

    /// <summary>Sends one user turn. False when the process no longer takes input.</summary>
    public async Task<bool> SendAsync(string text, CancellationToken cancellationToken)
    {
        await _inputGate.WaitAsync(cancellationToken);
        try
        {
            if (_inputClosed || _process.HasExited)
            {
                return false;
            }
            await _process.StandardInput.WriteLineAsync(ClaudeLaunch.UserMessage(text).AsMemory(), cancellationToken);
            await _process.StandardInput.FlushAsync(cancellationToken);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        finally
        {
            _inputGate.Release();
        }
    }

    /// <summary>Ends the input: Claude Code finishes the turn in hand and exits.</summary>
    public void CloseInput()
    {
        _inputGate.Wait();
        try
        {
            if (!_inputClosed)
            {
                _inputClosed = true;
                _process.StandardInput.Close();
            }
        }
        catch (IOException)
        {
        }
        finally
        {
            _inputGate.Release();
        }
    }

    public void Signal(int signal)
    {
        if (!_process.HasExited)
        {
            ProcessGroup.Signal(Pid, signal);
        }
    }

    /// <summary>
    /// Hands every stdout line to <paramref name="onLine"/> in order, keeps stderr in <paramref name="stderrPath"/>,
    /// and returns the exit code once the output has ended and the process has exited.
    /// </summary>
    public async Task<int> PumpAsync(Func<string, DateTimeOffset, Task> onLine, string stderrPath, TimeProvider time)
    {
        var stderr = PumpStderrAsync(stderrPath);
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.Length > 0)
            {
                await onLine(line, time.GetUtcNow());
            }
        }
        await stderr;
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        _process.Dispose();
        _inputGate.Dispose();
    }

    private async Task PumpStderrAsync(string path)
    {
        await using var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.Read,
            UnixCreateMode = Files.OwnerOnly.File,
        });
        await using var writer = new StreamWriter(file, new UTF8Encoding(false)) { AutoFlush = true };
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            await writer.WriteLineAsync(line);
            lock (_stderrGate)
            {
                _stderrTail.Enqueue(line);
                if (_stderrTail.Count > StderrTailLines)
                {
                    _stderrTail.Dequeue();
                }
            }
        }
    }
}
