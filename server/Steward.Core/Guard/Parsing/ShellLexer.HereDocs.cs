namespace Steward.Core.Guard.Parsing;

internal sealed partial class ShellLexer
{
    private void ReadHereDocHeader(int fd, bool stripTabs)
    {
        SkipBlanks();
        var delimiterWord = _pos < _text.Length && !IsWordEnd(_text[_pos]) ? ReadWord() : new ShellWord(string.Empty, WordFlags.None, null);
        var hereDoc = new HereDoc(delimiterWord.Display(), delimiterWord.Has(WordFlags.Quoted), stripTabs);
        (_pendingHereDocs ??= []).Add(hereDoc);
        _tokens.Add(ShellToken.ForRedirect(RedirectKind.HereDoc, fd, hereDoc));
    }

    /// <summary>At the end of a line, the bodies of the here-documents it opened follow, in order.</summary>
    private void ReadHereDocBodies()
    {
        if (_pendingHereDocs is not { Count: > 0 } pending)
        {
            return;
        }
        foreach (var hereDoc in pending)
        {
            var bodyStart = Math.Min(_pos, _text.Length);
            var bodyEnd = _text.Length;
            while (_pos < _text.Length)
            {
                var lineEnd = _text.IndexOf('\n', _pos);
                if (lineEnd < 0)
                {
                    lineEnd = _text.Length;
                }
                var line = _text.AsSpan(_pos, lineEnd - _pos);
                if (hereDoc.StripTabs)
                {
                    line = line.TrimStart('\t');
                }
                if (line.SequenceEqual(hereDoc.Delimiter))
                {
                    bodyEnd = _pos;
                    _pos = Math.Min(lineEnd + 1, _text.Length);
                    break;
                }
                _pos = Math.Min(lineEnd + 1, _text.Length);
            }
            var body = _text[bodyStart..Math.Min(bodyEnd, _text.Length)];
            hereDoc.Body = hereDoc.Quoted ? new ShellWord(body, WordFlags.Quoted, null) : ReadExpandingBody(body);
        }
        pending.Clear();
    }

    /// <summary>An unquoted here-document body expands like a double-quoted string (without the closing quote).</summary>
    private ShellWord ReadExpandingBody(string body)
    {
        var lexer = new ShellLexer(body, 0, _depth + 1, stopAtCloseParen: false);
        var flags = WordFlags.Quoted;
        List<Substitution>? substitutions = null;
        lexer.ReadDoubleQuotedContent(ref flags, ref substitutions, hereDocument: true);
        if (lexer._unterminated is not null)
        {
            (_unterminated ??= []).AddRange(lexer._unterminated);
        }
        return new ShellWord(lexer._builder.ToString(), flags, substitutions);
    }
}
