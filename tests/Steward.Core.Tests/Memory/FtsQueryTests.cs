using Steward.Core.Storage;

namespace Steward.Core.Tests.Memory;

public sealed class FtsQueryTests
{
    [Theory]
    [InlineData("deploy friday", "\"deploy\" \"friday\"", "\"deploy\" OR \"friday\"")]
    [InlineData("e-mail", "\"e mail\"", "\"e mail\"")]
    [InlineData("9:00", "\"9 00\"", "\"9 00\"")]
    [InlineData("user's email?", "\"user s\" \"email\"", "\"user s\" OR \"email\"")]
    [InlineData("cats AND dogs", "\"cats\" \"dogs\"", "\"cats\" OR \"dogs\"")]
    [InlineData("where is the deploy key?", "\"deploy\" \"key\"", "\"deploy\" OR \"key\"")]
    [InlineData("AND", "\"AND\"", "\"AND\"")]
    [InlineData("\"to be or not\"", "\"to be or not\"", "\"to be or not\"")]
    [InlineData("\"release train\" plan", "\"release train\" \"plan\"", "\"release train\" OR \"plan\"")]
    [InlineData("deplo*", "\"deplo\"*", "\"deplo\"*")]
    [InlineData("NEAR(a b)", "\"NEAR a\" \"b\"", "\"NEAR a\" OR \"b\"")]
    [InlineData("\"unclosed quote", "\"unclosed\" \"quote\"", "\"unclosed\" OR \"quote\"")]
    [InlineData("café 🙂 naïve", "\"café\" \"naïve\"", "\"café\" OR \"naïve\"")]
    public void User_text_becomes_quoted_terms(string text, string all, string any)
    {
        Assert.Equal((all, any), FtsQuery.Build(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("***")]
    [InlineData("🙂🎉")]
    [InlineData("\"\"")]
    [InlineData(null)]
    public void Text_without_words_has_no_query(string? text)
    {
        Assert.Equal((null, null), FtsQuery.Build(text));
    }

    [Fact]
    public void Long_text_is_cut_to_a_bounded_number_of_distinct_terms()
    {
        var (all, _) = FtsQuery.Build(string.Join(' ', Enumerable.Range(0, 5000).Select(i => $"word{i}")) + " word1 word1");

        Assert.Equal(FtsQuery.MaxTerms, all!.Split(' ').Length);
    }
}
