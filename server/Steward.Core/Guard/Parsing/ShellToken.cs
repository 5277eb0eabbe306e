namespace Steward.Core.Guard.Parsing;

internal enum TokenKind : byte
{
    Word,
    Operator,
    Redirect,
}

internal enum ShellOperator : byte
{
    None,
    Semicolon,
    /// <summary><c>;;</c>, <c>;&amp;</c> or <c>;;&amp;</c>: the end of a case item.</summary>
    CaseBreak,
    Background,
    And,
    Or,
    Pipe,
    /// <summary><c>|&amp;</c>: stdout and stderr into the pipe.</summary>
    PipeBoth,
    Newline,
    OpenParen,
    CloseParen,
}

internal enum RedirectKind : byte
{
    Input,
    Output,
    Append,
    Clobber,
    ReadWrite,
    DuplicateInput,
    DuplicateOutput,
    OutputBoth,
    AppendBoth,
    HereDoc,
    HereString,
}

internal readonly record struct ShellToken(TokenKind Kind, ShellOperator Operator, RedirectKind Redirect, int Fd, ShellWord? Word, HereDoc? HereDoc)
{
    public static ShellToken ForWord(ShellWord word) => new(TokenKind.Word, ShellOperator.None, default, -1, word, null);

    public static ShellToken ForOperator(ShellOperator op) => new(TokenKind.Operator, op, default, -1, null, null);

    public static ShellToken ForRedirect(RedirectKind kind, int fd, HereDoc? hereDoc = null) => new(TokenKind.Redirect, ShellOperator.None, kind, fd, null, hereDoc);

    public bool Is(ShellOperator op) => Kind == TokenKind.Operator && Operator == op;

    /// <summary>A plain (unquoted, unexpanded) word with exactly this text: how keywords are recognised.</summary>
    public bool IsKeyword(string keyword) => Kind == TokenKind.Word && Word!.IsPlainText(keyword);
}

/// <summary>What the lexer made of a source text: its tokens, and the contents of quotes left open.</summary>
internal sealed class LexedScript(List<ShellToken> tokens, List<string>? unterminatedFragments)
{
    public List<ShellToken> Tokens { get; } = tokens;

    /// <summary>Text inside quotes that never closed; analysed as commands too, to be safe.</summary>
    public List<string>? UnterminatedFragments { get; } = unterminatedFragments;
}
