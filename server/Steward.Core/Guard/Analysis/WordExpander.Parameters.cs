using System.Text;
using Steward.Core.Guard.Parsing;

namespace Steward.Core.Guard.Analysis;

internal static partial class WordExpander
{
    /// <summary>Expands the parameter starting at the <c>$</c> at <paramref name="at"/>; returns the index after it.</summary>
    private static int ExpandParameter(string value, int at, StringBuilder builder, WalkScope scope, GuardEnvironment environment, bool keepUnknown, ref bool uncertain)
    {
        if (value[at] != '$' || at + 1 >= value.Length)
        {
            builder.Append(value[at]);
            return at + 1;
        }
        int next;
        string? result;
        var known = false;
        if (value[at + 1] == '{')
        {
            next = ClosingBrace(value, at + 2);
            var inner = value.AsSpan(at + 2, Math.Max(0, next - 1 - (at + 2)));
            result = ExpandBraced(inner, scope, environment, ref known, ref uncertain);
        }
        else if (char.IsAsciiLetter(value[at + 1]) || value[at + 1] == '_')
        {
            next = at + 2;
            while (next < value.Length && (char.IsAsciiLetterOrDigit(value[next]) || value[next] == '_'))
            {
                next++;
            }
            result = Lookup(value[(at + 1)..next], scope, environment, out known);
        }
        else
        {
            // $1, $@ are known inside bash -c '…' NAME ARGS; $?, $$ and the like never are.
            next = at + 2;
            result = char.IsAsciiDigit(value[at + 1]) || value[at + 1] is '@' or '*' or '#'
                ? Lookup(value.Substring(at + 1, 1), scope, environment, out known)
                : null;
        }
        if (known)
        {
            builder.Append(result);
        }
        else
        {
            uncertain = true;
            if (keepUnknown)
            {
                builder.Append(value, at, next - at);
            }
        }
        return next;
    }

    /// <summary>The index after the <c>}</c> closing a <c>${</c> whose inside starts at <paramref name="start"/>.</summary>
    private static int ClosingBrace(string value, int start)
    {
        var depth = 1;
        for (var i = start; i < value.Length; i++)
        {
            if (value[i] == '{')
            {
                depth++;
            }
            else if (value[i] == '}' && --depth == 0)
            {
                return i + 1;
            }
        }
        return value.Length;
    }

    private static string? ExpandBraced(ReadOnlySpan<char> inner, WalkScope scope, GuardEnvironment environment, ref bool known, ref bool uncertain)
    {
        if (inner.Length == 0 || inner[0] is '#' or '!' && inner.Length > 1)
        {
            return null;
        }
        var nameLength = 0;
        while (nameLength < inner.Length && (char.IsAsciiLetterOrDigit(inner[nameLength]) || inner[nameLength] == '_'))
        {
            nameLength++;
        }
        if (nameLength == 0)
        {
            return null;
        }
        var value = Lookup(inner[..nameLength].ToString(), scope, environment, out var isKnown);
        var op = inner[nameLength..];
        if (op.Length == 0)
        {
            known = isKnown;
            return value;
        }
        var colon = op[0] == ':';
        var kind = colon && op.Length > 1 ? op[1] : op[0];
        var argument = op[Math.Min(op.Length, colon ? 2 : 1)..];
        var isSet = isKnown && value is not null;
        var useValue = isSet && (!colon || value!.Length > 0);
        switch (kind)
        {
            case '-' or '=':
                if (useValue)
                {
                    known = true;
                    return value;
                }
                // Unset, or not known: the default is what runs when it is unset (the likely case for a typo).
                uncertain |= !isKnown;
                var fallback = ExpandDefault(argument, scope, environment);
                known = fallback is not null;
                return fallback;
            case '+':
                if (!isKnown)
                {
                    return null;
                }
                known = true;
                return useValue ? ExpandDefault(argument, scope, environment) ?? string.Empty : string.Empty;
            case '?':
                known = isKnown;
                return value;
            default:
                return null;
        }
    }

    /// <summary>The text of a <c>${X:-default}</c> default when it is literal, a tilde path or starts with <c>$HOME</c>.</summary>
    private static string? ExpandDefault(ReadOnlySpan<char> text, WalkScope scope, GuardEnvironment environment)
    {
        var builder = new StringBuilder(text.Length + 16);
        var rest = text;
        if (rest.StartsWith("~") && (rest.Length == 1 || rest[1] == '/'))
        {
            builder.Append(Lookup("HOME", scope, environment, out _));
            rest = rest[1..];
        }
        else if (rest.StartsWith("$HOME") || rest.StartsWith("${HOME}"))
        {
            builder.Append(Lookup("HOME", scope, environment, out _));
            rest = rest[(rest[1] == '{' ? 7 : 5)..];
        }
        foreach (var c in rest)
        {
            if (c is '$' or '`' or ShellWord.ExpansionMark or ShellWord.SubstitutionMark)
            {
                return null;
            }
            if (c is not ('"' or '\''))
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary>The output of a substitution when it is predictable, else null.</summary>
    private static string? KnownOutput(Substitution substitution, WalkScope scope, GuardEnvironment environment)
    {
        if (substitution.Kind is not (SubstitutionKind.Command or SubstitutionKind.Backtick))
        {
            return null;
        }
        var script = substitution.Parsed ??= ShellParser.Parse(substitution.Lexed);
        if (script.Items is not [{ Pipelines: [{ Commands: [SimpleCommandNode { Words: [var first, ..] words }] }] }])
        {
            return null;
        }
        switch (first.Value)
        {
            case "pwd":
                return scope.WorkingDirectory;
            case "mktemp":
                // A fresh directory under /tmp: nothing there is critical, whatever its random name.
                return "/tmp/tmp.guard-mktemp";
            case "git" when words.Count == 3 && words[1].Value == "rev-parse" && words[2].Value == "--show-toplevel":
                return environment.ProjectRoot;
            case "echo":
                var builder = new StringBuilder();
                for (var i = 1; i < words.Count; i++)
                {
                    if (i == 1 && words[i].Value is "-n" or "-e" or "-E")
                    {
                        continue;
                    }
                    var text = Expand(words[i], scope, environment, keepUnknown: false, out var unsure);
                    if (unsure)
                    {
                        return null;
                    }
                    builder.Append(builder.Length > 0 ? " " : string.Empty).Append(text);
                }
                return builder.ToString();
            default:
                return null;
        }
    }
}
