using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Steward.Core.Crypto;

/// <summary>
/// The libsodium primitives Threadline needs, through P/Invoke to the system's libsodium.so.23
/// (the NuGet package is not available here). Sizes are checked against the library once, at
/// first use; secret buffers the caller owns should be cleared with <see cref="Zero"/>.
/// </summary>
public static partial class Sodium
{
    public const int SeedBytes = 32;
    public const int Ed25519PublicKeyBytes = 32;
    public const int Ed25519SecretKeyBytes = 64;
    public const int SignatureBytes = 64;
    public const int X25519KeyBytes = 32;
    public const int XChaChaKeyBytes = 32;
    public const int XChaChaNonceBytes = 24;
    public const int XChaChaTagBytes = 16;

    private const string Library = "libsodium";

    private static readonly Lazy<bool> Ready = new(Initialize);

    static Sodium() => NativeLibrary.SetDllImportResolver(typeof(Sodium).Assembly, Resolve);

    /// <summary>The Ed25519 key pair of a 32-byte seed.</summary>
    public static (byte[] PublicKey, byte[] SecretKey) Ed25519FromSeed(ReadOnlySpan<byte> seed)
    {
        Require(seed, SeedBytes, "seed");
        EnsureReady();
        var publicKey = new byte[Ed25519PublicKeyBytes];
        var secretKey = new byte[Ed25519SecretKeyBytes];
        Check(crypto_sign_seed_keypair(publicKey, secretKey, seed), "crypto_sign_seed_keypair");
        return (publicKey, secretKey);
    }

    public static byte[] Sign(ReadOnlySpan<byte> message, ReadOnlySpan<byte> secretKey)
    {
        Require(secretKey, Ed25519SecretKeyBytes, "secret key");
        EnsureReady();
        var signature = new byte[SignatureBytes];
        Check(crypto_sign_detached(signature, out _, message, (ulong)message.Length, secretKey), "crypto_sign_detached");
        return signature;
    }

