using Steward.Core.Guard.Parsing;

namespace Steward.Core.Guard.Analysis;

/// <summary>What a command leaves for the next element of its pipeline, and whether it was a cd.</summary>
internal readonly record struct CommandResult(StdinSource Output, bool ChangedDirectory);

/// <summary>
/// Walks a parsed script the way bash would run it, carrying the working directory, variables and
/// functions along, and hands every command that would run (including those inside substitutions,
/// <c>bash -c</c> strings, here-documents fed to shells, and function bodies) to the rules.
/// </summary>
internal sealed partial class ScriptWalker(GuardEnvironment environment, FindingCollector findings)
{
    /// <summary>Nesting of substitutions and shell strings together; a shell string counts <see cref="ShellStringCost"/>.</summary>
    public const int MaxDepth = 24;

    /// <summary>So that at most eight <c>bash -c</c> / <c>eval</c> strings nest inside each other.</summary>
    public const int ShellStringCost = 3;

    /// <summary>Simple commands analysed per evaluation; loops and functions could otherwise multiply the work without end.</summary>
    private const int WorkBudget = 20_000;

    private int _work;

    public GuardEnvironment Environment { get; } = environment;

    public FindingCollector Findings { get; } = findings;

    public WrittenFiles Files { get; } = new();

    /// <summary>Analyses source text as a script (the top-level command, or a string another shell runs).</summary>
    public void AnalyzeSource(string source, WalkScope scope, int depth, StdinSource stdin = default)
    {
        if (!CanNest(depth))
        {
            return;
        }
        var lexed = ShellLexer.Lex(source, depth);
        WalkScript(ShellParser.Parse(lexed), scope, depth, stdin);
        // Quotes left open: bash would refuse the command, but analyse their contents in case something runs them anyway.
        if (lexed.UnterminatedFragments is { } fragments)
        {
            foreach (var fragment in fragments)
            {
                if (Findings.Denied)
                {
                    return;
                }
                AnalyzeSource(fragment, scope.Fork(), depth + 1);
            }
        }
    }

