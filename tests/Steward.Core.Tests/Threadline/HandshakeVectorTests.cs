using System.Text.Json.Nodes;
using Steward.Core.Threadline;

namespace Steward.Core.Tests.Threadline;

/// <summary>The handshake's challenge responses and relay token, and the signed-request bytes, against Instar's vectors.</summary>
public sealed class HandshakeVectorTests
{
    private static readonly JsonObject Vectors = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "threadline", "threadline-vectors.json")))!.AsObject();

    private static string S(JsonNode? node) => node!.GetValue<string>();

    private static byte[] Hex(JsonNode? node) => Convert.FromHexString(S(node));

    private static ThreadlineIdentity Identity(string name) => ThreadlineIdentity.FromSeed(Hex(Vectors["identities"]![name]!["seedHex"]));

    private static JsonNode Handshake => Vectors["handshake"]!;

    [Fact]
    public void Both_challenge_responses_match_and_verify()
    {
        using var a = Identity("A");
        using var b = Identity("B");
        var fixedInputs = Handshake["fixedInputs"]!;
        var (ephA, ephB) = (Hex(fixedInputs["ephemeralPubA"]), Hex(fixedInputs["ephemeralPubB"]));
        var (nonceA, nonceB) = (S(fixedInputs["nonceA"]), S(fixedInputs["nonceB"]));

        var bAnswers = HandshakeMath.Answer(b, nonceA, a.PublicKey, ephA, ephB);
        var aAnswers = HandshakeMath.Answer(a, nonceB, b.PublicKey, ephB, ephA);

        Assert.Equal(S(Handshake["helloResponse"]!["challengeResponse"]), bAnswers);
        Assert.Equal(S(Handshake["confirm"]!["challengeResponse"]), aAnswers);
        Assert.Equal(S(Handshake["challengeResponse"]!["B_answers_A_nonce"]!["preimageHex"]), Convert.ToHexStringLower(HandshakeMath.ChallengePreimage(nonceA, a.PublicKey, b.PublicKey, ephA, ephB)));
        Assert.True(HandshakeMath.Check(bAnswers, nonceA, a.PublicKey, b.PublicKey, ephA, ephB));
        Assert.False(HandshakeMath.Check(bAnswers, nonceB, a.PublicKey, b.PublicKey, ephA, ephB));
        Assert.False(HandshakeMath.Check("zz", nonceA, a.PublicKey, b.PublicKey, ephA, ephB));
        Assert.Equal(S(Handshake["hello"]!["identityPub"]), Convert.ToHexStringLower(a.PublicKey));
        Assert.Equal(S(fixedInputs["ephemeralPubA"]), Convert.ToHexStringLower(Crypto.Sodium.X25519Public(Hex(fixedInputs["ephemeralPrivA"]))));
    }

    [Fact]
    public void The_relay_token_is_the_same_from_both_sides_and_matches()
    {
        using var a = Identity("A");
        using var b = Identity("B");
        var fixedInputs = Handshake["fixedInputs"]!;

        var fromA = HandshakeMath.RelayToken(Hex(fixedInputs["ephemeralPrivA"]), Hex(fixedInputs["ephemeralPubB"]), a.PublicKey, b.PublicKey);
        var fromB = HandshakeMath.RelayToken(Hex(fixedInputs["ephemeralPrivB"]), Hex(fixedInputs["ephemeralPubA"]), b.PublicKey, a.PublicKey);

        Assert.Equal(S(Handshake["relayToken"]!["tokenHex"]), fromA);
        Assert.Equal(fromA, fromB);
    }

    [Fact]
    public void Signed_request_bytes_signature_and_headers_match()
    {
        var vector = Vectors["signedRequest"]!;
        using var a = Identity("A");
        var (method, path, nonce, timestamp, body) = (S(vector["method"]), S(vector["path"]), S(vector["nonce"]), S(vector["timestamp"]), vector["body"]);

        var input = SignedRequest.SignatureInput(method, path, nonce, timestamp, body);
        var headers = SignedRequest.Headers(a, "agent-a", S(Handshake["relayToken"]!["tokenHex"]), method, path, nonce, timestamp, body);

        Assert.Equal(S(vector["bodyJsonHashed"]), CanonicalJson.Stringify(body));
        Assert.Equal(S(vector["signatureInputHex"]), Convert.ToHexStringLower(input));
        Assert.Equal(S(vector["signatureHex"]), SignedRequest.Sign(a, method, path, nonce, timestamp, body));
        foreach (var (name, value) in headers)
        {
            Assert.Equal(S(vector["headers"]![name]), value);
        }
        Assert.True(SignedRequest.Verify(S(vector["signatureHex"]), a.PublicKey, method, path, nonce, timestamp, body));
        Assert.False(SignedRequest.Verify(S(vector["signatureHex"]), a.PublicKey, method, path + "x", nonce, timestamp, body));
        Assert.False(SignedRequest.Verify(S(vector["signatureHex"]), a.PublicKey, method, path, nonce, timestamp, null));
    }
}
