using System.Diagnostics;
using System.Text;
using Steward.Core.Guard;

namespace Steward.Core.Tests.Guard;

/// <summary>
/// The guard runs on every Bash call and must never fail open: for any input it returns a
/// decision, and it gets there by analysis (not by its catch-all, which would mean a bug).
/// </summary>
public sealed class GuardFuzzTests
{
    private static readonly string[] Vocabulary =
    [
        "rm", "-rf", "/", "~", "$HOME", "${HOME}", "*", ".", "..", "sudo", "bash", "-c", "eval", "xargs", "find", "-exec", "{}", "\\;", "git", "push", "-f",
        "psql", "-c", "'DROP TABLE t'", "curl", "|", "||", "&&", "&", ";", ";;", "\n", "(", ")", "{", "}", "$(", "`", "<(", ">(", "<<", "<<-", "<<<", "EOF",
        "'", "\"", "$'", "\\", "#", ">", ">>", "2>&1", "&>", "if", "then", "fi", "for", "in", "do", "done", "while", "case", "esac", "function", "f()",
        ":(){", ":|:&", "};:", "[[", "]]", "((", "))", "$((", "${", "}", "=", "X=1", "cd", "set", "-e", "dd", "of=/dev/sda", "chmod", "-R", "777",
    ];

    [Fact]
    public void Ten_thousand_random_inputs_get_a_decision_without_internal_errors()
    {
        var random = new Random(20_240_611);
        var guard = new CommandGuard(GuardPolicy.Default);
        var context = GuardHarness.Context();
        var errors = new List<string>();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 10_000; i++)
        {
            var input = i % 2 == 0 ? RandomCharacters(random) : RandomTokens(random);
            var decision = guard.Evaluate(input, context);
            Assert.NotNull(decision);
            Assert.True(Enum.IsDefined(decision.Verdict));
            if (decision.RuleId == "guard-error")
            {
                errors.Add($"{Escape(input)} -> {decision.Reason}");
            }
            else if (decision.Verdict != GuardVerdict.Allow)
            {
                Assert.False(string.IsNullOrWhiteSpace(decision.Reason));
            }
        }
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(20)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"10,000 fuzz inputs took {watch.Elapsed}");
    }

    [Fact]
    public void Pathological_nesting_is_refused_not_crashed()
    {
        var guard = GuardHarness.DefaultGuard;
        foreach (var input in new[]
        {
            new string('(', 100_000),
            string.Concat(Enumerable.Repeat("$(", 10_000)),
            string.Concat(Enumerable.Repeat("{ ", 10_000)),
            string.Concat(Enumerable.Repeat("`", 9_999)),
            string.Concat(Enumerable.Repeat("bash -c \"", 500)),
            string.Concat(Enumerable.Repeat("if true; then ", 5_000)),
            string.Concat(Enumerable.Repeat("for i in 1 2 3 4 5 6 7 8; do ", 12)) + "rm -rf ./x" + string.Concat(Enumerable.Repeat("; done", 12)),
            string.Concat(Enumerable.Repeat("<<EOF ", 5_000)),
            string.Concat(Enumerable.Repeat("${", 10_000)),
            string.Concat(Enumerable.Repeat("${\"", 50_000)),
            string.Concat(Enumerable.Repeat("\"${`", 20_000)),
            string.Concat(Enumerable.Repeat("a=(", 20_000)),
            string.Concat(Enumerable.Repeat("<(", 20_000)),
            string.Concat(Enumerable.Repeat("$((", 20_000)),
            string.Concat(Enumerable.Repeat("f() ", 20_000)),
            string.Concat(Enumerable.Repeat("function ", 20_000)),
            string.Concat(Enumerable.Repeat("{a,b}", 40)),
            "cat <<'EOF'\n" + new string('x', 2_000_000) + "\nEOF",
        })
        {
            var watch = Stopwatch.StartNew();
            var decision = guard.Evaluate(input, GuardHarness.Context());
            Assert.NotEqual("guard-error", decision.RuleId);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"{input[..20]}… took {watch.Elapsed}");
        }
    }

    [Fact]
    public void A_failure_inside_the_guard_denies()
    {
        var decision = GuardHarness.DefaultGuard.Evaluate("ls", null!);

        Assert.Equal(GuardVerdict.Deny, decision.Verdict);
        Assert.Equal("guard-error", decision.RuleId);
        Assert.Contains("blocked to be safe", decision.Reason, StringComparison.Ordinal);
    }

    private static string RandomCharacters(Random random)
    {
        const string Alphabet = "rmf -/~$*.'\"\\`(){}[]|&;<>#=\n\tabcEOF0123456789!?@%^+:,";
        var length = random.Next(0, 80);
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(random.Next(10) == 0 ? (char)random.Next(0, 0x3000) : Alphabet[random.Next(Alphabet.Length)]);
        }
        return builder.ToString();
    }

    private static string RandomTokens(Random random)
    {
        var count = random.Next(1, 30);
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            builder.Append(Vocabulary[random.Next(Vocabulary.Length)]);
            builder.Append(random.Next(4) == 0 ? string.Empty : " ");
        }
        return builder.ToString();
    }

    private static string Escape(string text) => text.Replace("\n", "\\n", StringComparison.Ordinal);
}
