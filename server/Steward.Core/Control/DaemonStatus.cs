using Steward.Core.Commands;

namespace Steward.Core.Control;

/// <summary>What the running daemon reports about itself over the control socket.</summary>
public sealed record DaemonStatus(
    int Pid,
    DateTimeOffset StartedAt,
    double UptimeSeconds,
    string Version,
    string Home,
    QueueCounts Queue);
