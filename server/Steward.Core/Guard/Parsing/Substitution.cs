namespace Steward.Core.Guard.Parsing;

internal enum SubstitutionKind : byte
{
    /// <summary><c>$(…)</c></summary>
    Command,
    /// <summary><c>`…`</c></summary>
    Backtick,
    /// <summary><c>&lt;(…)</c>: the command's output is read as a file.</summary>
    ProcessInput,
    /// <summary><c>&gt;(…)</c>: writes to the "file" feed the command.</summary>
    ProcessOutput,
    /// <summary><c>$((…))</c>: lexed only so that substitutions hidden inside are still seen.</summary>
    Arithmetic,
}

/// <summary>A command nested inside a word. Its tokens are lexed once; the parse is cached on first use.</summary>
internal sealed class Substitution(SubstitutionKind kind, string source, LexedScript lexed)
{
    public SubstitutionKind Kind { get; } = kind;

    /// <summary>The nested command's source text (backtick escapes already undone).</summary>
    public string Source { get; } = source;

    public LexedScript Lexed { get; } = lexed;

    public ScriptNode? Parsed { get; set; }
}
