using Steward.Core.Guard;

namespace Steward.Core.Tests.Guard;

/// <summary>
/// Every row of dangerous-commands.tsv (the rules, in the spellings people and models use to get
/// around naive guards) must get its verdict from its rule.
/// </summary>
public sealed class DangerousCommandTests
{
    public static TheoryData<string, string, string, string> Rows()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var (verdict, rule, directory, command) in GuardHarness.DangerousTable())
        {
            data.Add(verdict.ToString(), rule, directory ?? "-", command);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Dangerous_command_gets_its_verdict_from_its_rule(string verdict, string rule, string directory, string command)
    {
        var decision = GuardHarness.Evaluate(command, directory == "-" ? null : directory);

        Assert.True(decision.Verdict.ToString() == verdict && decision.RuleId == rule,
            $"{command}\n  expected {verdict} by {rule}\n  got {decision.Verdict} by {decision.RuleId}: {decision.Reason}");
        Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
    }

    [Fact]
    public void The_table_covers_every_rule()
    {
        var covered = GuardHarness.DangerousTable().Select(row => row.Rule).ToHashSet();

        Assert.All(CommandGuard.RuleIds, id => Assert.Contains(id, covered));
    }
}
