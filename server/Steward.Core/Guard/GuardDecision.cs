namespace Steward.Core.Guard;

/// <summary>
/// The guard's answer for one command. <paramref name="RuleId"/> names the rule (or policy entry)
/// that decided; <paramref name="Reason"/> tells the model in one or two sentences what was
/// blocked and what to do instead. Both are null for a plain Allow.
/// </summary>
public sealed record GuardDecision(GuardVerdict Verdict, string? RuleId, string? Reason)
{
    /// <summary>Shared so that the common case (nothing found) allocates nothing.</summary>
    public static GuardDecision Allowed { get; } = new(GuardVerdict.Allow, null, null);
}
