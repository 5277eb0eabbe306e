namespace Steward.Core.Guard.Parsing;

internal sealed partial class ShellParser
{
    /// <summary>One command, or null when the tokens here make none (the caller then skips ahead).</summary>
    private CommandNode? ParseCommand(Stop stop)
    {
        var token = Current;
        if (token.Is(ShellOperator.OpenParen))
        {
            _index++;
            var group = new GroupNode(isSubshell: true);
            EnterNesting();
            group.Parts.Add(ParseScript(Stop.CloseParen));
            _nesting--;
            if (!AtEnd && Current.Is(ShellOperator.CloseParen))
            {
                _index++;
            }
            return WithRedirects(group);
        }
        if (token.Kind == TokenKind.Word && token.Word!.IsPlain)
        {
            switch (token.Word.Value)
            {
                case "{":
                    _index++;
                    return ParseBraceBody();
                case "if":
                    return ParseIf();
                case "while" or "until":
                    return ParseWhile();
                case "for" or "select":
                    return ParseFor();
                case "case":
                    return ParseCase();
                case "function":
                    return ParseFunctionKeyword();
                case "[[":
                    return ParseTest();
                case "}" or "then" or "elif" or "else" or "fi" or "do" or "done" or "esac" or "in":
                    // A closer this level does not expect: the caller decides whether it ends an outer level.
                    if (!AtStop(stop))
                    {
                        _index++;
                    }
                    return null;
                default:
                    break;
            }
        }
        return token.Kind == TokenKind.Operator ? null : ParseSimpleCommand();
    }

    private GroupNode ParseBraceBody()
    {
        var group = new GroupNode(isSubshell: false);
        EnterNesting();
        group.Parts.Add(ParseScript(Stop.CloseBrace));
        _nesting--;
        Expect("}");
        return WithRedirects(group);
    }

    private T WithRedirects<T>(T command) where T : CommandNode
    {
        while (!AtEnd && Current.Kind == TokenKind.Redirect)
        {
            (command.Redirects ??= []).Add(ReadRedirect());
        }
        return command;
    }

    private RedirectNode ReadRedirect()
    {
        var token = Current;
        _index++;
        ShellWord? target = null;
        if (token.Redirect != RedirectKind.HereDoc && !AtEnd && Current.Kind == TokenKind.Word)
        {
            target = Current.Word;
            _index++;
        }
        return new RedirectNode(token.Redirect, token.Fd, target, token.HereDoc);
    }

    private CommandNode? ParseSimpleCommand()
    {
        var command = new SimpleCommandNode();
        while (!AtEnd)
        {
            var token = Current;
            if (token.Kind == TokenKind.Redirect)
            {
                (command.Redirects ??= []).Add(ReadRedirect());
                continue;
            }
            if (token.Kind != TokenKind.Word)
            {
                break;
            }
            var word = token.Word!;
            if (command.Words.Count == 0 && word.Has(WordFlags.Assignment))
            {
                (command.Assignments ??= []).Add(word);
                _index++;
                continue;
            }
            command.Words.Add(word);
            _index++;
            if (command.Words.Count == 1 && command.Assignments is null && IsFunctionHeader())
            {
                _index += 2;
                return new FunctionNode(word.Value, ParseFunctionBody());
            }
        }
        return command.Words.Count == 0 && command.Assignments is null && command.Redirects is null ? null : command;
    }

    private bool IsFunctionHeader() =>
        _index + 1 < _tokens.Count && _tokens[_index].Is(ShellOperator.OpenParen) && _tokens[_index + 1].Is(ShellOperator.CloseParen);

    /// <summary>
    /// A function body is usually a brace group. <c>:(){:|:&amp;};:</c> glues the brace to the first
    /// word; bash rejects that spelling, but it is the famous one, so the brace is split off and the
    /// body analysed as if it had been written properly.
    /// </summary>
    private CommandNode? ParseFunctionBody()
    {
        SkipNewlines();
        if (AtEnd)
        {
            return null;
        }
        var token = Current;
        if (token.Kind == TokenKind.Word && token.Word!.Value.Length > 1 && token.Word.Value[0] == '{' && !token.Word.Has(WordFlags.Quoted))
        {
            var rest = new ShellWord(token.Word.Value[1..], token.Word.Flags, token.Word.Substitutions);
            _tokens[_index] = ShellToken.ForWord(rest);
            return ParseBraceBody();
        }
        EnterNesting();
        var body = ParseCommand(Stop.None);
        _nesting--;
        return body;
    }

    private FunctionNode? ParseFunctionKeyword()
    {
        _index++;
        if (AtEnd || Current.Kind != TokenKind.Word)
        {
            return null;
        }
        var name = Current.Word!.Value;
        _index++;
        if (IsFunctionHeader())
        {
            _index += 2;
        }
        return new FunctionNode(name, ParseFunctionBody());
    }

    private static ScriptNode ScriptOf(CommandNode command)
    {
        var pipeline = new PipelineNode();
        pipeline.Commands.Add(command);
        var andOr = new AndOrNode();
        andOr.Pipelines.Add(pipeline);
        var script = new ScriptNode();
        script.Items.Add(andOr);
        return script;
    }
}
