namespace Steward.Daemon;

/// <summary>Tells the dispatcher that new commands may be waiting, so it does not wait for its next poll.</summary>
internal sealed class DaemonWakeSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one pending wake is enough.
        }
    }

    /// <summary>Waits for a wake or the poll interval, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan pollInterval, CancellationToken cancellationToken) =>
        _signal.WaitAsync(pollInterval, cancellationToken);

    public void Dispose() => _signal.Dispose();
}
