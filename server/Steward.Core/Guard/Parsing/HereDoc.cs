namespace Steward.Core.Guard.Parsing;

/// <summary>
/// A here-document. Its body is read when the lexer reaches the end of the line that opened it.
/// With an unquoted delimiter the body expands like a double-quoted string, so command
/// substitutions inside it run and are analysed.
/// </summary>
internal sealed class HereDoc(string delimiter, bool quoted, bool stripTabs)
{
    public string Delimiter { get; } = delimiter;

    public bool Quoted { get; } = quoted;

    public bool StripTabs { get; } = stripTabs;

    /// <summary>The body; empty until read (and empty for a document the input never supplied).</summary>
    public ShellWord Body { get; set; } = new(string.Empty, WordFlags.None, null);
}
