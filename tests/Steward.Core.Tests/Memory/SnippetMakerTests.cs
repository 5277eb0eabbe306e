using Steward.Core.Memory;
using Steward.Core.Storage;

namespace Steward.Core.Tests.Memory;

public sealed class SnippetMakerTests
{
    [Theory]
    [InlineData("e-mail", "Send the e-mail today", "Send the **e-mail** today")]
    [InlineData("9:00", "Standup at 9:00 sharp", "Standup at **9:00** sharp")]
    [InlineData("running", "We run reports and keep running them", "We **run** reports and keep **running** them")]
    [InlineData("café", "Meet at the Cafe", "Meet at the **Cafe**")]
    [InlineData("deplo*", "Deployment of deploys", "**Deployment** of **deploys**")]
    public void Matching_words_are_bold_and_joined_words_stay_together(string query, string text, string expected)
    {
        Assert.Equal(expected, SnippetMaker.Make(text, FtsQuery.Terms(query)));
    }

    [Fact]
    public void A_long_text_is_cut_around_the_first_match()
    {
        var text = string.Join(' ', Enumerable.Range(0, 100).Select(i => $"word{i}")) + " needle " + string.Join(' ', Enumerable.Range(100, 100).Select(i => $"word{i}"));

        var snippet = SnippetMaker.Make(text, FtsQuery.Terms("needle"));

        Assert.StartsWith("…word94 ", snippet, StringComparison.Ordinal);
        Assert.Contains("**needle**", snippet, StringComparison.Ordinal);
        Assert.EndsWith("…", snippet, StringComparison.Ordinal);
        Assert.Equal(24, snippet.Trim('…').Split(' ').Length);
    }
}
