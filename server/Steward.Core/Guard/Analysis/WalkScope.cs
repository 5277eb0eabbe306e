using Steward.Core.Guard.Parsing;

namespace Steward.Core.Guard.Analysis;

/// <summary>
/// What the shell knows at one point of a script: the working directory (and where it would be
/// if an earlier cd failed), variables assigned so far, and the functions defined. Subshells,
/// pipeline elements and background jobs get a fork, so their cd and assignments stay inside.
/// </summary>
internal sealed class WalkScope
{
    private Dictionary<string, string?>? _variables;
    private bool _variablesShared;
    private Dictionary<string, FunctionNode>? _functions;
    private bool _functionsShared;

    public WalkScope(string? workingDirectory)
    {
        WorkingDirectory = workingDirectory;
    }

    /// <summary>Null when a cd went somewhere the guard cannot resolve.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>Where commands run instead if an earlier cd failed (its list went on with ; or newline); null when none.</summary>
    public string? WorkingDirectoryIfCdFailed { get; set; }

    /// <summary><c>set -e</c> is on: a failing cd stops the script rather than leaving it in the old directory.</summary>
    public bool ExitOnError { get; set; }

    public WalkScope Fork()
    {
        var fork = new WalkScope(WorkingDirectory)
        {
            WorkingDirectoryIfCdFailed = WorkingDirectoryIfCdFailed,
            ExitOnError = ExitOnError,
            _variables = _variables,
            _variablesShared = _variables is not null,
            _functions = _functions,
            _functionsShared = _functions is not null,
        };
        _variablesShared |= _variables is not null;
        _functionsShared |= _functions is not null;
        return fork;
    }

    /// <summary>True when the script assigned the variable; <paramref name="value"/> is null when what it assigned is unknown.</summary>
    public bool TryGetVariable(string name, out string? value)
    {
        value = null;
        return _variables is not null && _variables.TryGetValue(name, out value);
    }

    public void SetVariable(string name, string? value)
    {
        if (_variables is null)
        {
            _variables = new(StringComparer.Ordinal);
        }
        else if (_variablesShared)
        {
            _variables = new(_variables, StringComparer.Ordinal);
            _variablesShared = false;
        }
        _variables[name] = value;
    }

    public FunctionNode? Function(string name) => _functions is not null && _functions.TryGetValue(name, out var node) ? node : null;

    public void DefineFunction(FunctionNode function)
    {
        if (_functions is null)
        {
            _functions = new(StringComparer.Ordinal);
        }
        else if (_functionsShared)
        {
            _functions = new(_functions, StringComparer.Ordinal);
            _functionsShared = false;
        }
        _functions[function.Name] = function;
    }
}
