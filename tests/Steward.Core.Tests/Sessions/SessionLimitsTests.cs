using Steward.Core.Sessions;

namespace Steward.Core.Tests.Sessions;

public sealed class SessionLimitsTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("fix-flaky-test-42")]
    [InlineData("0abc")]
    public void Good_names_pass(string name) => SessionLimits.ValidateName(name);

    [Theory]
    [InlineData("")]
    [InlineData("-x")]
    [InlineData("Upper")]
    [InlineData("has space")]
    [InlineData("under_score")]
    [InlineData("../etc")]
    [InlineData(null)]
    public void Bad_names_fail(string? name) => Assert.Throws<StewardException>(() => SessionLimits.ValidateName(name));

    [Fact]
    public void Names_longer_than_63_fail() => Assert.Throws<StewardException>(() => SessionLimits.ValidateName(new string('a', 64)));

    [Theory]
    [InlineData("opus")]
    [InlineData("claude-sonnet-4-5")]
    [InlineData("claude-opus-4-1[1m]")]
    public void Models_pass(string model) => SessionLimits.ValidateModel(model);

    [Theory]
    [InlineData("gpt 5")]
    [InlineData("x;rm -rf /")]
    [InlineData("--dangerously-skip-permissions")]
    [InlineData("[1m]")]
    [InlineData("")]
    public void Odd_models_fail(string model) => Assert.Throws<StewardException>(() => SessionLimits.ValidateModel(model));

    [Fact]
    public void Model_ids_are_at_most_100_characters()
    {
        SessionLimits.ValidateModel(new string('a', 100));
        Assert.Throws<StewardException>(() => SessionLimits.ValidateModel(new string('a', 101)));
    }
}
