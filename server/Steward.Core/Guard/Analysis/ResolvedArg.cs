using Steward.Core.Guard.Parsing;

namespace Steward.Core.Guard.Analysis;

/// <summary>
/// One argument after the expansions the guard can do (<c>~</c>, <c>$HOME</c>, variables the
/// script set, <c>$(pwd)</c>). Whatever it cannot resolve becomes empty text and sets
/// <see cref="Uncertain"/>: empty is the worst case (<c>"$DIR"/*</c> with DIR unset is <c>/*</c>).
/// </summary>
internal readonly record struct ResolvedArg(string Text, bool Uncertain, bool Glob, ShellWord? Word)
{
    public static ResolvedArg Literal(string text) => new(text, false, false, null);

    public bool IsProcessSubstitution => Word is not null && Word.Has(WordFlags.ProcessSubstitution);

    public List<Substitution>? Substitutions => Word?.Substitutions;
}
