using System.Security.Cryptography;
using Steward.Core.Files;
using Steward.Core.Homes;

namespace Steward.Core.Threadline;

/// <summary>
/// The agent's Threadline seed: 32 random bytes as hex in <c>&lt;home&gt;/keys/threadline.key</c>,
/// mode 0600, created once by `steward init` and never rewritten, logged or sent.
/// </summary>
public static class ThreadlineKeyFile
{
    public const string FileName = "threadline.key";

    public static string PathFor(AgentHome home) => Path.Combine(home.KeysDirectory, FileName);

    /// <summary>Creates the seed if there is none; returns whether it did. Needs no libsodium: a seed is random bytes.</summary>
    public static bool CreateIfMissing(AgentHome home)
    {
        var seed = RandomNumberGenerator.GetBytes(32);
        try
        {
            return AtomicFile.CreateIfMissing(PathFor(home), Convert.ToHexStringLower(seed) + "\n", OwnerOnly.File);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    public static ThreadlineIdentity Load(AgentHome home)
    {
        var path = PathFor(home);
        if (!File.Exists(path))
        {
            throw new StewardException($"This agent has no Threadline identity yet ({path} is missing); run `steward init` to create it.");
        }
        var text = File.ReadAllText(path).Trim();
        byte[] seed;
        try
        {
            seed = Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            throw new StewardException($"{path} is damaged (not hex). Restore it from a backup; a new key would be a different agent to every contact.");
        }
        try
        {
            return seed.Length == 32
                ? ThreadlineIdentity.FromSeed(seed)
                : throw new StewardException($"{path} is damaged ({seed.Length} bytes, expected 32). Restore it from a backup; a new key would be a different agent to every contact.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }
}
