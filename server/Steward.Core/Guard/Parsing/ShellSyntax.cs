namespace Steward.Core.Guard.Parsing;

/// <summary>A list of commands run one after another (<c>;</c>, newline, <c>&amp;</c>).</summary>
internal sealed class ScriptNode
{
    public List<AndOrNode> Items { get; } = [];
}

/// <summary>Pipelines joined by <c>&amp;&amp;</c> and <c>||</c>, possibly run in the background.</summary>
internal sealed class AndOrNode
{
    public List<PipelineNode> Pipelines { get; } = [];

    public bool Background { get; set; }
}

internal sealed class PipelineNode
{
    public List<CommandNode> Commands { get; } = [];

    /// <summary>How this pipeline joins the one before it: <see cref="ShellOperator.And"/>, <see cref="ShellOperator.Or"/> or none.</summary>
    public ShellOperator JoinedBy { get; set; }
}

internal abstract class CommandNode
{
    public List<RedirectNode>? Redirects { get; set; }
}

internal sealed class SimpleCommandNode : CommandNode
{
    /// <summary><c>NAME=value</c> words before the command name.</summary>
    public List<ShellWord>? Assignments { get; set; }

    public List<ShellWord> Words { get; } = [];
}

/// <summary>
/// Commands grouped by <c>( … )</c> (a subshell), <c>{ …; }</c>, or the parts of if, while, until
/// and case, walked in order: the guard does not predict which branch runs, so it checks them all.
/// </summary>
internal sealed class GroupNode(bool isSubshell) : CommandNode
{
    public bool IsSubshell { get; } = isSubshell;

    public List<ScriptNode> Parts { get; } = [];
}

/// <summary><c>for NAME in WORDS; do BODY; done</c> (Items is null for <c>for NAME; do</c> or the arithmetic form).</summary>
internal sealed class ForNode(string variable, List<ShellWord>? items, ScriptNode body) : CommandNode
{
    public string Variable { get; } = variable;

    public List<ShellWord>? Items { get; } = items;

    public ScriptNode Body { get; } = body;
}

internal sealed class FunctionNode(string name, CommandNode? body) : CommandNode
{
    public string Name { get; } = name;

    public CommandNode? Body { get; } = body;
}

internal sealed class RedirectNode(RedirectKind kind, int fd, ShellWord? target, HereDoc? hereDoc)
{
    public RedirectKind Kind { get; } = kind;

    /// <summary>The file descriptor written before the operator, or -1.</summary>
    public int Fd { get; } = fd;

    public ShellWord? Target { get; } = target;

    public HereDoc? HereDoc { get; } = hereDoc;

    /// <summary>Opens its target for writing.</summary>
    public bool Writes => Kind is RedirectKind.Output or RedirectKind.Append or RedirectKind.Clobber or RedirectKind.ReadWrite
        or RedirectKind.OutputBoth or RedirectKind.AppendBoth
        || (Kind == RedirectKind.DuplicateOutput && Target is { } t && !IsDescriptor(t.Value));

    /// <summary><c>&gt;&amp;1</c>, <c>&gt;&amp;-</c>: duplicating or closing a descriptor, not opening a file.</summary>
    private static bool IsDescriptor(string value) => value == "-" || (value.Length > 0 && value.TrimEnd('-').All(char.IsAsciiDigit));
}
