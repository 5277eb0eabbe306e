namespace Steward.Core.Guard.Parsing;

/// <summary>
/// Builds the command structure from tokens: lists, and-or chains, pipelines, simple commands with
/// their assignments and redirections, subshells, brace groups, functions and the compound
/// commands (if, while, until, for, case). It is tolerant: a stray keyword or parenthesis is
/// skipped, and whatever is missing at the end is taken as closed, so no input goes unanalysed.
/// </summary>
internal sealed partial class ShellParser
{
    /// <summary>Compound commands nested deeper than this are refused (the recursion must not exhaust the stack).</summary>
    public const int MaxNesting = 48;

    private readonly List<ShellToken> _tokens;
    private int _index;
    private int _nesting;

    private ShellParser(List<ShellToken> tokens)
    {
        _tokens = tokens;
    }

    public static ScriptNode Parse(LexedScript lexed)
    {
        var parser = new ShellParser(lexed.Tokens);
        var script = new ScriptNode();
        // Stray closers at the top level end nothing: skip them and keep parsing.
        while (!parser.AtEnd)
        {
            parser.ParseScriptInto(script, Stop.None);
            if (!parser.AtEnd)
            {
                parser._index++;
            }
        }
        return script;
    }

    [Flags]
    private enum Stop
    {
        None = 0,
        CloseParen = 1,
        CloseBrace = 2,
        Then = 4,
        IfPart = 8,
        Do = 16,
        Done = 32,
        Esac = 64,
        CaseBreak = 128,
    }

    private bool AtEnd => _index >= _tokens.Count;

    private ShellToken Current => _tokens[_index];

    private ScriptNode ParseScript(Stop stop)
    {
        var script = new ScriptNode();
        ParseScriptInto(script, stop);
        return script;
    }

    private void ParseScriptInto(ScriptNode script, Stop stop)
    {
        while (true)
        {
            SkipSeparators(stop);
            if (AtEnd || AtStop(stop))
            {
                return;
            }
            var before = _index;
            var andOr = ParseAndOr(stop);
            if (andOr.Pipelines.Count > 0)
            {
                script.Items.Add(andOr);
            }
            if (!AtEnd && Current.Is(ShellOperator.Background))
            {
                andOr.Background = true;
                _index++;
            }
            else if (_index == before)
            {
                // Nothing this level understands (a closer of an outer level is handled by AtStop).
                if (AtStop(stop))
                {
                    return;
                }
                _index++;
            }
        }
    }

    private void SkipSeparators(Stop stop)
    {
        while (!AtEnd)
        {
            var token = Current;
            if (token.Kind != TokenKind.Operator)
            {
                return;
            }
            switch (token.Operator)
            {
                case ShellOperator.Semicolon or ShellOperator.Newline or ShellOperator.Background:
                    _index++;
                    break;
                case ShellOperator.CaseBreak when (stop & Stop.CaseBreak) == 0:
                    _index++;
                    break;
                default:
                    return;
            }
        }
    }

    private bool AtStop(Stop stop)
    {
        var token = Current;
        if (token.Kind == TokenKind.Operator)
        {
            return (token.Operator == ShellOperator.CloseParen && (stop & Stop.CloseParen) != 0)
                || (token.Operator == ShellOperator.CaseBreak && (stop & Stop.CaseBreak) != 0);
        }
        if (token.Kind != TokenKind.Word || !token.Word!.IsPlain)
        {
            return false;
        }
        return token.Word.Value switch
        {
            "}" => (stop & Stop.CloseBrace) != 0,
            "then" => (stop & (Stop.Then | Stop.IfPart)) != 0,
            "elif" or "else" or "fi" => (stop & Stop.IfPart) != 0,
            "do" => (stop & Stop.Do) != 0,
            "done" => (stop & Stop.Done) != 0,
            "esac" => (stop & Stop.Esac) != 0,
            _ => false,
        };
    }

    private AndOrNode ParseAndOr(Stop stop)
    {
        var andOr = new AndOrNode();
        var joinedBy = ShellOperator.None;
        while (!AtEnd && !AtStop(stop))
        {
            var pipeline = ParsePipeline(stop);
            if (pipeline.Commands.Count > 0)
            {
                pipeline.JoinedBy = joinedBy;
                andOr.Pipelines.Add(pipeline);
            }
            if (AtEnd || !(Current.Is(ShellOperator.And) || Current.Is(ShellOperator.Or)))
            {
                break;
            }
            joinedBy = Current.Operator;
            _index++;
            SkipNewlines();
        }
        return andOr;
    }

    private PipelineNode ParsePipeline(Stop stop)
    {
        var pipeline = new PipelineNode();
        // "!" negates and "time [-p]" times a pipeline; neither changes what runs.
        while (!AtEnd && (Current.IsKeyword("!") || Current.IsKeyword("time")))
        {
            _index++;
            if (!AtEnd && Current.IsKeyword("-p"))
            {
                _index++;
            }
        }
        while (!AtEnd && !AtStop(stop))
        {
            var before = _index;
            if (ParseCommand(stop) is { } command)
            {
                pipeline.Commands.Add(command);
            }
            if (AtEnd || !(Current.Is(ShellOperator.Pipe) || Current.Is(ShellOperator.PipeBoth)))
            {
                if (_index == before && !AtEnd && !AtStop(stop) && Current.Kind != TokenKind.Operator)
                {
                    _index++;
                }
                break;
            }
            _index++;
            SkipNewlines();
        }
        return pipeline;
    }

    private void SkipNewlines()
    {
        while (!AtEnd && Current.Is(ShellOperator.Newline))
        {
            _index++;
        }
    }

    private void Expect(string keyword)
    {
        if (!AtEnd && Current.IsKeyword(keyword))
        {
            _index++;
        }
    }

    private void EnterNesting()
    {
        if (++_nesting > MaxNesting)
        {
            throw new GuardTooComplexException($"the command nests groups more than {MaxNesting} levels deep");
        }
    }
}
