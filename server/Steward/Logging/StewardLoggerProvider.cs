using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Steward.Logging;

/// <summary>
/// Writes log lines to stderr (stdout belongs to the MCP protocol and to command output) and to a
/// daily file under the home's logs/ folder. Messages never carry secrets: callers log ids and
/// kinds, not payloads.
/// </summary>
internal sealed class StewardLoggerProvider : ILoggerProvider
{
    private readonly LogLevel _minimum;
    private readonly TextWriter? _stderr;
    private readonly string? _logDirectory;
    private readonly string _filePrefix;
    private readonly Lock _gate = new();
    private AppendOnlyFile? _file;
    private DateOnly _fileDate;

    public StewardLoggerProvider(LogLevel minimum, TextWriter? stderr, string? logDirectory, string filePrefix)
    {
        _minimum = minimum;
        _stderr = stderr;
        _logDirectory = logDirectory;
        _filePrefix = filePrefix;
    }

    public static LogLevel ParseLevel(string? level) => level?.Trim().ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "warning" or "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "critical" => LogLevel.Critical,
        "none" => LogLevel.None,
        _ => LogLevel.Information,
    };

    /// <summary>Deletes this prefix's log files older than the retention period.</summary>
    public static void PruneOldFiles(string logDirectory, string filePrefix, int retentionDays)
    {
        if (!Directory.Exists(logDirectory))
        {
            return;
        }
        var cutoff = DateTime.UtcNow.AddDays(-retentionDays);
        foreach (var file in Directory.EnumerateFiles(logDirectory, $"{filePrefix}-*.log"))
        {
            if (File.GetLastWriteTimeUtc(file) < cutoff)
            {
                File.Delete(file);
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        var now = DateTime.UtcNow;
        var line = new StringBuilder(128)
            .Append(now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
            .Append(' ').Append(LevelName(level)).Append(' ')
            .Append(category).Append(": ").Append(message);
        if (exception is not null)
        {
            line.Append('\n').Append(exception);
        }
        line.Append('\n');
        var text = line.ToString();

        lock (_gate)
        {
            try
            {
                _stderr?.Write(text);
                _stderr?.Flush();
                FileFor(DateOnly.FromDateTime(now))?.Write(Encoding.UTF8.GetBytes(text));
            }
            catch (IOException)
            {
                // Logging must never take the process down (a full disk, a closed stderr).
            }
        }
    }

    private AppendOnlyFile? FileFor(DateOnly date)
    {
        if (_logDirectory is null)
        {
            return null;
        }
        if (_file is null || date != _fileDate)
        {
            _file?.Dispose();
            Directory.CreateDirectory(_logDirectory);
            _file = AppendOnlyFile.Open(Path.Combine(_logDirectory, $"{_filePrefix}-{date:yyyy-MM-dd}.log"));
            _fileDate = date;
        }
        return _file;
    }

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };

    private sealed class Logger(StewardLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider._minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, category, formatter(state, exception), exception);
            }
        }
    }
}
