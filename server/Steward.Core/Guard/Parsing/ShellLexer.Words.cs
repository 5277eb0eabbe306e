namespace Steward.Core.Guard.Parsing;

internal sealed partial class ShellLexer
{
    private static bool IsWordEnd(char c) => c is ' ' or '\t' or '\r' or '\f' or '\v' or '\n' or ';' or '&' or '|' or '(' or ')' or '<' or '>';

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>Input never carries our private marks: dropping them keeps a word from forging an expansion.</summary>
    private void AppendLiteral(char c)
    {
        if (c is not (ShellWord.ExpansionMark or ShellWord.SubstitutionMark))
        {
            _builder.Append(c);
        }
    }

    private void AppendLiteral(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            AppendLiteral(c);
        }
    }

    private ShellWord ReadWord()
    {
        _builder.Clear();
        var start = _pos;
        var flags = WordFlags.None;
        List<Substitution>? substitutions = null;
        // Tracks whether everything so far could be the NAME of NAME=value.
        var nameSoFar = true;
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (IsWordEnd(c))
            {
                if (c is '<' or '>' && _pos == start && Peek(1) == '(')
                {
                    ReadProcessSubstitution(c, ref flags, ref substitutions);
                    nameSoFar = false;
                    continue;
                }
                if (c == '(' && _pos > start && (IsArrayAssignment(flags) || IsExtendedGlobOpener(_text[_pos - 1])))
                {
                    // a=(1 2 3) and !(keep): the parenthesised part belongs to the word.
                    ReadBalancedParensAsWordText(ref flags, ref substitutions);
                    continue;
                }
                break;
            }
            switch (c)
            {
                case '\\':
                    if (Peek(1) == '\n')
                    {
                        _pos += 2;
                        continue;
                    }
                    if (_pos + 1 < _text.Length)
                    {
                        AppendLiteral(_text[_pos + 1]);
                    }
                    _pos = Math.Min(_pos + 2, _text.Length);
                    flags |= WordFlags.Quoted;
                    nameSoFar = false;
                    continue;
                case '\'':
                    ReadSingleQuoted();
                    flags |= WordFlags.Quoted;
                    nameSoFar = false;
                    continue;
                case '"':
                    _pos++;
                    flags |= WordFlags.Quoted;
                    if (!ReadDoubleQuotedContent(ref flags, ref substitutions, hereDocument: false))
                    {
                        flags |= WordFlags.Unterminated;
                    }
                    nameSoFar = false;
                    continue;
                case '$':
                    ReadDollar(ref flags, ref substitutions, inDoubleQuotes: false);
                    nameSoFar = false;
                    continue;
                case '`':
                    ReadBacktick(ref flags, ref substitutions, inDoubleQuotes: false);
                    nameSoFar = false;
                    continue;
                case '~' when _pos == start:
                    flags |= WordFlags.TildeActive;
                    break;
                case '*' or '?' or '[':
                    flags |= WordFlags.Glob;
                    break;
                case '{':
                    flags |= WordFlags.Brace;
                    nameSoFar = false;
                    break;
                case '=' when nameSoFar && _builder.Length > 0 && !char.IsAsciiDigit(_builder[0]) && (flags & WordFlags.Assignment) == 0:
                    flags |= WordFlags.Assignment;
                    nameSoFar = false;
                    break;
                case '+' when nameSoFar && Peek(1) == '=':
                    break;
                default:
                    if (!IsNameChar(c))
                    {
                        nameSoFar = false;
                    }
                    break;
            }
            AppendLiteral(c);
            _pos++;
        }
        return new ShellWord(_builder.ToString(), flags, substitutions);
    }

    private bool IsArrayAssignment(WordFlags flags) => (flags & WordFlags.Assignment) != 0 && _builder.Length > 0 && _builder[^1] == '=';

    private static bool IsExtendedGlobOpener(char previous) => previous is '@' or '!' or '+' or '*' or '?';

    /// <summary>Consumes <c>( … )</c> as word text, still lexing it so substitutions inside are seen.</summary>
    private void ReadBalancedParensAsWordText(ref WordFlags flags, ref List<Substitution>? substitutions)
    {
        var (lexed, close, closed) = LexNested(_pos + 1);
        AppendLiteral(_text.AsSpan(_pos, Math.Min(close, _text.Length) - _pos));
        AppendLiteral(')');
        CollectNestedSubstitutions(lexed, ref flags, ref substitutions);
        flags |= WordFlags.Glob | (closed ? WordFlags.None : WordFlags.Unterminated);
        _pos = closed ? close + 1 : _text.Length;
    }

    /// <summary>Substitutions inside text we keep verbatim (arrays, extended globs, <c>${…}</c>) still run: keep them for analysis.</summary>
    private static void CollectNestedSubstitutions(LexedScript lexed, ref WordFlags flags, ref List<Substitution>? substitutions)
    {
        foreach (var token in lexed.Tokens)
        {
            if (token.Word?.Substitutions is { } inner)
            {
                (substitutions ??= []).AddRange(inner);
                flags |= WordFlags.Expands;
            }
        }
    }

    private void ReadSingleQuoted()
    {
        var close = _text.IndexOf('\'', _pos + 1);
        if (close < 0)
        {
            var rest = _text[(_pos + 1)..];
            AppendLiteral(rest);
            AddUnterminated(rest);
            _pos = _text.Length;
            return;
        }
        AppendLiteral(_text.AsSpan(_pos + 1, close - _pos - 1));
        _pos = close + 1;
    }

    /// <summary>
    /// Reads after an opening double quote up to and past the closing one (or, for a here-document
    /// body, to the end). Returns false when the quote never closed.
    /// </summary>
    private bool ReadDoubleQuotedContent(ref WordFlags flags, ref List<Substitution>? substitutions, bool hereDocument)
    {
        var contentStart = _pos;
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            switch (c)
            {
                case '"' when !hereDocument:
                    _pos++;
                    return true;
                case '\\':
                    var next = Peek(1);
                    if (next == '\n')
                    {
                        _pos += 2;
                        continue;
                    }
                    if (next is '$' or '`' or '\\' || (next == '"' && !hereDocument))
                    {
                        AppendLiteral(next);
                        _pos += 2;
                        continue;
                    }
                    AppendLiteral('\\');
                    _pos++;
                    continue;
                case '$':
                    ReadDollar(ref flags, ref substitutions, inDoubleQuotes: true);
                    continue;
                case '`':
                    ReadBacktick(ref flags, ref substitutions, inDoubleQuotes: true);
                    continue;
                default:
                    AppendLiteral(c);
                    _pos++;
                    continue;
            }
        }
        if (!hereDocument)
        {
            AddUnterminated(_text[contentStart..]);
        }
        return hereDocument;
    }

    private void ReadProcessSubstitution(char direction, ref WordFlags flags, ref List<Substitution>? substitutions)
    {
        var (lexed, close, closed) = LexNested(_pos + 2);
        var source = _text[(_pos + 2)..Math.Min(close, _text.Length)];
        var kind = direction == '<' ? SubstitutionKind.ProcessInput : SubstitutionKind.ProcessOutput;
        AddSubstitution(new Substitution(kind, source, lexed), ref flags, ref substitutions);
        flags |= WordFlags.ProcessSubstitution | (closed ? WordFlags.None : WordFlags.Unterminated);
        _pos = closed ? close + 1 : _text.Length;
    }

    private void AddSubstitution(Substitution substitution, ref WordFlags flags, ref List<Substitution>? substitutions)
    {
        substitutions ??= [];
        // The index travels as one char after the mark; beyond that many, later ones are still analysed, just not resolvable.
        _builder.Append(ShellWord.SubstitutionMark).Append((char)Math.Min(substitutions.Count, char.MaxValue));
        substitutions.Add(substitution);
        flags |= WordFlags.Expands;
    }
}
