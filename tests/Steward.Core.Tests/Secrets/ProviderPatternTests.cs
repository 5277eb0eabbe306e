using Steward.Core.Secrets;

namespace Steward.Core.Tests.Secrets;

public sealed class ProviderPatternTests
{
    public static TheoryData<ProviderCase> Cases => [.. ProviderCases.All()];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_provider_format_is_found_with_its_kind_masked_and_redacted(ProviderCase @case)
    {
        var findings = SecretScanner.Scan(@case.Text);

        var finding = Assert.Single(findings);
        Assert.Equal(@case.Kind, finding.Kind);
        Assert.Equal(@case.Secret, @case.Text.Substring(finding.Start, finding.Length));
        Assert.False(string.IsNullOrWhiteSpace(finding.Description));
        AssertMaskHides(@case.Secret, finding.Masked);

        var redacted = SecretScanner.Redact(@case.Text, findings);
        Assert.Contains($"[REDACTED:{@case.Kind}]", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain(@case.Secret, redacted, StringComparison.Ordinal);
        Assert.Equal(@case.Text.Replace(@case.Secret, $"[REDACTED:{@case.Kind}]", StringComparison.Ordinal), redacted);
    }

    [Fact]
    public void Every_kind_has_a_case_and_there_are_at_least_25_provider_patterns()
    {
        var covered = ProviderCases.All().Select(c => c.Kind).ToHashSet(StringComparer.Ordinal);

        Assert.All(SecretScanner.Kinds, kind => Assert.Contains(kind, covered));
        Assert.True(SecretScanner.Kinds.Count >= 25 + 3, $"{SecretScanner.Kinds.Count} kinds");
        Assert.Equal(SecretScanner.Kinds.Count, SecretScanner.Kinds.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void A_GitHub_look_alike_with_a_wrong_checksum_is_not_reported()
    {
        var fake = new FakeSecrets(7);
        foreach (var prefix in new[] { "ghp", "gho", "ghu", "ghs", "ghr" })
        {
            var valid = fake.GitHub(prefix);
            var lastChar = valid[^1] == 'a' ? 'b' : 'a';
            var wrongChecksum = valid[..^1] + lastChar;
            var noChecksum = $"{prefix}_{fake.Random(FakeSecrets.Base62, 36)}";

            Assert.Single(SecretScanner.Scan($"see {valid} in the log"));
            Assert.Empty(SecretScanner.Scan($"see {wrongChecksum} in the log"));
            Assert.Empty(SecretScanner.Scan($"see {noChecksum} in the log"));
        }
    }

    [Theory]
    // Vectors computed with Python's zlib.crc32 and a digits+upper+lower base62 alphabet, the scheme
    // GitHub describes in "Behind GitHub's new authentication token formats".
    [InlineData("wP7Ffq2Rg3Ct9kXmZs4LbN8hJvA1Ye", "2mQEWX")]
    [InlineData("000000000000000000000000000000", "2C8GjS")]
    public void The_checksum_matches_an_independent_implementation(string body, string expected)
    {
        Assert.Equal(expected, FakeSecrets.Base62Checksum(body));
        Assert.Equal(expected, GitHubChecksum.Checksum(body));
        Assert.True(GitHubChecksum.IsValid(body + expected));
    }

    internal static void AssertMaskHides(string secret, string masked)
    {
        var visible = masked[..masked.LastIndexOf(" (", StringComparison.Ordinal)].Replace("…", "", StringComparison.Ordinal);
        Assert.True(visible.Length <= 6, $"mask '{masked}' shows {visible.Length} characters");
        Assert.DoesNotContain(secret, masked, StringComparison.Ordinal);
        Assert.EndsWith($"({secret.Length} chars)", masked, StringComparison.Ordinal);
    }
}
