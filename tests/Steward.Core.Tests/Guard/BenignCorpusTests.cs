using Steward.Core.Guard;

namespace Steward.Core.Tests.Guard;

/// <summary>
/// A guard that cries wolf gets switched off. Every command in benign-commands.txt (builds, tests,
/// git, package managers, project-local file work, and text that merely mentions dangerous
/// commands) must be allowed.
/// </summary>
public sealed class BenignCorpusTests
{
    [Fact]
    public void The_corpus_holds_at_least_300_commands()
    {
        Assert.True(GuardHarness.BenignCorpus().Count() >= 300);
    }

    [Fact]
    public void Every_benign_command_is_allowed()
    {
        var wrong = GuardHarness.BenignCorpus()
            .Select(command => (Command: command, Decision: GuardHarness.Evaluate(command)))
            .Where(row => row.Decision.Verdict != GuardVerdict.Allow)
            .Select(row => $"{row.Command}\n  -> {row.Decision.Verdict} by {row.Decision.RuleId}: {row.Decision.Reason}")
            .ToList();

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }
}
