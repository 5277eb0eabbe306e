using Steward.Core.Guard;

namespace Steward.Core.Tests.Guard;

/// <summary>Commands that discard uncommitted work depend on whether there is any: deny, allow, or ask when unknown.</summary>
public sealed class GitDiscardTests
{
    [Theory]
    [InlineData("git reset --hard HEAD~3")]
    [InlineData("git clean -fdx")]
    [InlineData("git checkout -- .")]
    [InlineData("git restore --worktree .")]
    public void Denied_with_uncommitted_work_and_allowed_without(string command)
    {
        var withWork = GuardHarness.DefaultGuard.Evaluate(command, GuardHarness.Context(hasUncommittedWork: _ => true));
        var clean = GuardHarness.DefaultGuard.Evaluate(command, GuardHarness.Context(hasUncommittedWork: _ => false));

        Assert.Equal(GuardVerdict.Deny, withWork.Verdict);
        Assert.Equal("git-discard-uncommitted", withWork.RuleId);
        Assert.Contains("git stash", withWork.Reason, StringComparison.Ordinal);
        Assert.Equal(GuardVerdict.Allow, clean.Verdict);
    }

    [Fact]
    public void Without_a_way_to_check_it_asks()
    {
        var context = new GuardContext(GuardHarness.Project, GuardHarness.Project, GuardHarness.Home);

        var decision = GuardHarness.DefaultGuard.Evaluate("git reset --hard", context);

        Assert.Equal(GuardVerdict.Ask, decision.Verdict);
        Assert.Equal("git-discard-uncommitted", decision.RuleId);
    }

    [Fact]
    public void A_failing_check_asks()
    {
        var decision = GuardHarness.DefaultGuard.Evaluate("git clean -f", GuardHarness.Context(hasUncommittedWork: _ => throw new IOException("git not found")));

        Assert.Equal(GuardVerdict.Ask, decision.Verdict);
    }

    [Fact]
    public void The_check_runs_only_for_discarding_commands_once_per_directory_in_the_directory_git_uses()
    {
        var asked = new List<string>();
        var context = GuardHarness.Context(hasUncommittedWork: directory =>
        {
            asked.Add(directory);
            return false;
        });

        GuardHarness.DefaultGuard.Evaluate("git status && git log --oneline && git diff", context);
        Assert.Empty(asked);

        GuardHarness.DefaultGuard.Evaluate("git -C sub reset --hard; git -C sub clean -fd; cd other && git stash drop", context);
        Assert.Equal(["/home/u/project/sub", "/home/u/project/other"], asked);
    }

    [Fact]
    public void A_bare_force_with_lease_push_follows_the_current_branch()
    {
        var onMain = GuardHarness.DefaultGuard.Evaluate("git push --force-with-lease", GuardHarness.Context(currentBranch: _ => "main"));
        var onFeature = GuardHarness.DefaultGuard.Evaluate("git push --force-with-lease", GuardHarness.Context(currentBranch: _ => "feature/x"));
        var unknown = GuardHarness.DefaultGuard.Evaluate("git push --force-with-lease", new GuardContext(GuardHarness.Project, GuardHarness.Project, GuardHarness.Home));

        Assert.Equal(GuardVerdict.Deny, onMain.Verdict);
        Assert.Equal(GuardVerdict.Allow, onFeature.Verdict);
        Assert.Equal(GuardVerdict.Ask, unknown.Verdict);
    }
}
