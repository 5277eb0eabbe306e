using Steward.Core.Guard.Parsing;

namespace Steward.Core.Tests.Guard;

/// <summary>The lexer and parser see commands the way bash does, quoting tricks included.</summary>
public sealed class ShellParsingTests
{
    private static List<ShellToken> Tokens(string source) => ShellLexer.Lex(source).Tokens;

    private static List<string> Words(string source) => [.. Tokens(source).Where(t => t.Kind == TokenKind.Word).Select(t => t.Word!.Value)];

    [Theory]
    [InlineData("rm", "rm")]
    [InlineData("'rm'", "rm")]
    [InlineData("\"rm\"", "rm")]
    [InlineData("r''m", "rm")]
    [InlineData("\"r\"m", "rm")]
    [InlineData("\\rm", "rm")]
    [InlineData("r\\m", "rm")]
    [InlineData("$'\\x72\\x6d'", "rm")]
    [InlineData("$'\\162\\155'", "rm")]
    [InlineData("$'r\\u006d'", "rm")]
    [InlineData("r\\\nm", "rm")]
    public void Quotes_and_escapes_are_removed(string source, string expected)
    {
        Assert.Equal([expected], Words(source));
    }

    [Fact]
    public void Operators_split_words_without_spaces()
    {
        var kinds = Tokens("a&&b||c|d;e&f|&g").Select(t => t.Kind == TokenKind.Word ? t.Word!.Value : t.Operator.ToString());

        Assert.Equal(["a", "And", "b", "Or", "c", "Pipe", "d", "Semicolon", "e", "Background", "f", "PipeBoth", "g"], kinds);
    }

    [Fact]
    public void Comments_end_at_the_newline_and_only_start_a_word()
    {
        Assert.Equal(["echo", "a#b", "c"], Words("echo a#b # rm -rf /\nc"));
    }

    [Fact]
    public void Redirections_carry_their_descriptor()
    {
        var redirects = Tokens("cmd 2>&1 >>log &>all 3<in <<<here").Where(t => t.Kind == TokenKind.Redirect).Select(t => (t.Redirect, t.Fd)).ToList();

        Assert.Equal([(RedirectKind.DuplicateOutput, 2), (RedirectKind.Append, -1), (RedirectKind.OutputBoth, -1), (RedirectKind.Input, 3), (RedirectKind.HereString, -1)], redirects);
    }

    [Fact]
    public void Here_document_bodies_are_read_after_the_line_and_expand_only_when_unquoted()
    {
        var tokens = Tokens("cat <<EOF | psql && cat <<'RAW'\nDROP $(whoami)\nEOF\nkeep $(x)\nRAW\necho after");
        var docs = tokens.Where(t => t.HereDoc is not null).Select(t => t.HereDoc!).ToList();

        Assert.Equal("DROP \uE001\0\n", docs[0].Body.Value);
        Assert.Single(docs[0].Body.Substitutions!);
        Assert.Equal("keep $(x)\n", docs[1].Body.Value);
        Assert.Null(docs[1].Body.Substitutions);
        Assert.Contains("after", Words("cat <<EOF\nbody\nEOF\necho after"));
        Assert.DoesNotContain("body", Words("cat <<EOF\nbody\nEOF\necho after"));
    }

    [Fact]
    public void Command_substitutions_nest_and_keep_their_source()
    {
        var word = Tokens("echo \"$(ls $(pwd) | wc -l)\" `date`").Where(t => t.Kind == TokenKind.Word).Skip(1).First().Word!;

        var outer = Assert.Single(word.Substitutions!);
        Assert.Equal("ls $(pwd) | wc -l", outer.Source);
        Assert.Contains(outer.Lexed.Tokens, t => t.Word?.Substitutions?.Single().Source == "pwd");
    }

    [Fact]
    public void Expansions_are_marked_only_where_they_are_active()
    {
        var words = Tokens("echo $HOME \"$HOME\" '$HOME' \\$HOME ${HOME}/x ~/y '~'").Where(t => t.Kind == TokenKind.Word).Skip(1).Select(t => t.Word!).ToList();

        Assert.Equal(["\uE000$HOME", "\uE000$HOME", "$HOME", "$HOME", "\uE000${HOME}/x", "~/y", "~"], words.Select(w => w.Value));
        Assert.True(words[5].Has(WordFlags.TildeActive));
        Assert.False(words[6].Has(WordFlags.TildeActive));
    }

    [Fact]
    public void Marks_in_the_input_cannot_forge_expansions()
    {
        Assert.Equal(["$HOME"], Words("\uE000$HOME".Replace("$", "\\$", StringComparison.Ordinal)));
    }

    [Fact]
    public void Unterminated_quotes_keep_their_contents_for_analysis()
    {
        var lexed = ShellLexer.Lex("echo 'rm -rf /");

        Assert.Equal(["rm -rf /"], lexed.UnterminatedFragments);
    }

    [Fact]
    public void Functions_and_compound_commands_parse_into_structure()
    {
        var script = ShellParser.Parse(ShellLexer.Lex("f() { a | b & }; for x in 1 2; do c \"$x\"; done; if d; then e; else g; fi; case $y in (p|q) h;; *) i;; esac"));
        var commands = script.Items.Select(item => item.Pipelines[0].Commands[0]).ToList();

        var function = Assert.IsType<FunctionNode>(commands[0]);
        Assert.Equal("f", function.Name);
        var loop = Assert.IsType<ForNode>(commands[1]);
        Assert.Equal(["1", "2"], loop.Items!.Select(w => w.Value));
        Assert.Equal(3, Assert.IsType<GroupNode>(commands[2]).Parts.Count);
        Assert.Equal(3, Assert.IsType<GroupNode>(commands[3]).Parts.Count);
    }

    [Fact]
    public void The_glued_fork_bomb_spelling_parses_as_a_function()
    {
        var script = ShellParser.Parse(ShellLexer.Lex(":(){:|:&};:"));

        var function = Assert.IsType<FunctionNode>(script.Items[0].Pipelines[0].Commands[0]);
        var body = Assert.IsType<GroupNode>(function.Body);
        Assert.True(body.Parts[0].Items[0].Background);
        Assert.Equal(2, body.Parts[0].Items[0].Pipelines[0].Commands.Count);
    }

    [Fact]
    public void Assignments_before_a_command_are_kept_apart()
    {
        var command = Assert.IsType<SimpleCommandNode>(ShellParser.Parse(ShellLexer.Lex("A=1 B+=2 \"C=3\" cmd D=4")).Items[0].Pipelines[0].Commands[0]);

        Assert.Equal(["A=1", "B+=2"], command.Assignments!.Select(w => w.Value));
        Assert.Equal(["C=3", "cmd", "D=4"], command.Words.Select(w => w.Value));
    }
}
