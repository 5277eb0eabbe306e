using System.Text;

namespace Steward.Core.Guard.Parsing;

/// <summary>
/// Splits bash source into words, operators and redirections, the way bash does for the things
/// that matter to the guard: quotes and escapes, <c>$'…'</c>, comments, here-documents, and
/// nested command substitutions (lexed recursively). It never fails: anything left open runs to
/// the end of the input, and the contents of unclosed quotes are kept so they can be analysed too.
/// </summary>
internal sealed partial class ShellLexer
{
    /// <summary>Nested substitutions deeper than this are refused; real commands stay far below it.</summary>
    public const int MaxDepth = 24;

    private readonly string _text;
    private readonly int _depth;
    private readonly bool _stopAtCloseParen;
    private readonly List<ShellToken> _tokens = [];
    private readonly StringBuilder _builder = new();
    private List<HereDoc>? _pendingHereDocs;
    private List<string>? _unterminated;
    private int _pos;
    private int _parenDepth;
    private int _parameterNesting;

    private ShellLexer(string text, int start, int depth, bool stopAtCloseParen)
    {
        if (depth > MaxDepth)
        {
            throw new GuardTooComplexException($"the command nests substitutions more than {MaxDepth} levels deep");
        }
        _text = text;
        _pos = start;
        _depth = depth;
        _stopAtCloseParen = stopAtCloseParen;
    }

    public static LexedScript Lex(string text, int depth = 0)
    {
        var lexer = new ShellLexer(text, 0, depth, stopAtCloseParen: false);
        lexer.Run();
        return new LexedScript(lexer._tokens, lexer._unterminated);
    }

    /// <summary>Lexes a <c>$(…)</c> body starting at <paramref name="start"/>; returns where its closing paren is (or the end).</summary>
    private (LexedScript Lexed, int Close, bool Closed) LexNested(int start)
    {
        var nested = new ShellLexer(_text, start, _depth + 1, stopAtCloseParen: true);
        var closed = nested.Run();
        if (nested._unterminated is not null)
        {
            (_unterminated ??= []).AddRange(nested._unterminated);
        }
        var close = closed ? nested._pos - 1 : _text.Length;
        return (new LexedScript(nested._tokens, nested._unterminated), close, closed);
    }

    /// <summary>Returns true when it stopped at the closing paren of a nested lexer.</summary>
    private bool Run()
    {
        while (true)
        {
            SkipBlanks();
            if (_pos >= _text.Length)
            {
                ReadHereDocBodies();
                return false;
            }
            var c = _text[_pos];
            switch (c)
            {
                case '\n':
                    _pos++;
                    _tokens.Add(ShellToken.ForOperator(ShellOperator.Newline));
                    ReadHereDocBodies();
                    break;
                case '#':
                    SkipComment();
                    break;
                case ';':
                    ReadSemicolon();
                    break;
                case '&':
                    ReadAmpersand();
                    break;
                case '|':
                    _pos++;
                    if (Peek(0) == '|')
                    {
                        _pos++;
                        _tokens.Add(ShellToken.ForOperator(ShellOperator.Or));
                    }
                    else if (Peek(0) == '&')
                    {
                        _pos++;
                        _tokens.Add(ShellToken.ForOperator(ShellOperator.PipeBoth));
                    }
                    else
                    {
                        _tokens.Add(ShellToken.ForOperator(ShellOperator.Pipe));
                    }
                    break;
                case '(':
                    _pos++;
                    _parenDepth++;
                    _tokens.Add(ShellToken.ForOperator(ShellOperator.OpenParen));
                    break;
                case ')':
                    _pos++;
                    if (_stopAtCloseParen && _parenDepth == 0)
                    {
                        return true;
                    }
                    _parenDepth--;
                    _tokens.Add(ShellToken.ForOperator(ShellOperator.CloseParen));
                    break;
                case '<' or '>' when Peek(1) != '(':
                    ReadRedirect(-1);
                    break;
                default:
                    if (!TryReadNumberedRedirect())
                    {
                        _tokens.Add(ShellToken.ForWord(ReadWord()));
                    }
                    break;
            }
        }
    }

