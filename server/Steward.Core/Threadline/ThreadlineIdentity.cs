using Steward.Core.Crypto;

namespace Steward.Core.Threadline;

/// <summary>
/// An agent's long-term keys: Ed25519 from a 32-byte seed, the fingerprint (agent id: the first 16
/// bytes of the public key, hex) and the X25519 pair derived from the seed as Instar does.
/// </summary>
public sealed class ThreadlineIdentity : IDisposable
{
    private readonly byte[] _secretKey;
    private readonly byte[] _x25519Private;

    // The static-static agreement with a peer never changes: computing it once per peer halves the X25519 work per envelope.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> _staticShared = new(StringComparer.Ordinal);

    private ThreadlineIdentity(byte[] publicKey, byte[] secretKey)
    {
        PublicKey = publicKey;
        _secretKey = secretKey;
        _x25519Private = Sodium.Ed25519SecretToX25519(secretKey);
        X25519PublicKey = Sodium.X25519Public(_x25519Private);
        Fingerprint = FingerprintOf(publicKey);
    }

    public byte[] PublicKey { get; }

    public byte[] X25519PublicKey { get; }

    public string Fingerprint { get; }

    internal ReadOnlySpan<byte> X25519PrivateKey => _x25519Private;

    public static ThreadlineIdentity FromSeed(ReadOnlySpan<byte> seed)
    {
        var (publicKey, secretKey) = Sodium.Ed25519FromSeed(seed);
        return new ThreadlineIdentity(publicKey, secretKey);
    }

    public static ThreadlineIdentity Create()
    {
        var seed = Sodium.RandomBytes(Sodium.SeedBytes);
        try
        {
            return FromSeed(seed);
        }
        finally
        {
            Sodium.Zero(seed);
        }
    }

    public static string FingerprintOf(ReadOnlySpan<byte> ed25519PublicKey) => Convert.ToHexStringLower(ed25519PublicKey[..16]);

    public byte[] Sign(ReadOnlySpan<byte> message) => Sodium.Sign(message, _secretKey);

    /// <summary>X25519(own static private, peer static public), remembered per peer; callers must not change the bytes.</summary>
    internal ReadOnlySpan<byte> StaticSharedSecret(ReadOnlySpan<byte> peerX25519Public)
    {
        var key = Convert.ToHexStringLower(peerX25519Public);
        if (!_staticShared.TryGetValue(key, out var shared))
        {
            shared = _staticShared.GetOrAdd(key, Sodium.X25519(_x25519Private, peerX25519Public));
        }
        return shared;
    }

    public void Dispose()
    {
        foreach (var shared in _staticShared.Values)
        {
            Sodium.Zero(shared);
        }
        Sodium.Zero(_secretKey);
        Sodium.Zero(_x25519Private);
    }
}
