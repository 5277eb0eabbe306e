namespace Steward.Core.Guard.Rules;

/// <summary>
/// Finds destructive SQL in text: DROP DATABASE/TABLE/SCHEMA, TRUNCATE, and DELETE without WHERE.
/// It tokenises rather than greps, so words inside string literals, comments and quoted
/// identifiers do not count, while case, newlines and comments between keywords do not hide them.
/// </summary>
internal static class SqlInspector
{
    /// <summary>A short description of the first destructive statement, or null.</summary>
    public static string? FindDestructive(string sql)
    {
        var scanner = new Scanner(sql);
        var first = true;
        var previous = string.Empty;
        var deleting = false;
        var filtered = false;
        while (scanner.Next(out var word, out var endOfStatement))
        {
            if (endOfStatement)
            {
                if (deleting && !filtered)
                {
                    return "DELETE without WHERE";
                }
                first = true;
                previous = string.Empty;
                deleting = filtered = false;
                continue;
            }
            if (previous.Equals("DROP", StringComparison.OrdinalIgnoreCase) && word.ToUpperInvariant() is "TABLE" or "DATABASE" or "SCHEMA")
            {
                return "DROP " + word.ToUpperInvariant();
            }
            if (first && word.Equals("TRUNCATE", StringComparison.OrdinalIgnoreCase))
            {
                return "TRUNCATE";
            }
            if (word.Equals("FROM", StringComparison.OrdinalIgnoreCase) && previous.Equals("DELETE", StringComparison.OrdinalIgnoreCase)
                || (first && word.Equals("DELETE", StringComparison.OrdinalIgnoreCase)))
            {
                deleting = true;
            }
            if (deleting && word.Equals("WHERE", StringComparison.OrdinalIgnoreCase))
            {
                filtered = true;
            }
            first = false;
            previous = word;
        }
        return deleting && !filtered ? "DELETE without WHERE" : null;
    }

    /// <summary>Yields SQL words (identifiers, keywords; quoted identifiers as a placeholder) and statement ends.</summary>
    private ref struct Scanner(string text)
    {
        private readonly string _text = text;
        private int _pos;

        public bool Next(out string word, out bool endOfStatement)
        {
            word = string.Empty;
            endOfStatement = false;
            while (_pos < _text.Length)
            {
                var c = _text[_pos];
                if (c == ';')
                {
                    _pos++;
                    endOfStatement = true;
                    return true;
                }
                if (char.IsAsciiLetter(c) || c == '_')
                {
                    var start = _pos;
                    while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '$'))
                    {
                        _pos++;
                    }
                    word = _text[start.._pos];
                    return true;
                }
                if (c is '"' or '`' or '[')
                {
                    SkipPast(c == '[' ? ']' : c, _pos + 1);
                    word = "\"identifier\"";
                    return true;
                }
                if (c == '\'')
                {
                    SkipString();
                    continue;
                }
                if (c == '-' && Peek(1) == '-' || c == '#')
                {
                    SkipPast('\n', _pos);
                    continue;
                }
                if (c == '/' && Peek(1) == '*')
                {
                    var close = _text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                    _pos = close < 0 ? _text.Length : close + 2;
                    continue;
                }
                if (c == '$' && TrySkipDollarQuote())
                {
                    continue;
                }
                _pos++;
            }
            return false;
        }

        private readonly char Peek(int offset) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

        private void SkipPast(char close, int from)
        {
            var index = _text.IndexOf(close, from);
            _pos = index < 0 ? _text.Length : index + 1;
        }

        /// <summary>'it''s' and 'it\'s' both stay one string.</summary>
        private void SkipString()
        {
            _pos++;
            while (_pos < _text.Length)
            {
                var c = _text[_pos];
                if (c == '\\')
                {
                    _pos += 2;
                    continue;
                }
                _pos++;
                if (c == '\'')
                {
                    if (Peek(0) == '\'')
                    {
                        _pos++;
                        continue;
                    }
                    return;
                }
            }
        }

        /// <summary>PostgreSQL $tag$ … $tag$ bodies are strings.</summary>
        private bool TrySkipDollarQuote()
        {
            var end = _pos + 1;
            while (end < _text.Length && (char.IsAsciiLetterOrDigit(_text[end]) || _text[end] == '_'))
            {
                end++;
            }
            if (end >= _text.Length || _text[end] != '$')
            {
                return false;
            }
            var tag = _text[_pos..(end + 1)];
            var close = _text.IndexOf(tag, end + 1, StringComparison.Ordinal);
            _pos = close < 0 ? _text.Length : close + tag.Length;
            return true;
        }
    }
}
