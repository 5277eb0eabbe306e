using Steward.Core.Guard.Analysis;
using Steward.Core.Guard.Parsing;

namespace Steward.Core.Guard.Rules;

/// <summary>
/// Running code straight from the network: <c>curl … | sh</c> (also via sudo, tee, or into python),
/// <c>sh &lt;(curl …)</c>, <c>bash -c "$(curl …)"</c>, <c>source &lt;(curl …)</c>, <c>$(curl …)</c>.
/// </summary>
internal static class PipeToShell
{
    public const string Reason = "This runs code downloaded from the network without anyone reading it first. Download it to a file (curl -fsSLo install.sh URL), read it, then run it.";

    private static readonly HashSet<string> Downloaders = new(StringComparer.Ordinal)
    {
        "curl", "wget", "fetch", "http", "https", "xh", "xhs", "lwp-request", "GET", "aria2c", "wget2", "curlie",
    };

    private static readonly HashSet<string> Interpreters = new(StringComparer.Ordinal)
    {
        "python", "python2", "python3", "perl", "ruby", "node", "nodejs", "php", "pwsh", "lua", "deno", "bun",
    };

    public static bool IsDownloader(string name) => Downloaders.Contains(name);

    private static bool IsInterpreter(string name) => Interpreters.Contains(name) || (name.StartsWith("python3.", StringComparison.Ordinal));

    public static bool AppliesTo(string name) => ShellCommands.IsShell(name) || IsInterpreter(name) || name is "source" or ".";

    public static void Check(Invocation invocation, ScriptWalker walker)
    {
        if (Runs(invocation))
        {
            walker.Findings.Report(GuardRuleId.PipeToShell, GuardVerdict.Deny, invocation.Uncertain, Reason);
        }
    }

    private static bool Runs(Invocation invocation)
    {
        if (invocation.Name is "source" or ".")
        {
            return invocation.Count > 0 && (Downloads(invocation.Args[0]) || (ShellCommands.IsStdinPath(invocation, 0) && invocation.Stdin.FromNetwork));
        }
        if (ShellCommands.IsShell(invocation.Name))
        {
            var shell = ShellCommands.Parse(invocation);
            if (shell.CommandStringIndex >= 0)
            {
                return Downloads(invocation.Args[shell.CommandStringIndex]);
            }
            if (shell.ScriptIndex >= 0)
            {
                return Downloads(invocation.Args[shell.ScriptIndex]) || (ShellCommands.IsStdinPath(invocation, shell.ScriptIndex) && invocation.Stdin.FromNetwork);
            }
            return invocation.Stdin.FromNetwork;
        }
        // Interpreters: code from -c/-e is not stdin; the first operand is a script (or a download via <(…)), "-" is stdin.
        var codeFlag = false;
        foreach (var arg in invocation.Args)
        {
            if (arg.Text.Length > 1 && arg.Text[0] == '-' && arg.Text[1] != '-')
            {
                codeFlag |= arg.Text.AsSpan(1).IndexOfAny("cemEp") >= 0;
                continue;
            }
            if (arg.Text.StartsWith("--eval", StringComparison.Ordinal) || arg.Text.StartsWith("--print", StringComparison.Ordinal))
            {
                codeFlag = true;
                continue;
            }
            if (arg.Text.StartsWith("--", StringComparison.Ordinal) && arg.Text.Length > 2)
            {
                continue;
            }
            return Downloads(arg) || (arg.Text == "-" && !codeFlag && invocation.Stdin.FromNetwork);
        }
        return !codeFlag && invocation.Stdin.FromNetwork;
    }

    /// <summary>The command name itself is the output of a download: <c>$(curl …)</c>.</summary>
    public static bool RunsDownloadedOutput(ShellWord commandWord) => Downloads(commandWord);

    public static bool Downloads(ResolvedArg arg) => arg.Word is { } word && Downloads(word);

    /// <summary>The word holds a substitution that runs a downloader.</summary>
    public static bool Downloads(ShellWord word)
    {
        if (word.Substitutions is not { } substitutions)
        {
            return false;
        }
        foreach (var substitution in substitutions)
        {
            if (substitution.Kind == SubstitutionKind.Arithmetic)
            {
                continue;
            }
            foreach (var token in substitution.Lexed.Tokens)
            {
                if (token.Word is { } inner && (IsDownloader(CommandNames.Normalize(ResolvedArg.Literal(inner.Value)).Name) || Downloads(inner)))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
