namespace Steward.Core.Secrets;

/// <summary>
/// How one command names the files it reads. <c>ValueOptions</c> take a value that is not a file
/// (<c>head -n 5</c>); <c>FileOptions</c> take a value that is one (<c>grep -f list</c>,
/// <c>openssl -in key.pem</c>); <c>AtFileOptions</c> take a value that names a file after an "@"
/// (<c>curl -d @.env</c>, <c>-F "f=@.env"</c>); with <c>PatternFirst</c> the first operand is a
/// pattern or program unless an option supplied it (grep, sed, awk, jq); with <c>LastIsTarget</c>
/// the last operand is written, not read (cp, scp); with <c>OperandPrefix</c> only operands with
/// that prefix name a file (<c>dd if=…</c>); <c>NoOperands</c>: operands are not files (curl's URLs).
/// </summary>
internal sealed record ReaderCommand(
    string ValueOptions = "", string FileOptions = "", string AtFileOptions = "", bool PatternFirst = false,
    bool LastIsTarget = false, string? OperandPrefix = null, bool NoOperands = false)
{
    /// <summary>Options that supply the pattern themselves, so the first operand is a file.</summary>
    private static readonly string[] PatternOptions = ["-e", "-f", "--regexp", "--file", "--from-file", "--args", "--jsonargs"];

    public IEnumerable<string> Paths(List<string> arguments)
    {
        var valueOptions = ValueOptions.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var fileOptions = FileOptions.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var atFileOptions = AtFileOptions.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var operands = new List<string>();
        var patternGiven = false;
        var optionsEnded = false;
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (optionsEnded || argument.Length < 2 || argument[0] != '-')
            {
                operands.Add(argument);
                continue;
            }
            if (argument == "--")
            {
                optionsEnded = true;
                continue;
            }
            var (option, attached) = argument.StartsWith("--", StringComparison.Ordinal) && argument.IndexOf('=', StringComparison.Ordinal) is var eq and > 0
                ? (argument[..eq], argument[(eq + 1)..])
                : (argument, null);
            patternGiven |= PatternOptions.Contains(option);
            var kind = fileOptions.Contains(option) ? 1 : atFileOptions.Contains(option) ? 2 : valueOptions.Contains(option) ? 3 : 0;
            if (kind == 0)
            {
                continue;
            }
            var value = attached ?? (i + 1 < arguments.Count ? arguments[++i] : null);
            if (value is not null && kind == 1)
            {
                yield return value;
            }
            else if (value is not null && kind == 2 && AtFile(value) is { } file)
            {
                yield return file;
            }
        }
        if (NoOperands)
        {
            yield break;
        }
        var first = PatternFirst && !patternGiven ? 1 : 0;
        var last = LastIsTarget && operands.Count > 1 ? operands.Count - 1 : operands.Count;
        for (var i = first; i < last; i++)
        {
            if (OperandPrefix is null)
            {
                yield return operands[i];
            }
            else if (operands[i].StartsWith(OperandPrefix, StringComparison.Ordinal))
            {
                yield return operands[i][OperandPrefix.Length..];
            }
        }
    }

    // "@file", "name=@file" and "name=<file" (curl -F): the file's contents are sent.
    private static string? AtFile(string value)
    {
        var at = value.StartsWith('@') ? 0 : value.IndexOf("=@", StringComparison.Ordinal) is var form and >= 0 ? form + 1 : -1;
        if (at < 0 && value.IndexOf("=<", StringComparison.Ordinal) is var content and >= 0)
        {
            at = content + 1;
        }
        if (at < 0)
        {
            return null;
        }
        var file = value[(at + 1)..];
        var semicolon = file.IndexOf(';', StringComparison.Ordinal);
        return semicolon < 0 ? file : file[..semicolon];
    }
}

