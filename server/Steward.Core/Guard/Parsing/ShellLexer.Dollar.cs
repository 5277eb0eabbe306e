namespace Steward.Core.Guard.Parsing;

internal sealed partial class ShellLexer
{
    /// <summary>Reads what follows a <c>$</c>: ANSI-C and locale quotes, substitutions, parameters.</summary>
    private void ReadDollar(ref WordFlags flags, ref List<Substitution>? substitutions, bool inDoubleQuotes)
    {
        var next = Peek(1);
        if (next == '\'' && !inDoubleQuotes)
        {
            _pos += 2;
            flags |= WordFlags.Quoted;
            var (decoded, end, closed) = AnsiCQuote.Decode(_text, _pos);
            AppendLiteral(decoded);
            if (!closed)
            {
                AddUnterminated(decoded);
                flags |= WordFlags.Unterminated;
            }
            _pos = end;
            return;
        }
        if (next == '"' && !inDoubleQuotes)
        {
            _pos += 2;
            flags |= WordFlags.Quoted;
            if (!ReadDoubleQuotedContent(ref flags, ref substitutions, hereDocument: false))
            {
                flags |= WordFlags.Unterminated;
            }
            return;
        }
        if (next == '(')
        {
            var arithmetic = Peek(2) == '(';
            var (lexed, close, closed) = LexNested(_pos + 2);
            var source = _text[(_pos + 2)..Math.Min(close, _text.Length)];
            AddSubstitution(new Substitution(arithmetic ? SubstitutionKind.Arithmetic : SubstitutionKind.Command, source, lexed), ref flags, ref substitutions);
            if (!closed)
            {
                flags |= WordFlags.Unterminated;
            }
            _pos = closed ? close + 1 : _text.Length;
            return;
        }
        if (next == '{')
        {
            ReadParameterExpansion(ref flags, ref substitutions);
            return;
        }
        if (IsNameStart(next))
        {
            var end = _pos + 2;
            while (end < _text.Length && IsNameChar(_text[end]))
            {
                end++;
            }
            _builder.Append(ShellWord.ExpansionMark);
            AppendLiteral(_text.AsSpan(_pos, end - _pos));
            flags |= WordFlags.Expands;
            _pos = end;
            return;
        }
        if (char.IsAsciiDigit(next) || next is '@' or '*' or '#' or '?' or '$' or '!' or '-')
        {
            _builder.Append(ShellWord.ExpansionMark).Append('$').Append(next);
            flags |= WordFlags.Expands;
            _pos += 2;
            return;
        }
        _builder.Append('$');
        _pos++;
    }

    /// <summary>
    /// <c>${…}</c> is kept verbatim behind an expansion mark; quotes and substitutions inside are
    /// skipped over properly, and the substitutions kept for analysis.
    /// </summary>
    private void ReadParameterExpansion(ref WordFlags flags, ref List<Substitution>? substitutions)
    {
        // Quotes inside ${…} are read by this same lexer, so ${"${"${… nests without a new lexer: count it here.
        if (++_parameterNesting > MaxDepth)
        {
            throw new GuardTooComplexException($"the command nests ${{…}} more than {MaxDepth} levels deep");
        }
        var start = _pos;
        var i = _pos + 2;
        var depth = 1;
        while (i < _text.Length && depth > 0)
        {
            var c = _text[i];
            switch (c)
            {
                case '\\':
                    i += 2;
                    continue;
                case '\'':
                    var close = _text.IndexOf('\'', i + 1);
                    i = close < 0 ? _text.Length : close + 1;
                    continue;
                case '{':
                    depth++;
                    break;
                case '}':
                    depth--;
                    break;
                case '"' or '`':
                    i = SkipQuotedForParameter(i, ref flags, ref substitutions);
                    continue;
                case '$' when i + 1 < _text.Length && _text[i + 1] == '(':
                    var (lexed, closeParen, closed) = LexNested(i + 2);
                    var source = _text[(i + 2)..Math.Min(closeParen, _text.Length)];
                    (substitutions ??= []).Add(new Substitution(SubstitutionKind.Command, source, lexed));
                    i = closed ? closeParen + 1 : _text.Length;
                    continue;
                default:
                    break;
            }
            i++;
        }
        var end = Math.Min(i, _text.Length);
        _builder.Append(ShellWord.ExpansionMark);
        AppendLiteral(_text.AsSpan(start, end - start));
        flags |= WordFlags.Expands | (depth > 0 ? WordFlags.Unterminated : WordFlags.None);
        _pos = end;
        _parameterNesting--;
    }

    /// <summary>Skips a double-quoted or backquoted stretch inside <c>${…}</c>, keeping substitutions it holds.</summary>
    private int SkipQuotedForParameter(int at, ref WordFlags flags, ref List<Substitution>? substitutions)
    {
        var saved = _pos;
        var savedLength = _builder.Length;
        _pos = at;
        if (_text[at] == '"')
        {
            _pos++;
            ReadDoubleQuotedContent(ref flags, ref substitutions, hereDocument: false);
        }
        else
        {
            ReadBacktick(ref flags, ref substitutions, inDoubleQuotes: false);
        }
        var end = _pos;
        _builder.Length = savedLength;
        _pos = saved;
        return end;
    }

    /// <summary><c>`…`</c>: the body, with its backslash escapes undone, is a command lexed in its own right.</summary>
    private void ReadBacktick(ref WordFlags flags, ref List<Substitution>? substitutions, bool inDoubleQuotes)
    {
        var inner = new System.Text.StringBuilder();
        var i = _pos + 1;
        var closed = false;
        while (i < _text.Length)
        {
            var c = _text[i];
            if (c == '`')
            {
                closed = true;
                i++;
                break;
            }
            if (c == '\\' && i + 1 < _text.Length)
            {
                var next = _text[i + 1];
                if (next is '`' or '\\' or '$' || (inDoubleQuotes && next == '"'))
                {
                    inner.Append(next);
                    i += 2;
                    continue;
                }
            }
            inner.Append(c);
            i++;
        }
        var source = inner.ToString();
        var nested = new ShellLexer(source, 0, _depth + 1, stopAtCloseParen: false);
        nested.Run();
        if (nested._unterminated is not null)
        {
            (_unterminated ??= []).AddRange(nested._unterminated);
        }
        if (!closed)
        {
            AddUnterminated(source);
            flags |= WordFlags.Unterminated;
        }
        AddSubstitution(new Substitution(SubstitutionKind.Backtick, source, new LexedScript(nested._tokens, nested._unterminated)), ref flags, ref substitutions);
        _pos = i;
    }
}
