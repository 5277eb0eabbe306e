using Steward.Core.Guard.Parsing;

namespace Steward.Core.Guard.Analysis;

/// <summary>
/// Files a command writes with content the guard knows, so that running them later in the same
/// command is analysed: <c>echo 'rm -rf /' &gt; x.sh &amp;&amp; bash x.sh</c> is <c>rm -rf /</c>, and
/// <c>curl -o i.sh URL &amp;&amp; sh i.sh</c> is a download piped into a shell. One table per
/// evaluation: a subshell's writes are on disk for everything after it.
/// </summary>
internal sealed class WrittenFiles
{
    private static readonly OptionSpec CurlOptions = new("odHXAbceEKmruUwxyYz", ["output", "data", "header", "request", "user-agent", "config", "user", "proxy", "url"]);
    private static readonly OptionSpec LnOptions = new("tS", ["target-directory", "suffix"]);
    private static readonly OptionSpec WgetOptions = new("OoaPeUtTw", ["output-document", "output-file", "append-output", "directory-prefix", "execute"]);

    private Dictionary<string, StdinSource>? _files;

    public bool TryGet(string? directory, string path, out StdinSource content)
    {
        content = default;
        return _files is not null && PathMath.Resolve(directory, path) is { } absolute && _files.TryGetValue(absolute, out content);
    }

    /// <summary>Records what stdout redirections of a command wrote (its output when known, else "unknown").</summary>
    public void RecordRedirects(List<RedirectNode>? redirects, StdinSource output, WalkScope scope, GuardEnvironment environment)
    {
        if (redirects is null)
        {
            return;
        }
        foreach (var redirect in redirects)
        {
            if (redirect.Target is { } target && redirect.Fd is -1 or 1 && redirect.Kind is RedirectKind.Output or RedirectKind.Append or RedirectKind.Clobber or RedirectKind.OutputBoth or RedirectKind.AppendBoth)
            {
                var append = redirect.Kind is RedirectKind.Append or RedirectKind.AppendBoth;
                Record(scope.WorkingDirectory, WordExpander.Resolve(target, scope, environment).Text, output, append);
            }
        }
    }

    /// <summary>Records files a command writes itself: downloads (curl -o, wget -O) and tee.</summary>
    public void RecordCommand(Invocation invocation, GuardEnvironment environment)
    {
        switch (invocation.Name)
        {
            case "curl":
                foreach (var output in ParsedOptions.Parse(invocation.Args, CurlOptions).Values('o', "output"))
                {
                    Record(invocation.WorkingDirectory, output, StdinSource.Network, append: false);
                }
                break;
            case "wget":
                var wget = ParsedOptions.Parse(invocation.Args, WgetOptions);
                if (wget.Value('O', "output-document") is { } document)
                {
                    Record(invocation.WorkingDirectory, document, StdinSource.Network, append: false);
                }
                else if (wget.Operands.Count > 0)
                {
                    var url = invocation[wget.Operands[0]];
                    Record(invocation.WorkingDirectory, url[(url.LastIndexOf('/') + 1)..], StdinSource.Network, append: false);
                }
                break;
            case "ln":
                var ln = ParsedOptions.Parse(invocation.Args, LnOptions);
                if ((ln.Short('s') || ln.Long("symbolic")) && ln.Operands.Count > 0)
                {
                    var target = invocation[ln.Operands[0]];
                    var link = ln.Operands.Count > 1 ? invocation[ln.Operands[^1]] : Path.GetFileName(target.TrimEnd('/'));
                    if (PathMath.Resolve(invocation.WorkingDirectory, link) is { } linkPath
                        && PathMath.Resolve(PathMath.Parent(linkPath), target) is { } targetPath)
                    {
                        environment.AddSymlink(linkPath, targetPath);
                    }
                }
                break;
            case "tee":
                foreach (var index in ParsedOptions.Parse(invocation.Args, OptionSpec.Plain).Operands)
                {
                    Record(invocation.WorkingDirectory, invocation[index], invocation.Stdin, append: false);
                }
                break;
            default:
                break;
        }
    }

    private void Record(string? directory, string path, StdinSource content, bool append)
    {
        if (path.Length == 0 || PathMath.Resolve(directory, path) is not { } absolute)
        {
            return;
        }
        _files ??= new(StringComparer.Ordinal);
        if (append && _files.TryGetValue(absolute, out var earlier) && earlier.Text is not null && content.Text is not null)
        {
            content = new StdinSource(earlier.Text + content.Text, earlier.FromNetwork || content.FromNetwork);
        }
        _files[absolute] = content;
    }
}
