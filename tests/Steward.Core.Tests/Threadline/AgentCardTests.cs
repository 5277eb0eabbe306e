using System.Text.Json.Nodes;
using Steward.Core.Threadline;

namespace Steward.Core.Tests.Threadline;

/// <summary>The signed agent card: Instar's extended format, a signature over the deep-sorted form, and what verification refuses.</summary>
public sealed class AgentCardTests
{
    private static readonly ThreadlineIdentity Ada = ThreadlineIdentity.FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void The_card_is_Instars_extended_card_and_verifies_under_its_own_key()
    {
        var card = AgentCard.Build(Ada, "ada", "http://127.0.0.1:4041");
        var signature = AgentCard.Sign(Ada, card);

        Assert.Equal(["name", "description", "url", "version", "cardVersion", "capabilities", "skills", "threadline"], card.Select(p => p.Key));
        Assert.Equal("1.0", card["cardVersion"]!.GetValue<string>());
        Assert.Equal(Convert.ToHexStringLower(Ada.PublicKey), card["threadline"]!["identityPublicKey"]!.GetValue<string>());
        Assert.Equal(Ada.PublicKey, AgentCard.VerifiedKey(card, signature));
        // Key order on the wire does not matter: the signature covers the deep-sorted form.
        var reordered = JsonNode.Parse(CanonicalJson.Card(card))!.AsObject();
        Assert.Equal(Ada.PublicKey, AgentCard.VerifiedKey(reordered, signature));
    }

    [Fact]
    public void A_changed_card_a_foreign_signature_or_a_missing_one_verifies_nothing()
    {
        using var eve = ThreadlineIdentity.Create();
        var card = AgentCard.Build(Ada, "ada", "http://127.0.0.1:4041");
        var signature = AgentCard.Sign(Ada, card);

        var moved = card.DeepClone().AsObject();
        moved["url"] = "http://evil.example";
        var nested = card.DeepClone().AsObject();
        nested["capabilities"]!["streaming"] = true;
        var swappedKey = AgentCard.Build(eve, "ada", "http://127.0.0.1:4041");

        Assert.Null(AgentCard.VerifiedKey(moved, signature));
        Assert.Null(AgentCard.VerifiedKey(nested, signature));
        Assert.Null(AgentCard.VerifiedKey(swappedKey, signature));
        Assert.Null(AgentCard.VerifiedKey(card, AgentCard.Sign(eve, card)));
        Assert.Null(AgentCard.VerifiedKey(card, null));
        Assert.Null(AgentCard.VerifiedKey(card, new string('z', 128)));
        Assert.Null(AgentCard.VerifiedKey(new JsonObject { ["name"] = "no threadline section" }, signature));
    }

    [Fact]
    public void Numbers_held_as_integers_are_written_like_JSON_stringify()
    {
        Assert.Equal("{\"a\":60,\"b\":1.5,\"c\":10000000000}", CanonicalJson.Stringify(new JsonObject { ["a"] = 60, ["b"] = 1.5, ["c"] = 10_000_000_000L }));
    }
}
