namespace Steward.Core.Sessions;

/// <summary>Timing hooks for benchmarks and diagnostics; costs nothing when nobody listens.</summary>
public sealed class SessionTelemetry
{
    /// <summary>A claude process started: the session, and when its start was requested and happened.</summary>
    public event Action<string, DateTimeOffset, DateTimeOffset>? ProcessStarted;

    /// <summary>A stream event was read, written to the transcript and reflected in the store: the session and the time that took.</summary>
    public event Action<string, TimeSpan>? EventRecorded;

    internal void OnProcessStarted(string name, DateTimeOffset requested, DateTimeOffset started) => ProcessStarted?.Invoke(name, requested, started);

    internal void OnEventRecorded(string name, TimeSpan latency) => EventRecorded?.Invoke(name, latency);
}