    /// <summary>Runs a string through another shell (<c>bash -c</c>, <c>eval</c>, <c>su -c</c>, ssh), with the variables given to that shell.</summary>
    /// <param name="positional">For <c>sh -c SCRIPT NAME ARGS…</c>: NAME and ARGS, which the script sees as $0, $1 …</param>
    public void AnalyzeShellString(string source, Invocation invocation, WalkScope? scope = null, StdinSource stdin = default, IReadOnlyList<string>? positional = null)
    {
        var inner = (scope ?? invocation.Scope).Fork();
        if (positional is not null)
        {
            for (var i = 0; i < 10; i++)
            {
                inner.SetVariable(i.ToString(System.Globalization.CultureInfo.InvariantCulture), i < positional.Count ? positional[i] : string.Empty);
            }
            var arguments = positional.Count > 1 ? string.Join(' ', positional.Skip(1)) : string.Empty;
            inner.SetVariable("@", arguments);
            inner.SetVariable("*", arguments);
            inner.SetVariable("#", Math.Max(0, positional.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (invocation.Environment is { } variables)
        {
            foreach (var (name, value) in variables)
            {
                inner.SetVariable(name, value);
            }
        }
        AnalyzeSource(source, inner, invocation.Depth + ShellStringCost, stdin);
    }

    /// <summary>Runs a file an earlier command wrote: downloaded content is a pipe-to-shell, known text is analysed.</summary>
    public void RunWrittenFile(StdinSource content, Invocation invocation, bool asShellScript = true)
    {
        if (content.FromNetwork)
        {
            Findings.Report(GuardRuleId.PipeToShell, GuardVerdict.Deny, invocation.Uncertain, Rules.PipeToShell.Reason);
        }
        else if (content.Text is { } text)
        {
            if (asShellScript)
            {
                AnalyzeShellString(text, invocation);
            }
            else
            {
                InlineCode.AnalyzeLiterals(text, invocation, this);
            }
        }
    }

    private bool CanNest(int depth)
    {
        if (depth <= MaxDepth && _work <= WorkBudget)
        {
            return true;
        }
        Findings.Report(GuardRuleId.Unanalysable, GuardVerdict.Deny, false,
            "The command nests shells, substitutions or loops too deeply for the guard to analyse, so it was blocked. Write it as plain, separate commands.");
        return false;
    }

    public void WalkScript(ScriptNode script, WalkScope scope, int depth, StdinSource stdin)
    {
        foreach (var item in script.Items)
        {
            if (Findings.Denied)
            {
                return;
            }
            // A background job runs in a subshell: its cd does not move the commands after it.
            WalkAndOr(item, item.Background ? scope.Fork() : scope, depth, stdin);
        }
    }

    private void WalkAndOr(AndOrNode node, WalkScope scope, int depth, StdinSource stdin)
    {
        string? heldFallback = null;
        var holding = false;
        var fallbackEnds = false;
        var pipelines = node.Pipelines;
        for (var i = 0; i < pipelines.Count; i++)
        {
            var changedDirectory = WalkPipeline(pipelines[i], scope, depth, stdin);
            if (!changedDirectory || i + 1 >= pipelines.Count)
            {
                continue;
            }
            var next = pipelines[i + 1];
            if (next.JoinedBy == ShellOperator.And && !holding)
            {
                // "cd x && rm …": rm runs only if cd worked. After this list, a failed cd would leave us where we were.
                heldFallback = scope.WorkingDirectoryIfCdFailed;
                scope.WorkingDirectoryIfCdFailed = null;
                holding = true;
            }
            else if (next.JoinedBy == ShellOperator.Or && IsExit(next))
            {
                fallbackEnds = true; // "cd x || exit": nothing runs after a failed cd
            }
        }
        if (holding)
        {
            scope.WorkingDirectoryIfCdFailed = heldFallback;
        }
        if (fallbackEnds)
        {
            scope.WorkingDirectoryIfCdFailed = null;
        }
    }

    private static bool IsExit(PipelineNode pipeline) =>
        pipeline.Commands is [SimpleCommandNode { Words: [var first, ..] }] && first.IsPlain && first.Value is "exit" or "return";

    /// <summary>Returns true when the pipeline was a lone cd that moved the working directory.</summary>
    private bool WalkPipeline(PipelineNode pipeline, WalkScope scope, int depth, StdinSource stdin)
    {
        if (pipeline.Commands.Count == 1)
        {
            return WalkCommand(pipeline.Commands[0], scope, depth, stdin).ChangedDirectory;
        }
        // Each element runs in its own subshell and reads what the one before it wrote.
        var upstream = stdin;
        foreach (var command in pipeline.Commands)
        {
            if (Findings.Denied)
            {
                break;
            }
            upstream = WalkCommand(command, scope.Fork(), depth, upstream).Output;
        }
        return false;
    }

    private CommandResult WalkCommand(CommandNode node, WalkScope scope, int depth, StdinSource stdin)
    {
        switch (node)
        {
            case SimpleCommandNode simple:
                return WalkSimple(simple, scope, depth, stdin);
            case GroupNode group:
                var inner = group.IsSubshell ? scope.Fork() : scope;
                var groupStdin = StdinFromRedirects(group.Redirects, scope) ?? stdin;
                foreach (var part in group.Parts)
                {
                    WalkScript(part, inner, depth, groupStdin);
                }
                CheckRedirects(group.Redirects, scope, depth);
                return new CommandResult(groupStdin.FromNetwork ? StdinSource.Network : StdinSource.Unknown, false);
            case ForNode loop:
                WalkFor(loop, scope, depth, stdin);
                CheckRedirects(loop.Redirects, scope, depth);
                return default;
            case FunctionNode function:
                // The body is analysed where it is defined, as if it ran; calls then only need the fork-bomb check.
                if (function.Body is not null)
                {
                    WalkCommand(function.Body, scope.Fork(), depth, default);
                }
                scope.DefineFunction(function);
                return default;
            default:
                return default;
        }
    }

    private void WalkFor(ForNode loop, WalkScope scope, int depth, StdinSource stdin)
    {
        const int MaxValues = 16;
        var values = new List<string>();
        var known = loop.Items is not null;
        foreach (var item in loop.Items ?? [])
        {
            WalkSubstitutions(item, scope, depth);
            var arg = WordExpander.Resolve(item, scope, Environment);
            if (arg.Uncertain || arg.Glob || values.Count >= MaxValues)
            {
                known = false;
                break;
            }
            values.Add(arg.Text);
        }
        if (!known || values.Count == 0)
        {
            scope.SetVariable(loop.Variable, null);
            WalkScript(loop.Body, scope, depth, stdin);
            return;
        }
        foreach (var value in values)
        {
            if (Findings.Denied)
            {
                return;
            }
            scope.SetVariable(loop.Variable, value);
            WalkScript(loop.Body, scope, depth, stdin);
        }
    }

    /// <summary>Command substitutions in a word run before the command itself, each in a subshell.</summary>
    public void WalkSubstitutions(ShellWord word, WalkScope scope, int depth)
    {
        if (word.Substitutions is not { } substitutions)
        {
            return;
        }
        foreach (var substitution in substitutions)
        {
            if (Findings.Denied || !CanNest(depth + 1))
            {
                return;
            }
            substitution.Parsed ??= ShellParser.Parse(substitution.Lexed);
            WalkScript(substitution.Parsed, scope.Fork(), depth + 1, default);
        }
    }
}
