namespace Steward.Core.Guard.Analysis;

/// <summary>
/// Keeps the strongest finding of one evaluation after applying the policy's rule modes: an
/// uncertain finding (an unresolved variable, a cd that may have failed) asks instead of denying.
/// </summary>
internal sealed class FindingCollector(GuardPolicy policy)
{
    private const string UncertainNote = " Asking rather than blocking because part of the command could not be resolved for certain.";

    private GuardDecision? _best;

    public bool Denied => _best?.Verdict == GuardVerdict.Deny;

    public GuardDecision Result => _best ?? GuardDecision.Allowed;

    /// <summary>False when the policy turned the rule off: callers may skip work that only feeds it.</summary>
    public bool IsEnabled(GuardRuleId rule) => policy.Modes[(int)rule] != RuleMode.Off;

    /// <summary>
    /// Above zero while the walker analyses text it only guesses is a command (string literals in
    /// python -c code): findings there ask instead of denying.
    /// </summary>
    public int Speculative { get; set; }

    public void Report(GuardRuleId rule, GuardVerdict suggested, bool uncertain, string reason)
    {
        uncertain |= Speculative > 0;
        var verdict = policy.Modes[(int)rule] switch
        {
            RuleMode.Off => GuardVerdict.Allow,
            RuleMode.Deny => GuardVerdict.Deny,
            RuleMode.Ask => GuardVerdict.Ask,
            _ => suggested,
        };
        if (uncertain && verdict == GuardVerdict.Deny)
        {
            verdict = GuardVerdict.Ask;
            reason += UncertainNote;
        }
        if (verdict == GuardVerdict.Allow || (_best is not null && _best.Verdict >= verdict))
        {
            return;
        }
        _best = new GuardDecision(verdict, GuardRuleIds.Of(rule), reason);
    }
}
