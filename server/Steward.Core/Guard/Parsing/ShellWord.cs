using System.Text;

namespace Steward.Core.Guard.Parsing;

[Flags]
internal enum WordFlags : byte
{
    None = 0,
    /// <summary>Some part was quoted or backslash-escaped.</summary>
    Quoted = 1,
    /// <summary>Holds an active expansion: marked in <see cref="ShellWord.Value"/>.</summary>
    Expands = 2,
    /// <summary>Starts with an unquoted <c>~</c>, which the shell replaces with a home directory.</summary>
    TildeActive = 4,
    /// <summary>Holds an unquoted <c>*</c>, <c>?</c> or <c>[</c>.</summary>
    Glob = 8,
    /// <summary>Shaped <c>NAME=value</c> with a plain, unquoted name.</summary>
    Assignment = 16,
    /// <summary>A quote or substitution ran to the end of the input.</summary>
    Unterminated = 32,
    /// <summary>The word is a process substitution, <c>&lt;(…)</c> or <c>&gt;(…)</c>.</summary>
    ProcessSubstitution = 64,
    /// <summary>Holds an unquoted <c>{</c>: brace expansion (<c>/{usr,etc}</c>) may turn it into several words.</summary>
    Brace = 128,
}

/// <summary>
/// One shell word after quote removal. Active expansions stay in <see cref="Value"/> as source
/// text behind <see cref="ExpansionMark"/> (<c>$NAME</c>, <c>${…}</c>), and command substitutions
/// become <see cref="SubstitutionMark"/> followed by one char holding their index in
/// <see cref="Substitutions"/>. Marks are private-use characters, so no real input can forge one
/// that the lexer did not write (the lexer drops any that arrive in the input).
/// </summary>
internal sealed class ShellWord(string value, WordFlags flags, List<Substitution>? substitutions)
{
    public const char ExpansionMark = '\uE000';
    public const char SubstitutionMark = '\uE001';

    public string Value { get; } = value;

    public WordFlags Flags { get; } = flags;

    public List<Substitution>? Substitutions { get; } = substitutions;

    /// <summary>No quotes, escapes or expansions: the word means exactly its text (keywords must be plain).</summary>
    public bool IsPlain => (Flags & (WordFlags.Quoted | WordFlags.Expands)) == 0;

    public bool Has(WordFlags flag) => (Flags & flag) != 0;

    public bool IsPlainText(string text) => IsPlain && Value == text;

    /// <summary>The value as a person would write it: marks removed, substitutions shown as <c>$(…)</c>.</summary>
    public string Display()
    {
        if (!Has(WordFlags.Expands))
        {
            return Value;
        }
        var builder = new StringBuilder(Value.Length + 8);
        for (var i = 0; i < Value.Length; i++)
        {
            var c = Value[i];
            if (c == ExpansionMark)
            {
                continue;
            }
            if (c == SubstitutionMark)
            {
                builder.Append("$(…)");
                i++;
                continue;
            }
            builder.Append(c);
        }
        return builder.ToString();
    }

    public override string ToString() => Display();
}
