using Steward.Core.Secrets;

namespace Steward.Core.Tests.Secrets;

/// <summary>
/// Realistic tool output full of secret-looking strings that are not secrets (TestData/Secrets/benign):
/// git SHAs, lock-file hashes, UUIDs, digests, a base64 PNG, SSH public keys, certificates, code that
/// reads secrets from the environment, .env.example placeholders and AWS's documented example keys.
/// Not one finding is allowed: every false positive would block or redact a harmless tool result.
/// </summary>
public sealed class BenignCorpusTests
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "TestData", "Secrets", "benign");

    public static TheoryData<string> Files => [.. System.IO.Directory.GetFiles(Directory).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Files))]
    public void A_benign_file_has_no_findings_whole_or_line_by_line(string file)
    {
        var text = File.ReadAllText(Path.Combine(Directory, file));

        var findings = SecretScanner.Scan(text);
        Assert.True(findings.Count == 0, Describe(text, findings));
        foreach (var line in text.Split('\n'))
        {
            var lineFindings = SecretScanner.Scan(line);
            Assert.True(lineFindings.Count == 0, Describe(line, lineFindings));
        }
    }

    [Fact]
    public void The_corpus_is_large_enough_to_mean_something()
    {
        var lines = System.IO.Directory.GetFiles(Directory).Sum(f => File.ReadAllLines(f).Length);

        Assert.True(lines >= 100, $"{lines} lines");
        Assert.True(System.IO.Directory.GetFiles(Directory).Length >= 10);
    }

    [Theory]
    [InlineData("aws_access_key_id = AKIAIOSFODNN7EXAMPLE")]
    [InlineData("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("AKIAI44QH8DHBEXAMPLE je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY")]
    public void AWS_documented_example_keys_are_not_findings(string line)
    {
        Assert.Empty(SecretScanner.Scan(line));
    }

    private static string Describe(string text, IReadOnlyList<SecretFinding> findings) =>
        string.Join('\n', findings.Select(f => $"{f.Kind} at {f.Start}: …{text.Substring(Math.Max(0, f.Start - 40), Math.Min(f.Start, 40))}[{text.Substring(f.Start, Math.Min(f.Length, 60))}]"));
}