    private char Peek(int offset) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

    private void SkipBlanks()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c is ' ' or '\t' or '\r' or '\f' or '\v')
            {
                _pos++;
            }
            else if (c == '\\' && Peek(1) == '\n')
            {
                _pos += 2;
            }
            else
            {
                return;
            }
        }
    }

    private void SkipComment()
    {
        var newline = _text.IndexOf('\n', _pos);
        _pos = newline < 0 ? _text.Length : newline;
    }

    private void ReadSemicolon()
    {
        _pos++;
        if (Peek(0) == ';')
        {
            _pos += Peek(1) == '&' ? 2 : 1;
            _tokens.Add(ShellToken.ForOperator(ShellOperator.CaseBreak));
        }
        else if (Peek(0) == '&')
        {
            _pos++;
            _tokens.Add(ShellToken.ForOperator(ShellOperator.CaseBreak));
        }
        else
        {
            _tokens.Add(ShellToken.ForOperator(ShellOperator.Semicolon));
        }
    }

    private void ReadAmpersand()
    {
        if (Peek(1) == '&')
        {
            _pos += 2;
            _tokens.Add(ShellToken.ForOperator(ShellOperator.And));
        }
        else if (Peek(1) == '>')
        {
            var append = Peek(2) == '>';
            _pos += append ? 3 : 2;
            _tokens.Add(ShellToken.ForRedirect(append ? RedirectKind.AppendBoth : RedirectKind.OutputBoth, -1));
        }
        else
        {
            _pos++;
            _tokens.Add(ShellToken.ForOperator(ShellOperator.Background));
        }
    }

    /// <summary><c>2&gt;file</c>, <c>10&lt;&amp;0</c>: digits glued to a redirection are its file descriptor.</summary>
    private bool TryReadNumberedRedirect()
    {
        var end = _pos;
        while (end < _text.Length && end - _pos < 4 && char.IsAsciiDigit(_text[end]))
        {
            end++;
        }
        if (end == _pos || end >= _text.Length || _text[end] is not ('<' or '>') || (end + 1 < _text.Length && _text[end + 1] == '('))
        {
            return false;
        }
        var fd = int.Parse(_text.AsSpan(_pos, end - _pos), System.Globalization.CultureInfo.InvariantCulture);
        _pos = end;
        ReadRedirect(fd);
        return true;
    }

    private void ReadRedirect(int fd)
    {
        var c = _text[_pos];
        _pos++;
        RedirectKind kind;
        if (c == '<')
        {
            switch (Peek(0))
            {
                case '<' when Peek(1) == '<':
                    _pos += 2;
                    kind = RedirectKind.HereString;
                    break;
                case '<':
                    var stripTabs = Peek(1) == '-';
                    _pos += stripTabs ? 2 : 1;
                    ReadHereDocHeader(fd, stripTabs);
                    return;
                case '&':
                    _pos++;
                    kind = RedirectKind.DuplicateInput;
                    break;
                case '>':
                    _pos++;
                    kind = RedirectKind.ReadWrite;
                    break;
                default:
                    kind = RedirectKind.Input;
                    break;
            }
        }
        else
        {
            switch (Peek(0))
            {
                case '>':
                    _pos++;
                    kind = RedirectKind.Append;
                    break;
                case '|':
                    _pos++;
                    kind = RedirectKind.Clobber;
                    break;
                case '&':
                    _pos++;
                    kind = RedirectKind.DuplicateOutput;
                    break;
                default:
                    kind = RedirectKind.Output;
                    break;
            }
        }
        _tokens.Add(ShellToken.ForRedirect(kind, fd));
    }

    private void AddUnterminated(string fragment)
    {
        if (fragment.Length > 0)
        {
            (_unterminated ??= []).Add(fragment);
        }
    }
}
