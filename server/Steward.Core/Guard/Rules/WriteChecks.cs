using Steward.Core.Guard.Analysis;

namespace Steward.Core.Guard.Rules;

internal enum WriteKind : byte
{
    Redirect,
    Copy,
    Tee,
    InPlaceEdit,
    Truncate,
    Download,
    Permissions,
    Remove,
    /// <summary>shred: overwrites the file (or device) in place, then maybe removes it.</summary>
    Overwrite,
    Edit,
    DeviceCopy,
}

/// <summary>
/// Finds the files a command writes (redirect targets, cp/mv/install/ln destinations, tee, sed -i,
/// truncate, dd of=, curl -o …) and checks each against the rules about where writing is dangerous.
/// </summary>
internal static class WriteChecks
{
    private static readonly OptionSpec CopyOptions = new("tSmogb", ["target-directory", "suffix", "mode", "owner", "group", "backup"]);
    private static readonly OptionSpec TeeOptions = new(string.Empty, []);
    private static readonly OptionSpec TruncateOptions = new("sr", ["size", "reference"]);
    private static readonly OptionSpec SedOptions = new("efl", ["expression", "file", "line-length"], shortWithAttachedValue: "i");
    private static readonly OptionSpec PerlOptions = new("eEIlmMx", [], shortWithAttachedValue: "i");
    private static readonly OptionSpec CurlOptions = new("odHXAbceEKmruUwxyYz", ["output", "data", "header", "request", "user-agent", "cookie", "config", "user", "proxy", "max-time", "write-out", "retry", "cacert", "cert", "data-binary", "data-raw", "form", "referer", "resolve", "connect-timeout", "url", "json"]);
    private static readonly OptionSpec WgetOptions = new("OoaPeUtTw", ["output-document", "output-file", "append-output", "directory-prefix", "execute", "user-agent", "tries", "timeout", "wait", "header"]);
    private static readonly OptionSpec ChownOptions = new(string.Empty, ["from"]);
    private static readonly OptionSpec ShredOptions = new("ns", ["iterations", "size", "random-source", "remove"]);

    public static void CheckCommand(Invocation invocation, ScriptWalker walker)
    {
        switch (invocation.Name)
        {
            case "cp" or "mv" or "install" or "ln" or "rsync":
                var copy = ParsedOptions.Parse(invocation.Args, CopyOptions);
                if (copy.Value('t', "target-directory") is { } directory)
                {
                    CheckWrite(walker, ResolvedArg.Literal(directory), invocation.Scope, WriteKind.Copy);
                }
                else if (copy.Operands.Count >= 2 || (invocation.Name == "install" && copy.Short('d')))
                {
                    CheckWrite(walker, invocation.Args[copy.Operands[^1]], invocation.Scope, WriteKind.Copy);
                }
                break;
            case "tee":
                CheckOperands(walker, invocation, ParsedOptions.Parse(invocation.Args, TeeOptions), 0, WriteKind.Tee);
                break;
            case "truncate":
                CheckOperands(walker, invocation, ParsedOptions.Parse(invocation.Args, TruncateOptions), 0, WriteKind.Truncate);
                break;
            case "sed":
                var sed = ParsedOptions.Parse(invocation.Args, SedOptions);
                if (sed.Short('i') || sed.Long("in-place"))
                {
                    // Without -e/-f the first operand is the script.
                    CheckOperands(walker, invocation, sed, sed.Short('e') || sed.Short('f') || sed.Long("expression") || sed.Long("file") ? 0 : 1, WriteKind.InPlaceEdit);
                }
                break;
            case "perl":
                var perl = ParsedOptions.Parse(invocation.Args, PerlOptions);
                if (perl.Short('i'))
                {
                    CheckOperands(walker, invocation, perl, perl.Short('e') || perl.Short('E') ? 0 : 1, WriteKind.InPlaceEdit);
                }
                break;
            case "curl":
                foreach (var output in ParsedOptions.Parse(invocation.Args, CurlOptions).Values('o', "output"))
                {
                    CheckWrite(walker, ResolvedArg.Literal(output), invocation.Scope, WriteKind.Download);
                }
                break;
            case "wget":
                if (ParsedOptions.Parse(invocation.Args, WgetOptions).Value('O', "output-document") is { } document && document != "-")
                {
                    CheckWrite(walker, ResolvedArg.Literal(document), invocation.Scope, WriteKind.Download);
                }
                break;
            case "dd":
                foreach (var arg in invocation.Args)
                {
                    if (arg.Text.StartsWith("of=", StringComparison.Ordinal))
                    {
                        CheckWrite(walker, arg with { Text = arg.Text[3..] }, invocation.Scope, WriteKind.DeviceCopy);
                    }
                }
                break;
            case "chmod":
                CheckOperands(walker, invocation, ChmodChownRecursiveCritical.ParseChmod(invocation), 1, WriteKind.Permissions);
                break;
            case "chown" or "chgrp":
                var chown = ParsedOptions.Parse(invocation.Args, ChownOptions);
                CheckOperands(walker, invocation, chown, chown.Long("reference") ? 0 : 1, WriteKind.Permissions);
                break;
            case "rm" or "unlink" or "shred" or "sudoedit":
                var kind = invocation.Name switch { "sudoedit" => WriteKind.Edit, "shred" => WriteKind.Overwrite, _ => WriteKind.Remove };
                CheckOperands(walker, invocation, ParsedOptions.Parse(invocation.Args, ShredOptions), 0, kind);
                break;
            default:
                break;
        }
    }

    private static void CheckOperands(ScriptWalker walker, Invocation invocation, ParsedOptions parsed, int skip, WriteKind kind)
    {
        for (var i = skip; i < parsed.Operands.Count; i++)
        {
            CheckWrite(walker, invocation.Args[parsed.Operands[i]], invocation.Scope, kind);
        }
    }

    /// <summary>Checks one written path against the device, sensitive-file and power rules.</summary>
    public static void CheckWrite(ScriptWalker walker, ResolvedArg target, WalkScope scope, WriteKind kind)
    {
        if (target.Text.Length == 0 || PathMath.Resolve(scope.WorkingDirectory, target.Text) is not { } path)
        {
            return;
        }
        BlockDeviceWrite.CheckPath(walker, path, target.Uncertain, kind);
        SensitiveWrite.CheckPath(walker, path, target.Uncertain, kind);
        SystemPower.CheckWrite(walker, path, target.Uncertain);
    }
}
