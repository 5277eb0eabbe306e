using Steward.Core.Guard.Parsing;
using Steward.Core.Guard.Rules;

namespace Steward.Core.Guard.Analysis;

internal sealed partial class ScriptWalker
{
    private CommandResult WalkSimple(SimpleCommandNode node, WalkScope scope, int depth, StdinSource stdin)
    {
        _work++;
        if (!CanNest(depth))
        {
            return default;
        }
        if (node.Assignments is { } assignments)
        {
            foreach (var assignment in assignments)
            {
                WalkSubstitutions(assignment, scope, depth);
            }
        }
        foreach (var word in node.Words)
        {
            WalkSubstitutions(word, scope, depth);
        }
        stdin = StdinFromRedirects(node.Redirects, scope) ?? stdin;
        if (node.Words.Count == 0)
        {
            if (node.Assignments is not null)
            {
                foreach (var assignment in node.Assignments)
                {
                    var (name, value) = Assign(assignment, scope);
                    scope.SetVariable(name, value);
                }
            }
            CheckRedirects(node.Redirects, scope, depth);
            return default;
        }
        var args = ResolveArguments(node.Words, scope);
        if (PipeToShell.RunsDownloadedOutput(node.Words[0]))
        {
            Findings.Report(GuardRuleId.PipeToShell, GuardVerdict.Deny, false, PipeToShell.Reason);
        }
        var (name0, uncertain) = CommandNames.Normalize(args[0]);
        var invocation = new Invocation(name0, new ArraySegment<ResolvedArg>(args, 1, args.Length - 1), scope, stdin, depth, uncertain || args[0].Glob);
        if (node.Assignments is not null)
        {
            // FOO=1 cmd: the variable is cmd's alone, which matters when cmd is a shell that expands it.
            var environment = new List<KeyValuePair<string, string?>>(node.Assignments.Count);
            foreach (var assignment in node.Assignments)
            {
                var (name, value) = Assign(assignment, scope);
                environment.Add(new(name, value));
            }
            invocation = new Invocation(invocation.Name, invocation.Args, scope, stdin, depth, invocation.Uncertain) { Environment = environment };
        }
        if (args[0].Text.Contains('/', StringComparison.Ordinal) && Files.TryGet(scope.WorkingDirectory, args[0].Text, out var written))
        {
            RunWrittenFile(written, invocation);
        }
        var result = Dispatch(invocation);
        CheckRedirects(node.Redirects, scope, depth);
        Files.RecordRedirects(node.Redirects, result.Output, scope, Environment);
        return result;
    }

    /// <summary>Expands the words; a word with braces may become several (<c>rm -rf /{usr,etc}</c>).</summary>
    private ResolvedArg[] ResolveArguments(List<ShellWord> words, WalkScope scope)
    {
        var args = new ResolvedArg[words.Count];
        List<ResolvedArg>? expanded = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = WordExpander.Resolve(words[i], scope, Environment);
            if (words[i].Has(WordFlags.Brace) && BraceExpander.Expand(arg.Text) is { Count: > 1 } alternatives)
            {
                expanded ??= new List<ResolvedArg>(args[..i]);
                foreach (var alternative in alternatives)
                {
                    expanded.Add(arg with { Text = alternative });
                }
                continue;
            }
            args[i] = arg;
            expanded?.Add(arg);
        }
        return expanded is null ? args : [.. expanded];
    }

    /// <summary>Splits <c>NAME=value</c> and expands the value; an unknown value is null.</summary>
    private (string Name, string? Value) Assign(ShellWord assignment, WalkScope scope)
    {
        var text = WordExpander.Expand(assignment, scope, Environment, keepUnknown: false, out var uncertain);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            return (text, null);
        }
        var name = text[..equals].TrimEnd('+');
        var value = text[(equals + 1)..];
        if (value.StartsWith('~') && (value.Length == 1 || value[1] == '/'))
        {
            value = WordExpander.Lookup("HOME", scope, Environment, out _) + value[1..];
        }
        var isArray = value.StartsWith('(');
        return (name, uncertain || isArray ? null : value);
    }

    /// <summary>What stdin redirections feed the command; null when it has none (it then reads the pipe).</summary>
    private StdinSource? StdinFromRedirects(List<RedirectNode>? redirects, WalkScope scope)
    {
        if (redirects is null)
        {
            return null;
        }
        StdinSource? stdin = null;
        foreach (var redirect in redirects)
        {
            if (redirect.Fd > 0)
            {
                continue;
            }
            switch (redirect.Kind)
            {
                case RedirectKind.HereDoc:
                    var body = redirect.HereDoc!.Body;
                    stdin = new StdinSource(WordExpander.Expand(body, scope, Environment, keepUnknown: true, out _), false);
                    break;
                case RedirectKind.HereString when redirect.Target is { } word:
                    stdin = new StdinSource(WordExpander.Expand(word, scope, Environment, keepUnknown: true, out _) + "\n", false);
                    break;
                case RedirectKind.Input or RedirectKind.ReadWrite:
                    stdin = redirect.Target is { } source && PipeToShell.Downloads(source) ? StdinSource.Network : StdinSource.Unknown;
                    break;
                default:
                    break;
            }
        }
        return stdin;
    }

    /// <summary>Files a command's redirections write: devices, credentials, /etc; plus substitutions hidden in targets and here-documents.</summary>
    private void CheckRedirects(List<RedirectNode>? redirects, WalkScope scope, int depth)
    {
        if (redirects is null)
        {
            return;
        }
        foreach (var redirect in redirects)
        {
            if (redirect.HereDoc is { } hereDoc)
            {
                WalkSubstitutions(hereDoc.Body, scope, depth);
            }
            if (redirect.Target is not { } target)
            {
                continue;
            }
            WalkSubstitutions(target, scope, depth);
            if (redirect.Writes)
            {
                var resolved = WordExpander.Resolve(target, scope, Environment);
                WriteChecks.CheckWrite(this, resolved, scope, WriteKind.Redirect);
            }
        }
    }
}
