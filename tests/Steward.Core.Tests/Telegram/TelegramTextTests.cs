using Steward.Core.Telegram;

namespace Steward.Core.Tests.Telegram;

public sealed class TelegramTextTests
{
    [Fact]
    public void A_10000_character_reply_becomes_ordered_parts_under_the_limit_cut_between_paragraphs()
    {
        var paragraphs = Enumerable.Range(0, 100).Select(i => $"Paragraph {i:D3}: " + new string('x', 80)).ToList();
        var text = string.Join("\n\n", paragraphs);
        Assert.True(text.Length > 9_000);

        var parts = TelegramText.Split(text);

        Assert.InRange(parts.Count, 3, 4);
        Assert.All(parts, p => Assert.InRange(p.Length, 1, TelegramText.MaxLength));
        Assert.Equal(paragraphs, parts.SelectMany(p => p.Split("\n\n")));
    }

    [Fact]
    public void Without_spaces_it_cuts_hard_but_never_inside_an_emoji()
    {
        var text = string.Concat(Enumerable.Repeat("ab😀", 3_000));

        var parts = TelegramText.Split(text);

        Assert.Equal(text, string.Concat(parts));
        Assert.All(parts, p => Assert.False(char.IsHighSurrogate(p[^1]), "a part ends in half an emoji"));
        Assert.All(parts, p => Assert.True(p.Length <= TelegramText.MaxLength));
    }

    [Fact]
    public void Short_text_is_one_part_and_blank_text_none() 
    {
        Assert.Equal(["hi"], TelegramText.Split("  hi \n"));
        Assert.Empty(TelegramText.Split("  \n "));
    }
}
