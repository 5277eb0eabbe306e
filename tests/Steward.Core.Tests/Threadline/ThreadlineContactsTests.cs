using Microsoft.Data.Sqlite;
using Steward.Core.Storage;
using Steward.Core.Threadline;

namespace Steward.Core.Tests.Threadline;

/// <summary>Contacts with pinned keys, trust that only the owner raises, and an audit log nobody can rewrite.</summary>
public sealed class ThreadlineContactsTests : IDisposable
{
    private readonly TestHome _home = new();
    private readonly ThreadlineIdentity _peer = ThreadlineIdentity.FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private readonly ThreadlineIdentity _impostor = ThreadlineIdentity.FromSeed(Enumerable.Range(50, 32).Select(i => (byte)i).ToArray());

    public void Dispose()
    {
        _peer.Dispose();
        _impostor.Dispose();
        _home.Dispose();
    }

    private ThreadlineContacts Contacts() => new(new StewardDatabase(_home.Home.DatabasePath));

    [Fact]
    public void A_new_contact_starts_untrusted_with_its_keys_pinned_and_adding_it_again_changes_nothing()
    {
        var contacts = Contacts();

        var added = contacts.Add("bob", "http://127.0.0.1:4040", _peer.PublicKey);
        var again = contacts.Add("bob", "http://127.0.0.1:4040", _peer.PublicKey);

        Assert.Equal(TrustLevel.Untrusted, added.Trust);
        Assert.Equal(_peer.Fingerprint, added.Fingerprint);
        Assert.Equal(_peer.X25519PublicKey, added.X25519Public);
        Assert.Equal((added.Fingerprint, added.Name, added.Trust, added.AddedAt), (again.Fingerprint, again.Name, again.Trust, again.AddedAt));
        Assert.Equal(added.Ed25519Public, contacts.Find(_peer.Fingerprint)!.Ed25519Public);
        Assert.Single(contacts.AuditLog("bob"));
        Assert.Single(contacts.List());
    }

    [Fact]
    public void A_changed_key_under_a_known_name_is_refused_and_the_pinned_key_stays()
    {
        var contacts = Contacts();
        contacts.Add("bob", null, _peer.PublicKey);

        var error = Assert.Throws<StewardException>(() => contacts.Add("bob", null, _impostor.PublicKey));

        Assert.Contains("pinned", error.Message, StringComparison.Ordinal);
        Assert.Equal(_peer.PublicKey, contacts.Require("bob").Ed25519Public);
        Assert.Null(contacts.Find(_impostor.Fingerprint));
    }

    [Fact]
    public void Raising_trust_needs_confirmation_lowering_does_not_and_every_change_is_audited()
    {
        var contacts = Contacts();
        contacts.Add("bob", null, _peer.PublicKey);

        Assert.Contains("confirm", Assert.Throws<StewardException>(() => contacts.SetTrust("bob", TrustLevel.Trusted, confirmed: false, "asked", "bob")).Message, StringComparison.Ordinal);
        contacts.SetTrust("bob", TrustLevel.Trusted, confirmed: true, "the owner said so", "owner");
        contacts.SetTrust("bob", TrustLevel.Untrusted, confirmed: false, "invalid signature", "steward");

        Assert.Equal(TrustLevel.Untrusted, contacts.Require("bob").Trust);
        Assert.Equal([(null, TrustLevel.Untrusted), (TrustLevel.Untrusted, TrustLevel.Trusted), (TrustLevel.Trusted, TrustLevel.Untrusted)],
            contacts.AuditLog("bob").Select(c => (c.From, c.To)));
        Assert.Equal("invalid signature", contacts.AuditLog("bob")[^1].Reason);
    }

    [Fact]
    public void The_audit_log_cannot_be_rewritten_even_with_sql()
    {
        var contacts = Contacts();
        contacts.Add("bob", null, _peer.PublicKey);
        using var connection = new StewardDatabase(_home.Home.DatabasePath).Open();
        using var command = connection.CreateCommand();

        command.CommandText = "DELETE FROM threadline_trust_audit";
        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => command.ExecuteNonQuery()).Message, StringComparison.Ordinal);
        command.CommandText = "UPDATE threadline_trust_audit SET to_level = 'autonomous'";
        Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());
        Assert.Single(contacts.AuditLog("bob"));
    }

    [Theory]
    [InlineData(TrustLevel.Untrusted, "ping", true)]
    [InlineData(TrustLevel.Untrusted, "message", false)]
    [InlineData(TrustLevel.Verified, "message", true)]
    [InlineData(TrustLevel.Verified, null, true)]
    [InlineData(TrustLevel.Verified, "task-request", false)]
    [InlineData(TrustLevel.Trusted, "data-share", true)]
    [InlineData(TrustLevel.Trusted, "spawn", false)]
    [InlineData(TrustLevel.Autonomous, "delegate", true)]
    [InlineData(TrustLevel.Autonomous, "chat", false)]
    public void Operations_follow_the_trust_ladder(TrustLevel level, string? operation, bool allowed) =>
        Assert.Equal(allowed, level.Allows(operation));

    [Fact]
    public void Names_and_levels_are_validated()
    {
        Assert.Throws<StewardException>(() => Contacts().Add(" ", null, _peer.PublicKey));
        Assert.Throws<StewardException>(() => Contacts().Add("bob", null, new byte[31]));
        Assert.Throws<StewardException>(() => TrustLevels.Parse("god-mode"));
        Assert.Equal(TrustLevel.Verified, TrustLevels.Parse(" Verified "));
    }
}
