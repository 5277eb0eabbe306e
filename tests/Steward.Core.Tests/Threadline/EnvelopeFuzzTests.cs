using System.Text;
using System.Text.Json.Nodes;
using Steward.Core.Threadline;

namespace Steward.Core.Tests.Threadline;

/// <summary>100,000 random and mutated envelopes: the opener never crashes and never accepts one.</summary>
public sealed class EnvelopeFuzzTests
{
    [Fact]
    public void Random_and_mutated_envelopes_are_refused_cleanly()
    {
        using var sender = ThreadlineIdentity.FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        using var recipient = ThreadlineIdentity.FromSeed(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());
        var now = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
        var genuine = SealedEnvelope.Seal(sender, recipient.Fingerprint, recipient.X25519PublicKey, "fuzz", new JsonObject { ["content"] = "hi", ["type"] = "message" },
            new SealInputs(new byte[32].Select((_, i) => (byte)(i + 7)).ToArray(), new byte[32], new byte[24], "m-1", now));
        var genuineText = genuine.ToJsonString();
        Assert.Equal("hi", SealedEnvelope.Open(recipient, sender.PublicKey, genuineText, now)["content"]!.GetValue<string>());

        var random = new Random(20261121);
        var accepted = 0;
        var unexpected = new List<string>();
        for (var i = 0; i < 100_000; i++)
        {
            var candidate = (i % 4) switch
            {
                0 => RandomBytesAsText(random),
                1 => FlipCharacters(random, genuineText),
                2 => ReplaceField(random, genuine),
                _ => Truncate(random, genuineText),
            };
            if (candidate == genuineText || IsSameEnvelope(candidate, genuine))
            {
                continue; // e.g. \u002B spelled \u002b: the same JSON, not a mutation
            }
            try
            {
                SealedEnvelope.Open(recipient, sender.PublicKey, candidate, now);
                // Whitespace or key-order changes outside the signed bytes would be harmless, but none may change the meaning.
                accepted++;
            }
            catch (ThreadlineException)
            {
            }
            catch (Exception e)
            {
                unexpected.Add($"{e.GetType().Name}: {e.Message} for {candidate[..Math.Min(120, candidate.Length)]}");
            }
        }

        Assert.Empty(unexpected);
        Assert.Equal(0, accepted);
    }

    private static bool IsSameEnvelope(string candidate, JsonObject genuine)
    {
        try
        {
            return JsonNode.DeepEquals(JsonNode.Parse(candidate), genuine);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static string RandomBytesAsText(Random random)
    {
        var bytes = new byte[random.Next(0, 400)];
        random.NextBytes(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    private static string FlipCharacters(Random random, string text)
    {
        var chars = text.ToCharArray();
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var at = random.Next(chars.Length);
            chars[at] = (char)random.Next(32, 127);
        }
        return new string(chars);
    }

    private static string ReplaceField(Random random, JsonObject genuine)
    {
        var copy = genuine.DeepClone().AsObject();
        var fields = copy.Select(p => p.Key).ToArray();
        var field = fields[random.Next(fields.Length)];
        copy[field] = random.Next(5) switch
        {
            0 => null,
            1 => random.Next(),
            2 => new JsonArray(),
            3 => Convert.ToBase64String(Guid.NewGuid().ToByteArray()),
            _ => "",
        };
        return copy.ToJsonString();
    }

    private static string Truncate(Random random, string text) => text[..random.Next(text.Length)];
}
