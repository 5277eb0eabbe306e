namespace Steward.Hooks;

/// <summary>What a hook decided: an object for stdout (or none), the exit code, and a note for stderr.</summary>
internal sealed record HookResult(HookOutput? Output, int ExitCode = 0, string? Diagnostic = null)
{
    public static HookResult Nothing { get; } = new((HookOutput?)null);
}
