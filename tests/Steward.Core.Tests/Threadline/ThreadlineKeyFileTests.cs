using Steward.Core.Threadline;

namespace Steward.Core.Tests.Threadline;

public sealed class ThreadlineKeyFileTests
{
    [Fact]
    public void Init_gives_every_home_its_own_stable_identity()
    {
        using var first = new TestHome("Ada");
        using var second = new TestHome("Bob");

        using var ada = ThreadlineKeyFile.Load(first.Home);
        using var adaAgain = ThreadlineKeyFile.Load(first.Home);
        using var bob = ThreadlineKeyFile.Load(second.Home);

        Assert.Equal(ada.Fingerprint, adaAgain.Fingerprint);
        Assert.NotEqual(ada.Fingerprint, bob.Fingerprint);
        Assert.Equal(32, ada.Fingerprint.Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ThreadlineKeyFile.PathFor(first.Home)));
    }

    [Theory]
    [InlineData("not hex at all", "not hex")]
    [InlineData("abcd", "2 bytes, expected 32")]
    public void A_damaged_key_file_is_reported_not_replaced(string content, string expected)
    {
        using var test = new TestHome();
        File.WriteAllText(ThreadlineKeyFile.PathFor(test.Home), content);

        var error = Assert.Throws<StewardException>(() => ThreadlineKeyFile.Load(test.Home));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(ThreadlineKeyFile.PathFor(test.Home)));
    }

    [Fact]
    public void A_missing_key_says_how_to_create_it()
    {
        using var test = new TestHome();
        File.Delete(ThreadlineKeyFile.PathFor(test.Home));

        Assert.Contains("steward init", Assert.Throws<StewardException>(() => ThreadlineKeyFile.Load(test.Home)).Message, StringComparison.Ordinal);
    }
}
