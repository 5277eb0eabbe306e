using System.Text;
using Steward.Core.Guard.Parsing;

namespace Steward.Core.Guard.Analysis;

/// <summary>
/// Performs the expansions the guard can know: <c>~</c>, <c>$HOME</c>/<c>${HOME}</c>, <c>$PWD</c>,
/// variables assigned earlier in the script, <c>${X:-default}</c>, and a few substitutions whose
/// output is predictable (<c>$(pwd)</c>, <c>$(echo …)</c>, <c>$(git rev-parse --show-toplevel)</c>).
/// </summary>
internal static partial class WordExpander
{
    /// <summary>Stands in for an unknown value in a string handed to another shell, so that shell sees "unknown" too.</summary>
    private const string UnknownReference = "${__steward_unknown__}";

    public static ResolvedArg Resolve(ShellWord word, WalkScope scope, GuardEnvironment environment)
    {
        if ((word.Flags & (WordFlags.Expands | WordFlags.TildeActive)) == 0)
        {
            return new ResolvedArg(word.Value, false, word.Has(WordFlags.Glob), word);
        }
        var text = Expand(word, scope, environment, keepUnknown: false, out var uncertain);
        return new ResolvedArg(text, uncertain, word.Has(WordFlags.Glob), word);
    }

    /// <summary>
    /// The word's text after expansion. Unknown parts become empty, or with
    /// <paramref name="keepUnknown"/> a reference another shell will also find unknown.
    /// </summary>
    public static string Expand(ShellWord word, WalkScope scope, GuardEnvironment environment, bool keepUnknown, out bool uncertain)
    {
        uncertain = false;
        var value = word.Value;
        if ((word.Flags & (WordFlags.Expands | WordFlags.TildeActive)) == 0)
        {
            return value;
        }
        var builder = new StringBuilder(value.Length + 32);
        var i = word.Has(WordFlags.TildeActive) ? ExpandTilde(value, builder, scope, environment, ref uncertain) : 0;
        while (i < value.Length)
        {
            var c = value[i];
            if (c == ShellWord.ExpansionMark && i + 1 < value.Length)
            {
                i = ExpandParameter(value, i + 1, builder, scope, environment, keepUnknown, ref uncertain);
                continue;
            }
            if (c == ShellWord.SubstitutionMark && i + 1 < value.Length)
            {
                var index = value[i + 1];
                var known = word.Substitutions is { } subs && index < subs.Count ? KnownOutput(subs[index], scope, environment) : null;
                if (known is null)
                {
                    uncertain = true;
                    if (keepUnknown)
                    {
                        builder.Append(UnknownReference);
                    }
                }
                else
                {
                    builder.Append(known);
                }
                i += 2;
                continue;
            }
            builder.Append(c);
            i++;
        }
        return builder.ToString();
    }

    /// <summary>Expands a leading <c>~</c>, <c>~user</c>, <c>~+</c>; returns where the rest of the word starts.</summary>
    private static int ExpandTilde(string value, StringBuilder builder, WalkScope scope, GuardEnvironment environment, ref bool uncertain)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var end = slash < 0 ? value.Length : slash;
        var user = value.AsSpan(1, end - 1);
        if (user.IndexOfAny(ShellWord.ExpansionMark, ShellWord.SubstitutionMark) >= 0)
        {
            return 0;
        }
        string? home;
        if (user.Length == 0)
        {
            home = Lookup("HOME", scope, environment, out var known);
            uncertain |= !known;
        }
        else if (user is "+")
        {
            home = scope.WorkingDirectory;
            uncertain |= home is null;
        }
        else if (user is "-")
        {
            home = null;
            uncertain = true;
        }
        else if (user.SequenceEqual(Path.GetFileName(environment.Home.AsSpan())))
        {
            home = environment.Home;
        }
        else
        {
            // Another user's home: where it usually is.
            home = user is "root" ? "/root" : "/home/" + user.ToString();
        }
        builder.Append(home);
        return end;
    }

    /// <summary>The value of a variable and whether it is known; HOME and PWD come from the environment unless the script set them.</summary>
    public static string? Lookup(string name, WalkScope scope, GuardEnvironment environment, out bool known)
    {
        if (scope.TryGetVariable(name, out var value))
        {
            known = value is not null;
            return value;
        }
        switch (name)
        {
            case "HOME":
                known = true;
                return environment.Home;
            case "PWD":
                known = scope.WorkingDirectory is not null;
                return scope.WorkingDirectory;
            default:
                known = false;
                return null;
        }
    }
}
