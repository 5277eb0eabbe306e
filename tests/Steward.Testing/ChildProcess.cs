using System.Diagnostics;
using System.Text;

namespace Steward.Testing;

/// <summary>
/// A real child process with captured stdout/stderr. Tests pass HOME (and STEWARD_HOME) explicitly
/// so a child never touches the developer's own ~/.steward.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Stdout
    {
        get { lock (_gate) { return _stdout.ToString(); } }
    }

    public string Stderr
    {
        get { lock (_gate) { return _stderr.ToString(); } }
    }

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment.Remove("STEWARD_HOME");
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Append(child._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(child._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs `dotnet steward.dll args...` and waits for it.</summary>
    public static async Task<ChildProcess> RunStewardAsync(string workingDirectory, string userHome, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var child = StartSteward(workingDirectory, userHome, arguments, environment);
        await child.WaitForExitAsync(timeout ?? TimeSpan.FromSeconds(60));
        return child;
    }

    public static ChildProcess StartSteward(string workingDirectory, string userHome, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var env = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>())
        {
            ["HOME"] = userHome,
        };
        env.TryAdd("XDG_CONFIG_HOME", Path.Combine(userHome, ".config"));
        return Start("dotnet", [BuiltArtifacts.StewardDll, .. arguments], workingDirectory, env);
    }

    /// <summary>Writes the text to the child's stdin and closes it (a hook reads its event this way).</summary>
    public async Task WriteInputAndCloseAsync(string text)
    {
        await _process.StandardInput.WriteAsync(text);
        _process.StandardInput.Close();
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"Process {_process.StartInfo.FileName} {string.Join(' ', _process.StartInfo.ArgumentList)} did not exit within {timeout}.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }
        // Flush the asynchronous output readers.
        _process.WaitForExit();
    }

    /// <summary>Waits until the captured stderr or stdout contains the text.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Stdout.Contains(text, StringComparison.Ordinal) && !Stderr.Contains(text, StringComparison.Ordinal))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Never saw \"{text}\" (exited: {_process.HasExited}).\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
            }
            await Task.Delay(20);
        }
    }

    public void Signal(int signal)
    {
        if (!_process.HasExited)
        {
            _ = NativeSignals.Kill(_process.Id, signal);
        }
    }

    /// <summary>SIGKILL: no chance to clean up, like a crash or the OOM killer.</summary>
    public void KillHard() => Signal(NativeSignals.SigKill);

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Append(StringBuilder buffer, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_gate)
        {
            buffer.Append(line).Append('\n');
        }
    }
}
