using Steward.Core.Secrets;

namespace Steward.Core.Tests.Secrets;

public sealed class SecretScannerTests
{
    private readonly FakeSecrets _fake = new(99);

    [Fact]
    public void Findings_are_ordered_non_overlapping_and_redaction_replaces_each()
    {
        var aws = "AKIA" + _fake.Random(FakeSecrets.Upper32, 16);
        var password = _fake.Random(FakeSecrets.Base62, 16);
        var text = $"DB_PASSWORD={password}\nexport AWS_ACCESS_KEY_ID={aws}\nPATH=/usr/bin\n";

        var findings = SecretScanner.Scan(text);

        Assert.Equal(["password-assignment", "aws-access-key-id"], findings.Select(f => f.Kind));
        Assert.True(findings[0].Start + findings[0].Length <= findings[1].Start);
        Assert.Equal("DB_PASSWORD=[REDACTED:password-assignment]\nexport AWS_ACCESS_KEY_ID=[REDACTED:aws-access-key-id]\nPATH=/usr/bin\n", SecretScanner.Redact(text, findings));
    }

    [Fact]
    public void Overlapping_hits_merge_under_the_most_specific_kind()
    {
        var token = _fake.GitHub("ghp");
        var text = $"GITHUB_TOKEN={token}";

        var finding = Assert.Single(SecretScanner.Scan(text));

        Assert.Equal("github-pat", finding.Kind);
        Assert.Equal(token, text.Substring(finding.Start, finding.Length));
    }

    [Fact]
    public void Redacted_output_scans_clean()
    {
        var text = string.Join('\n', ProviderCases.All().Select(c => c.Text));

        var findings = SecretScanner.Scan(text);
        var redacted = SecretScanner.Redact(text, findings);

        Assert.Empty(SecretScanner.Scan(redacted));
        Assert.All(ProviderCases.All(), c => Assert.DoesNotContain(c.Secret, redacted, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "… (0 chars)")]
    [InlineData("abc", "… (3 chars)")]
    [InlineData("hunter22", "hu…2 (8 chars)")]
    [InlineData("AKIAABCDEFGHIJKLMNXY", "AKIA…XY (20 chars)")]
    [InlineData("line1\nline2\nline3\nline4", "line…e4 (23 chars)")]
    [InlineData("\n\t-----BEGIN", "··-…N (12 chars)")]
    public void A_mask_shows_at_most_a_quarter_of_the_head_and_an_eighth_of_the_tail(string secret, string expected)
    {
        Assert.Equal(expected, SecretMask.Mask(secret));
    }

    [Fact]
    public void Redact_ignores_findings_that_overlap_or_fall_outside_the_text()
    {
        var findings = new[]
        {
            new SecretFinding("a", "", 2, 3, ""),
            new SecretFinding("b", "", 3, 3, ""),
            new SecretFinding("c", "", 8, 5, ""),
        };

        Assert.Equal("01[REDACTED:a]56789", SecretScanner.Redact("0123456789", findings));
        Assert.Equal("unchanged", SecretScanner.Redact("unchanged", []));
    }

    [Fact]
    public void Every_kind_is_listed_once_with_at_least_25_provider_patterns()
    {
        Assert.Contains("github-pat", SecretScanner.Kinds);
        Assert.Contains("high-entropy-secret", SecretScanner.Kinds);
        Assert.True(SecretScanner.Kinds.Count(k => k is not ("password-assignment" or "secret-assignment" or "high-entropy-secret")) >= 25);
    }

    [Theory]
    [InlineData("password=hunter2")]                  // 7 characters: too short to be judged a credential
    [InlineData("password: correcthorsebattery")]     // one character class: a name, not a secret (documented trade-off)
    [InlineData("DB_PASSWORD=DB_PASSWORD_VALUE")]
    [InlineData("secret = config.get_secret()")]
    [InlineData("token = self.auth.token")]
    [InlineData("api_key: ${{ secrets.API_KEY }}")]
    [InlineData("password = os.environ['DB_PASSWORD']")]
    [InlineData("\"password\": \"${DB_PASSWORD}\"")]
    [InlineData("set password=%DB_PASSWORD%")]
    [InlineData("const apiKey = process.env.API_KEY;")]
    [InlineData("if (password == storedPassword2) return;")]
    [InlineData("PWD=/home/ada/projects/steward")]
    [InlineData("token_url: https://oauth2.googleapis.com/token")]
    [InlineData("postgres://app:password@localhost/app")]
    [InlineData("postgres://app:${PGPASSWORD}@localhost/app")]
    [InlineData("mysql://root:****@db/app")]
    [InlineData("Authorization: Bearer <token>")]
    [InlineData("Authorization: Bearer ${API_TOKEN}")]
    [InlineData("Authorization: Basic dXNlcjpwYXNzd29yZA==")] // user:password
    [InlineData("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----")]
    [InlineData("next_token = 'AbC123dEf456GhI789jKl012MnO345'")]
    public void Placeholders_references_and_code_are_not_secrets(string text)
    {
        Assert.Empty(SecretScanner.Scan(text));
    }

    [Fact]
    public void A_JWT_needs_a_signature_unless_its_algorithm_is_none()
    {
        var unsignedHs256 = _fake.Jwt("HS256", signed: false);
        var none = _fake.Jwt("none", signed: false);

        Assert.Empty(SecretScanner.Scan($"header {unsignedHs256} end"));
        var finding = Assert.Single(SecretScanner.Scan($"header {none} end"));
        Assert.Contains("none", finding.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_private_key_header_without_a_key_body_is_not_a_finding()
    {
        Assert.Empty(SecretScanner.Scan("grep -l '-----BEGIN RSA PRIVATE KEY-----' *.pem"));
        Assert.Single(SecretScanner.Scan($"-----BEGIN PRIVATE KEY-----\n{_fake.PemBody(1)}"));
    }

    [Fact]
    public void A_service_account_key_needs_the_service_account_type()
    {
        var key = "-----BEGIN PRIVATE KEY-----\\n" + _fake.PemBody().Replace("\n", "\\n", StringComparison.Ordinal) + "\\n-----END PRIVATE KEY-----\\n";

        // Without the marker the key is still a private key, just not a service-account one.
        Assert.Equal("private-key", Assert.Single(SecretScanner.Scan($"{{\"private_key\": \"{key}\"}}")).Kind);
        Assert.Equal("google-service-account-key", Assert.Single(SecretScanner.Scan($"{{\"private_key\": \"{key}\", \"type\": \"service_account\"}}")).Kind);
    }

    [Fact]
    public void The_entropy_check_needs_a_keyword_and_random_content()
    {
        var random = _fake.Random(FakeSecrets.Base62, 32);

        Assert.Empty(SecretScanner.Scan($"checksum: {random}"));
        Assert.Single(SecretScanner.Scan($"signing_key: {random}"));
        Assert.Empty(SecretScanner.Scan("signing_key: getAccessTokenFromRefreshToken2"));
        Assert.Empty(SecretScanner.Scan($"signing_key: {new string('a', 20)}{random[..12]}"));
        Assert.True(HighEntropySecrets.Entropy(random) >= HighEntropySecrets.Threshold(random.Length, hex: false));
    }
}