/// <summary>The commands <see cref="BashReadPaths"/> knows to print, copy or send file contents.</summary>
internal static class ReaderCommands
{
    private static readonly ReaderCommand Plain = new();
    private static readonly ReaderCommand Grep = new("-e -m -A -B -C -d -D --regexp --max-count --context --include --exclude --color", "-f --file", PatternFirst: true);

    private static readonly Dictionary<string, ReaderCommand> Commands = new(StringComparer.Ordinal)
    {
        ["cat"] = Plain, ["tac"] = Plain, ["less"] = new("-x -y -b -h -j -z -o -O -p -P -t -T"), ["more"] = Plain, ["most"] = Plain,
        ["bat"] = new("-l -H -r --language --line-range --highlight-line --style --theme"), ["batcat"] = new("-l -H -r --language --line-range --style --theme"),
        ["head"] = new("-n -c --lines --bytes"), ["tail"] = new("-n -c -s --lines --bytes --pid --sleep-interval"),
        ["nl"] = new("-b -d -f -h -i -l -n -s -v -w"), ["base64"] = new("-w --wrap"), ["base32"] = new("-w --wrap"), ["basenc"] = new("-w --wrap"),
        ["xxd"] = new("-c -g -l -o -s -n -cols -len -seek"), ["hexdump"] = new("-n -s -e -f"), ["hd"] = new("-n -s -e -f"),
        ["od"] = new("-A -j -N -t -w -S"), ["strings"] = new("-n -t -e --bytes --radix --encoding"), ["view"] = Plain,
        ["source"] = Plain, ["."] = Plain, ["sort"] = new("-k -t -o -S -T --key --field-separator --output"), ["uniq"] = new("-f -s -w"),
        ["cut"] = new("-b -c -d -f --delimiter --fields"), ["paste"] = new("-d"), ["column"] = new("-s -t -c -o"), ["fold"] = new("-w"),
        ["rev"] = Plain, ["diff"] = new("-U -C -L --label --unified --context"), ["cmp"] = new("-i -n"), ["comm"] = Plain,
        ["grep"] = Grep, ["egrep"] = Grep, ["fgrep"] = Grep, ["zgrep"] = Grep,
        ["rg"] = new("-e -g -t -T -m -A -B -C -j -M -E --glob --type --max-count --context --regexp --encoding", "-f --file", PatternFirst: true),
        ["ag"] = new("-A -B -C -G -m --depth", "", PatternFirst: true), ["ack"] = new("-A -B -C -m --type", "", PatternFirst: true),
        ["sed"] = new("-e -l --expression --line-length", "-f --file", PatternFirst: true),
        ["awk"] = new("-v -F --assign --field-separator", "-f --file", PatternFirst: true), ["gawk"] = new("-v -F", "-f", PatternFirst: true),
        ["jq"] = new("--arg --argjson --indent --tab", "-f --from-file --slurpfile --rawfile", PatternFirst: true),
        ["yq"] = new("-o -I -p --output-format --indent --input-format", "--from-file", PatternFirst: true),
        ["cp"] = new("-t -S --target-directory --suffix", "", LastIsTarget: true), ["scp"] = new("-P -i -o -F -c -l -S -J", "", LastIsTarget: true),
        ["rsync"] = new("-e --rsh --exclude --include --port", "--files-from", LastIsTarget: true),
        ["openssl"] = new("", "-in -inkey -key -kfile -pass"),
        ["ssh-keygen"] = new("", "-f"),
        ["curl"] = new("-H -o -u -X -A -e -b -c -w --header --output --user --request --url", "-T --upload-file", "-d --data --data-binary --data-urlencode -F --form", NoOperands: true),
        ["dd"] = new(OperandPrefix: "if="), ["gpg"] = new("-r -u -o --recipient --local-user --output"), ["zcat"] = Plain, ["bzcat"] = Plain, ["xzcat"] = Plain,
    };

    public static ReaderCommand? TryGet(string name) => Commands.GetValueOrDefault(name);
}
