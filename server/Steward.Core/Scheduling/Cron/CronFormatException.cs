namespace Steward.Core.Scheduling.Cron;

/// <summary>
/// A schedule expression that cannot be used: malformed, out of range, or one that can never fire.
/// The message quotes the expression and names the offending field.
/// </summary>
public sealed class CronFormatException(string message, Exception? inner = null) : StewardException(message, inner);
