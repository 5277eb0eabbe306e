namespace Steward.Testing;

public static class Eventually
{
    /// <summary>Polls until the condition holds; fails with the description when the timeout passes.</summary>
    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, string description) =>
        TrueAsync(condition, timeout, () => description);

    /// <summary>As above, with a description built when it fails (so it can show the state at that moment).</summary>
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds} s waiting until {describe()}.");
            }
            await Task.Delay(25);
        }
    }

    /// <summary>Polls an asynchronous condition (one that does work each round) until it holds.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string description)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds} s waiting until {description}.");
            }
            await Task.Delay(100);
        }
    }
}
