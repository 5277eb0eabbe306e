using System.Security.Cryptography;
using System.Text;
using Steward.Core.Crypto;

namespace Steward.Core.Threadline;

/// <summary>
/// The direct-HTTP handshake's two computations. A challenge response is the signer's Ed25519
/// signature over SHA-256(nonce string ‖ challenger id key ‖ signer id key ‖ challenger
/// ephemeral ‖ signer ephemeral), the challenger being the side that issued the nonce. The relay
/// token is HKDF-SHA256 of the ephemeral X25519 agreement, salted with both identity keys in hex
/// order, info "threadline-relay-token-v1".
/// </summary>
public static class HandshakeMath
{
    private static readonly byte[] TokenInfo = Encoding.UTF8.GetBytes("threadline-relay-token-v1");

    public static byte[] ChallengePreimage(string nonce, ReadOnlySpan<byte> challengerIdentity, ReadOnlySpan<byte> signerIdentity, ReadOnlySpan<byte> challengerEphemeral, ReadOnlySpan<byte> signerEphemeral)
    {
        var nonceBytes = Encoding.UTF8.GetBytes(nonce);
        var preimage = new byte[nonceBytes.Length + challengerIdentity.Length + signerIdentity.Length + challengerEphemeral.Length + signerEphemeral.Length];
        var offset = 0;
        foreach (var part in new[] { nonceBytes, challengerIdentity.ToArray(), signerIdentity.ToArray(), challengerEphemeral.ToArray(), signerEphemeral.ToArray() })
        {
            part.CopyTo(preimage, offset);
            offset += part.Length;
        }
        return preimage;
    }

    public static string Answer(ThreadlineIdentity signer, string nonce, ReadOnlySpan<byte> challengerIdentity, ReadOnlySpan<byte> challengerEphemeral, ReadOnlySpan<byte> signerEphemeral) =>
        Convert.ToHexStringLower(signer.Sign(SHA256.HashData(ChallengePreimage(nonce, challengerIdentity, signer.PublicKey, challengerEphemeral, signerEphemeral))));

    public static bool Check(string answerHex, string nonce, ReadOnlySpan<byte> challengerIdentity, ReadOnlySpan<byte> signerIdentity, ReadOnlySpan<byte> challengerEphemeral, ReadOnlySpan<byte> signerEphemeral)
    {
        byte[] signature;
        try
        {
            signature = Convert.FromHexString(answerHex);
        }
        catch (FormatException)
        {
            return false;
        }
        return Sodium.Verify(signature, SHA256.HashData(ChallengePreimage(nonce, challengerIdentity, signerIdentity, challengerEphemeral, signerEphemeral)), signerIdentity);
    }

    public static string RelayToken(ReadOnlySpan<byte> ownEphemeralPrivate, ReadOnlySpan<byte> peerEphemeralPublic, ReadOnlySpan<byte> ownIdentity, ReadOnlySpan<byte> peerIdentity)
    {
        var shared = Sodium.X25519(ownEphemeralPrivate, peerEphemeralPublic);
        var ownHex = Convert.ToHexStringLower(ownIdentity);
        var peerHex = Convert.ToHexStringLower(peerIdentity);
        var salt = string.CompareOrdinal(ownHex, peerHex) <= 0 ? [.. ownIdentity, .. peerIdentity] : (byte[])[.. peerIdentity, .. ownIdentity];
        try
        {
            return Convert.ToHexStringLower(HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, salt, TokenInfo));
        }
        finally
        {
            Sodium.Zero(shared);
        }
    }
}
