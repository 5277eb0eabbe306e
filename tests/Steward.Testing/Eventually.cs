namespace Steward.Testing;

public static class Eventually
{
    /// <summary>Polls until the condition holds; fails with the description when the timeout passes.</summary>
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string description)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds} s waiting until {description}.");
            }
            await Task.Delay(25);
        }
    }
}
