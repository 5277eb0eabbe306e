namespace Steward.Core.Guard.Parsing;

/// <summary>if, while/until, for/select, case and [[ … ]].</summary>
internal sealed partial class ShellParser
{
    private GroupNode ParseIf()
    {
        _index++;
        var group = new GroupNode(isSubshell: false);
        EnterNesting();
        while (!AtEnd)
        {
            group.Parts.Add(ParseScript(Stop.Then | Stop.IfPart));
            if (AtEnd)
            {
                break;
            }
            var done = Current.IsKeyword("fi");
            _index++;
            if (done)
            {
                break;
            }
        }
        _nesting--;
        return WithRedirects(group);
    }

    private GroupNode ParseWhile()
    {
        _index++;
        var group = new GroupNode(isSubshell: false);
        EnterNesting();
        group.Parts.Add(ParseScript(Stop.Do));
        Expect("do");
        group.Parts.Add(ParseScript(Stop.Done));
        Expect("done");
        _nesting--;
        return WithRedirects(group);
    }

    private ForNode ParseFor()
    {
        _index++;
        var variable = string.Empty;
        List<ShellWord>? items = null;
        if (!AtEnd && Current.Is(ShellOperator.OpenParen))
        {
            // for (( init; test; step )): skip to the matching parentheses.
            var depth = 0;
            do
            {
                depth += Current.Is(ShellOperator.OpenParen) ? 1 : Current.Is(ShellOperator.CloseParen) ? -1 : 0;
                _index++;
            }
            while (!AtEnd && depth > 0);
        }
        else if (!AtEnd && Current.Kind == TokenKind.Word)
        {
            variable = Current.Word!.Value;
            _index++;
            SkipNewlines();
            if (!AtEnd && Current.IsKeyword("in"))
            {
                _index++;
                items = [];
                while (!AtEnd && Current.Kind == TokenKind.Word)
                {
                    items.Add(Current.Word!);
                    _index++;
                }
            }
        }
        while (!AtEnd && (Current.Is(ShellOperator.Semicolon) || Current.Is(ShellOperator.Newline)))
        {
            _index++;
        }
        EnterNesting();
        ScriptNode body;
        if (!AtEnd && Current.IsKeyword("{"))
        {
            _index++;
            body = ParseScript(Stop.CloseBrace);
            Expect("}");
        }
        else
        {
            Expect("do");
            body = ParseScript(Stop.Done);
            Expect("done");
        }
        _nesting--;
        return WithRedirects(new ForNode(variable, items, body));
    }

    private GroupNode ParseCase()
    {
        _index++;
        var group = new GroupNode(isSubshell: false);
        if (!AtEnd && Current.Kind == TokenKind.Word)
        {
            // The subject is a word like any other: keep it so substitutions in it are analysed.
            var subject = new SimpleCommandNode();
            subject.Words.Add(Current.Word!);
            group.Parts.Add(ScriptOf(subject));
            _index++;
        }
        SkipNewlines();
        Expect("in");
        EnterNesting();
        while (!AtEnd)
        {
            SkipSeparators(Stop.None);
            if (AtEnd || Current.IsKeyword("esac"))
            {
                _index++;
                break;
            }
            // Pattern list: [(] pattern [| pattern]... )
            // Only words and | belong to patterns; anything else means the item is malformed, and
            // skipping further could hide commands.
            while (!AtEnd && (Current.Kind == TokenKind.Word || Current.Is(ShellOperator.Pipe) || Current.Is(ShellOperator.OpenParen)))
            {
                _index++;
            }
            if (!AtEnd && Current.Is(ShellOperator.CloseParen))
            {
                _index++;
            }
            group.Parts.Add(ParseScript(Stop.CaseBreak | Stop.Esac));
            if (!AtEnd && Current.Is(ShellOperator.CaseBreak))
            {
                _index++;
            }
        }
        _nesting--;
        return WithRedirects(group);
    }

    /// <summary><c>[[ … ]]</c>: its words are only compared, but substitutions inside them run.</summary>
    private SimpleCommandNode ParseTest()
    {
        var command = new SimpleCommandNode();
        command.Words.Add(Current.Word!);
        _index++;
        while (!AtEnd && !Current.IsKeyword("]]") && !Current.Is(ShellOperator.Newline) && !Current.Is(ShellOperator.Semicolon) && !Current.Is(ShellOperator.Background))
        {
            if (Current.Kind == TokenKind.Word)
            {
                command.Words.Add(Current.Word!);
            }
            _index++;
        }
        Expect("]]");
        return command;
    }
}
