using Steward.Core.Guard;

namespace Steward.Core.Tests.Guard;

/// <summary>The guard follows cd, variables and subshells the way bash would.</summary>
public sealed class ScopeTrackingTests
{
    [Theory]
    [InlineData("(cd /tmp/x); rm -rf ./build")]
    [InlineData("(cd /) && rm -rf ./build")]
    [InlineData("cd /tmp/work && rm -rf *")]
    [InlineData("set -e; cd /tmp/work; rm -rf *")]
    [InlineData("cd /tmp/work || exit 1; rm -rf *")]
    [InlineData("X=/tmp/out; rm -rf $X")]
    [InlineData("HOME=/tmp/fakehome; rm -rf ~")]
    [InlineData("for d in build dist; do rm -rf \"$d\"; done")]
    public void Allowed_where_the_effect_stays_away_from_critical_places(string command)
    {
        var decision = GuardHarness.Evaluate(command);

        Assert.True(decision.Verdict == GuardVerdict.Allow, $"{command}: {decision.Verdict} {decision.Reason}");
    }

    [Theory]
    [InlineData("cd /tmp/work & rm -rf *")]
    [InlineData("cd / | true; rm -rf *")]
    [InlineData("(cd /tmp/work); rm -rf *")]
    [InlineData("cd /tmp/x; cd /; rm -rf *")]
    [InlineData("X=/tmp/out; X=/; rm -rf $X")]
    [InlineData("unset HOME; rm -rf $HOME/")]
    public void Denied_where_bash_would_land_on_a_critical_place(string command)
    {
        var decision = GuardHarness.Evaluate(command);

        Assert.True(decision.Verdict == GuardVerdict.Deny, $"{command}: {decision.Verdict} {decision.Reason}");
    }

    [Fact]
    public void The_reason_names_the_place_and_a_safer_alternative()
    {
        var decision = GuardHarness.Evaluate("rm -rf ../..", "/home/u/project/a/b");

        Assert.Equal("rm-recursive-critical", decision.RuleId);
        Assert.Contains("/home/u/project", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("rm -rf ./build", decision.Reason, StringComparison.Ordinal);
    }
}
