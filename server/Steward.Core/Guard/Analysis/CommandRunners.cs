using Steward.Core.Guard.Rules;

namespace Steward.Core.Guard.Analysis;

/// <summary>
/// Commands that build and run other command lines: <c>xargs</c> (its arguments come from stdin,
/// known when fed by <c>echo</c>) and <c>find -exec</c> (its commands run on every match).
/// </summary>
internal static class CommandRunners
{
    private static readonly OptionSpec XargsOptions = new(
        "aEdILnPs",
        ["arg-file", "delimiter", "max-lines", "max-args", "max-procs", "max-chars", "process-slot-var"],
        stopAtFirstOperand: true,
        shortWithAttachedValue: "eil");

    private const int MaxItems = 64;
    private const int MaxReplacedRuns = 8;

    public static void RunXargs(Invocation invocation, ScriptWalker walker)
    {
        var parsed = ParsedOptions.Parse(invocation.Args, XargsOptions);
        if (parsed.Operands.Count == 0)
        {
            return; // xargs alone runs echo
        }
        var command = invocation.Args[parsed.Operands[0]..];
        var replace = parsed.Value('I') ?? parsed.Value('\0', "replace") ?? (parsed.Short('i') || parsed.Long("replace") ? "{}" : null);
        if (replace is { Length: 0 })
        {
            replace = "{}";
        }
        var items = Items(invocation.Stdin.Text);
        if (replace is null)
        {
            var all = new ResolvedArg[command.Count + items.Count];
            command.CopyTo(all);
            for (var i = 0; i < items.Count; i++)
            {
                all[command.Count + i] = ResolvedArg.Literal(items[i]);
            }
            Run(all, invocation, walker);
            return;
        }
        var runs = 0;
        foreach (var item in items.Count == 0 ? [replace] : items)
        {
            if (++runs > MaxReplacedRuns)
            {
                break;
            }
            var all = new ResolvedArg[command.Count];
            for (var i = 0; i < all.Length; i++)
            {
                var arg = command[i];
                all[i] = arg.Text.Contains(replace, StringComparison.Ordinal) ? arg with { Text = arg.Text.Replace(replace, item, StringComparison.Ordinal), Word = null } : arg;
            }
            Run(all, invocation, walker);
        }
    }

    private static List<string> Items(string? text)
    {
        var items = new List<string>();
        if (text is null)
        {
            return items;
        }
        foreach (var item in text.Split([' ', '\t', '\n', '\0'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (items.Count == MaxItems)
            {
                break;
            }
            items.Add(item.Trim('"', '\''));
        }
        return items;
    }

    private static void Run(ResolvedArg[] all, Invocation parent, ScriptWalker walker)
    {
        var carrier = new Invocation(parent.Name, all, parent.Scope, StdinSource.Unknown, parent.Depth, parent.Uncertain) { Environment = parent.Environment };
        if (carrier.Inner(0) is { } inner)
        {
            walker.DispatchNested(inner);
        }
    }

    /// <summary>find: judge its start points against what it does to matches, and run each -exec command through the rules.</summary>
    public static void RunFind(Invocation invocation, ScriptWalker walker)
    {
        var args = invocation.Args;
        var i = 0;
        // Leading options: -H -L -P -O3 -D debugopts
        while (i < args.Count && args[i].Text is "-H" or "-L" or "-P" or "-D" || (i < args.Count && args[i].Text.StartsWith("-O", StringComparison.Ordinal)))
        {
            i += args[i].Text == "-D" ? 2 : 1;
        }
        var starts = new List<ResolvedArg>();
        while (i < args.Count && !IsExpressionStart(args[i].Text))
        {
            starts.Add(args[i]);
            i++;
        }
        if (starts.Count == 0)
        {
            starts.Add(ResolvedArg.Literal("."));
        }
        var action = new FindAction();
        for (; i < args.Count; i++)
        {
            var text = args[i].Text;
            switch (text)
            {
                case "-delete":
                    action.Deletes = true;
                    break;
                case "-exec" or "-execdir" or "-ok" or "-okdir":
                    var end = i + 1;
                    while (end < args.Count && args[end].Text is not (";" or "+"))
                    {
                        end++;
                    }
                    if (end > i + 1)
                    {
                        var carrier = new Invocation(invocation.Name, args[(i + 1)..end], invocation.Scope, StdinSource.Unknown, invocation.Depth, invocation.Uncertain);
                        if (carrier.Inner(0) is { } inner)
                        {
                            action.Note(inner);
                            walker.DispatchNested(inner);
                        }
                    }
                    i = end;
                    break;
                case "-name" or "-iname" or "-path" or "-ipath" or "-wholename" or "-iwholename" or "-regex" or "-iregex" or "-lname" or "-ilname":
                    if (i + 1 < args.Count)
                    {
                        action.Selective |= !IsMatchAll(args[i + 1].Text);
                        i++;
                    }
                    break;
                case "-empty":
                    action.Selective = true;
                    break;
                default:
                    break;
            }
        }
        FindDeleteCritical.Check(invocation, starts, action, walker);
        ChmodChownRecursiveCritical.CheckFind(invocation, starts, action, walker);
    }

    private static bool IsExpressionStart(string text) => (text.Length > 1 && text[0] == '-') || text is "(" or "!" or ")" or ",";

    private static bool IsMatchAll(string pattern) => TargetJudge.IsBroad(pattern) || pattern is ".*" or "^.*$" or ".*/.*" or "*/*";
}

/// <summary>What find does to its matches.</summary>
internal sealed class FindAction
{
    public bool Deletes { get; set; }

    /// <summary>The deleting command of an -exec (rm, shred …), or null.</summary>
    public string? Deleter { get; private set; }

    /// <summary>An -exec runs a shell, which may delete: the guard cannot tell.</summary>
    public bool MayDelete { get; private set; }

    /// <summary>The chmod/chown/chgrp an -exec runs on every match (as good as -R), or null.</summary>
    public string? PermissionChanger { get; private set; }

    /// <summary>A name/path filter narrows the matches (so find . -name '*.tmp' -delete is routine).</summary>
    public bool Selective { get; set; }

    public void Note(Invocation exec)
    {
        if (exec.Name is "rm" or "rmdir" or "unlink" or "shred")
        {
            Deleter ??= exec.Name;
        }
        else if (exec.Name is "chmod" or "chown" or "chgrp")
        {
            PermissionChanger ??= exec.Name;
        }
        else if (ShellCommands.IsShell(exec.Name) || exec.Name is "sudo" or "xargs")
        {
            MayDelete = true;
        }
    }
}