    public static bool Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, ReadOnlySpan<byte> publicKey)
    {
        if (signature.Length != SignatureBytes || publicKey.Length != Ed25519PublicKeyBytes)
        {
            return false;
        }
        EnsureReady();
        return crypto_sign_verify_detached(signature, message, (ulong)message.Length, publicKey) == 0;
    }

    /// <summary>The X25519 private key of an Ed25519 secret key (SHA-512 of the seed, clamped).</summary>
    public static byte[] Ed25519SecretToX25519(ReadOnlySpan<byte> secretKey)
    {
        Require(secretKey, Ed25519SecretKeyBytes, "secret key");
        EnsureReady();
        var x25519 = new byte[X25519KeyBytes];
        Check(crypto_sign_ed25519_sk_to_curve25519(x25519, secretKey), "crypto_sign_ed25519_sk_to_curve25519");
        return x25519;
    }

    public static byte[] Ed25519PublicToX25519(ReadOnlySpan<byte> publicKey)
    {
        Require(publicKey, Ed25519PublicKeyBytes, "public key");
        EnsureReady();
        var x25519 = new byte[X25519KeyBytes];
        Check(crypto_sign_ed25519_pk_to_curve25519(x25519, publicKey), "crypto_sign_ed25519_pk_to_curve25519 (not a valid Ed25519 point)");
        return x25519;
    }

    public static byte[] X25519Public(ReadOnlySpan<byte> privateKey)
    {
        Require(privateKey, X25519KeyBytes, "X25519 private key");
        EnsureReady();
        var publicKey = new byte[X25519KeyBytes];
        Check(crypto_scalarmult_base(publicKey, privateKey), "crypto_scalarmult_base");
        return publicKey;
    }

    /// <summary>X25519(private, public); throws on an all-zero result (a low-order public key).</summary>
    public static byte[] X25519(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey)
    {
        Require(privateKey, X25519KeyBytes, "X25519 private key");
        Require(publicKey, X25519KeyBytes, "X25519 public key");
        EnsureReady();
        var shared = new byte[X25519KeyBytes];
        if (crypto_scalarmult(shared, privateKey, publicKey) != 0)
        {
            throw new CryptographicException("X25519 produced an all-zero shared secret (a low-order public key).");
        }
        return shared;
    }

    /// <summary>XChaCha20-Poly1305 IETF: ciphertext followed by the 16-byte tag.</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key)
    {
        Require(nonce, XChaChaNonceBytes, "nonce");
        Require(key, XChaChaKeyBytes, "key");
        EnsureReady();
        var sealedBytes = new byte[plaintext.Length + XChaChaTagBytes];
        Check(crypto_aead_xchacha20poly1305_ietf_encrypt(sealedBytes, out var written, plaintext, (ulong)plaintext.Length,
            associatedData, (ulong)associatedData.Length, IntPtr.Zero, nonce, key), "crypto_aead_xchacha20poly1305_ietf_encrypt");
        return sealedBytes[..(int)written];
    }

    /// <summary>The plaintext, or null when the tag does not verify (tampered ciphertext, AAD, nonce or key).</summary>
    public static byte[]? Decrypt(ReadOnlySpan<byte> sealedBytes, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key)
    {
        if (sealedBytes.Length < XChaChaTagBytes || nonce.Length != XChaChaNonceBytes || key.Length != XChaChaKeyBytes)
        {
            return null;
        }
        EnsureReady();
        var plaintext = new byte[sealedBytes.Length - XChaChaTagBytes];
        return crypto_aead_xchacha20poly1305_ietf_decrypt(plaintext, out var written, IntPtr.Zero, sealedBytes, (ulong)sealedBytes.Length,
            associatedData, (ulong)associatedData.Length, nonce, key) == 0 ? plaintext[..(int)written] : null;
    }

    public static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        RandomNumberGenerator.Fill(bytes);
        return bytes;
    }

    /// <summary>Clears secret material so it does not linger in memory.</summary>
    public static void Zero(Span<byte> secret) => CryptographicOperations.ZeroMemory(secret);

    private static void EnsureReady() => _ = Ready.Value;

    private static bool Initialize()
    {
        if (sodium_init() < 0)
        {
            throw new CryptographicException("libsodium failed to initialise.");
        }
        // The constants above must be what this build of libsodium uses.
        var expected = new (nuint Actual, int Wanted, string Name)[]
        {
            (crypto_sign_publickeybytes(), Ed25519PublicKeyBytes, "crypto_sign_publickeybytes"),
            (crypto_sign_secretkeybytes(), Ed25519SecretKeyBytes, "crypto_sign_secretkeybytes"),
            (crypto_sign_seedbytes(), SeedBytes, "crypto_sign_seedbytes"),
            (crypto_sign_bytes(), SignatureBytes, "crypto_sign_bytes"),
            (crypto_scalarmult_bytes(), X25519KeyBytes, "crypto_scalarmult_bytes"),
            (crypto_aead_xchacha20poly1305_ietf_keybytes(), XChaChaKeyBytes, "xchacha20poly1305 keybytes"),
            (crypto_aead_xchacha20poly1305_ietf_npubbytes(), XChaChaNonceBytes, "xchacha20poly1305 npubbytes"),
            (crypto_aead_xchacha20poly1305_ietf_abytes(), XChaChaTagBytes, "xchacha20poly1305 abytes"),
        };
        foreach (var (actual, wanted, name) in expected)
        {
            if (actual != (nuint)wanted)
            {
                throw new CryptographicException($"libsodium's {name} is {actual}, Steward expects {wanted}.");
            }
        }
        return true;
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library)
        {
            return IntPtr.Zero;
        }
        foreach (var candidate in new[] { "libsodium.so.23", "libsodium.so", "libsodium.dylib", "libsodium.23.dylib", "libsodium" })
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }
        throw new DllNotFoundException("libsodium is not installed (Steward needs libsodium.so.23 for Threadline: apt install libsodium23).");
    }

    private static void Require(ReadOnlySpan<byte> value, int length, string what)
    {
        if (value.Length != length)
        {
            throw new ArgumentException($"The {what} must be {length} bytes, not {value.Length}.");
        }
    }

    private static void Check(int result, string function)
    {
        if (result != 0)
        {
            throw new CryptographicException($"libsodium {function} failed.");
        }
    }

    [LibraryImport(Library)] private static partial int sodium_init();
    [LibraryImport(Library)] private static partial nuint crypto_sign_publickeybytes();
    [LibraryImport(Library)] private static partial nuint crypto_sign_secretkeybytes();
    [LibraryImport(Library)] private static partial nuint crypto_sign_seedbytes();
    [LibraryImport(Library)] private static partial nuint crypto_sign_bytes();
    [LibraryImport(Library)] private static partial nuint crypto_scalarmult_bytes();
    [LibraryImport(Library)] private static partial nuint crypto_aead_xchacha20poly1305_ietf_keybytes();
    [LibraryImport(Library)] private static partial nuint crypto_aead_xchacha20poly1305_ietf_npubbytes();
    [LibraryImport(Library)] private static partial nuint crypto_aead_xchacha20poly1305_ietf_abytes();
    [LibraryImport(Library)] private static partial int crypto_sign_seed_keypair(Span<byte> publicKey, Span<byte> secretKey, ReadOnlySpan<byte> seed);
    [LibraryImport(Library)] private static partial int crypto_sign_detached(Span<byte> signature, out ulong signatureLength, ReadOnlySpan<byte> message, ulong messageLength, ReadOnlySpan<byte> secretKey);
    [LibraryImport(Library)] private static partial int crypto_sign_verify_detached(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, ulong messageLength, ReadOnlySpan<byte> publicKey);
    [LibraryImport(Library)] private static partial int crypto_sign_ed25519_sk_to_curve25519(Span<byte> x25519SecretKey, ReadOnlySpan<byte> ed25519SecretKey);
    [LibraryImport(Library)] private static partial int crypto_sign_ed25519_pk_to_curve25519(Span<byte> x25519PublicKey, ReadOnlySpan<byte> ed25519PublicKey);
    [LibraryImport(Library)] private static partial int crypto_scalarmult_base(Span<byte> publicKey, ReadOnlySpan<byte> privateKey);
    [LibraryImport(Library)] private static partial int crypto_scalarmult(Span<byte> shared, ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey);
    [LibraryImport(Library)] private static partial int crypto_aead_xchacha20poly1305_ietf_encrypt(Span<byte> ciphertext, out ulong ciphertextLength, ReadOnlySpan<byte> message, ulong messageLength,
        ReadOnlySpan<byte> associatedData, ulong associatedDataLength, IntPtr secretNonce, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key);
    [LibraryImport(Library)] private static partial int crypto_aead_xchacha20poly1305_ietf_decrypt(Span<byte> message, out ulong messageLength, IntPtr secretNonce, ReadOnlySpan<byte> ciphertext, ulong ciphertextLength,
        ReadOnlySpan<byte> associatedData, ulong associatedDataLength, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key);
}
