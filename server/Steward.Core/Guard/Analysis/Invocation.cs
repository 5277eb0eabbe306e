namespace Steward.Core.Guard.Analysis;

/// <summary>
/// A command about to run: its normalised name, resolved arguments (without the name), where it
/// runs, what it reads on stdin, and variables given to it alone (<c>FOO=1 cmd</c>, <c>env FOO=1 cmd</c>),
/// which matter when it is a shell that expands them itself.
/// </summary>
internal sealed class Invocation(string name, ArraySegment<ResolvedArg> args, WalkScope scope, StdinSource stdin, int depth, bool uncertain)
{
    public string Name { get; } = name;

    public ArraySegment<ResolvedArg> Args { get; } = args;

    public WalkScope Scope { get; } = scope;

    public StdinSource Stdin { get; } = stdin;

    /// <summary>How many shell strings (<c>bash -c</c>, <c>eval</c>, substitutions) this command is nested in.</summary>
    public int Depth { get; } = depth;

    /// <summary>The name itself came from something unresolved (<c>$CMD</c>, <c>r${X}m</c>, a glob): findings only ask.</summary>
    public bool Uncertain { get; } = uncertain;

    public List<KeyValuePair<string, string?>>? Environment { get; init; }

    public int Count => Args.Count;

    public string this[int index] => Args[index].Text;

    public string? WorkingDirectory => Scope.WorkingDirectory;

    /// <summary>The command that a wrapper runs: arguments from <paramref name="start"/> on, the first being its name.</summary>
    public Invocation? Inner(int start, WalkScope? scope = null)
    {
        if (start >= Args.Count)
        {
            return null;
        }
        var nameArg = Args[start];
        var (innerName, nameUncertain) = CommandNames.Normalize(nameArg);
        return new Invocation(innerName, Args[(start + 1)..], scope ?? Scope, Stdin, Depth, Uncertain || nameUncertain)
        {
            Environment = Environment,
        };
    }

    public Invocation Renamed(string newName, bool uncertain) =>
        new(newName, Args, Scope, Stdin, Depth, Uncertain || uncertain) { Environment = Environment };

    /// <summary>Adds a variable for this command alone (a prefix assignment or <c>env NAME=value</c>).</summary>
    public Invocation WithEnvironment(string variable, string? value)
    {
        var environment = Environment is null ? [] : new List<KeyValuePair<string, string?>>(Environment);
        environment.Add(new(variable, value));
        return new Invocation(Name, Args, Scope, Stdin, Depth, Uncertain) { Environment = environment };
    }
}
