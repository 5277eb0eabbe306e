using System.Diagnostics;
using System.Text.Json.Nodes;
using Steward.Core.Threadline;

namespace Steward.Bench;

/// <summary>
/// Sealed-envelope cost on one thread: seal (two X25519, HKDF, XChaCha20-Poly1305, Ed25519 sign)
/// and open (verify, two X25519, HKDF, decrypt) of a short chat message, after a warm-up; reports
/// seal+open pairs per second over 5 rounds (median, min, max).
/// </summary>
internal static class ThreadlineSealBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length >= 2 && args[0] == "--seconds" ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2;
        using var sender = ThreadlineIdentity.Create();
        using var recipient = ThreadlineIdentity.Create();
        var message = new JsonObject { ["content"] = "Deploy finished: 3 services updated, all health checks green. Next window Thursday 14:00.", ["type"] = "message" };

        void SealAndOpen()
        {
            var envelope = SealedEnvelope.Seal(sender, recipient.Fingerprint, recipient.X25519PublicKey, "bench", message, SealInputs.Fresh(TimeProvider.System));
            SealedEnvelope.Open(recipient, sender.PublicKey, envelope.ToJsonString(), DateTimeOffset.UtcNow, sender.X25519PublicKey);
        }

        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed.TotalSeconds < 1)
        {
            SealAndOpen();
        }
        var rates = new List<double>();
        for (var round = 0; round < 5; round++)
        {
            var watch = Stopwatch.StartNew();
            var count = 0;
            while (watch.Elapsed.TotalSeconds < seconds)
            {
                SealAndOpen();
                count++;
            }
            rates.Add(count / watch.Elapsed.TotalSeconds);
        }
        rates.Sort();
        Console.WriteLine($"Threadline seal+open of a {message.ToJsonString().Length}-byte message, one thread, {rates.Count} rounds of {seconds:0.#} s");
        Console.WriteLine($"  median {rates[rates.Count / 2]:N0} seal+open/s (min {rates[0]:N0}, max {rates[^1]:N0}); target ≥ 5,000");
        return Task.FromResult(0);
    }
}
