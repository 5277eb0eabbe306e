using System.Diagnostics;
using Steward.Core.Secrets;

namespace Steward.Core.Tests.Secrets;

/// <summary>
/// Scanning runs on whatever a tool returned: binary junk, megabytes, inputs shaped to make a
/// backtracking engine blow up. It must never throw and must stay linear.
/// </summary>
public sealed class RobustnessTests
{
    [Fact]
    public void A_thousand_random_inputs_never_throw_and_findings_stay_in_bounds()
    {
        var random = new Random(1234);
        const string interesting = "sk-ant-api03-ghp_AKIAxoxb-eyJ.:/@=\"' \n\\-----BEGIN PRIVATE KEY-----password=token:AIza";
        for (var i = 0; i < 1000; i++)
        {
            var length = random.Next(0, 4000);
            var chars = new char[length];
            for (var j = 0; j < length; j++)
            {
                chars[j] = (i % 3) switch
                {
                    0 => (char)random.Next(0, 0x10000),                    // any UTF-16 unit, lone surrogates included
                    1 => (char)random.Next(0, 256),                        // binary bytes as Latin-1
                    _ => interesting[random.Next(interesting.Length)],     // fragments of secret syntax
                };
            }
            var text = new string(chars);

            var findings = SecretScanner.Scan(text);

            var end = 0;
            foreach (var finding in findings)
            {
                Assert.True(finding.Start >= end && finding.Length > 0 && finding.Start + finding.Length <= text.Length);
                end = finding.Start + finding.Length;
            }
            _ = SecretScanner.Redact(text, findings);
        }
    }

    [Fact]
    public void A_five_megabyte_string_scans_without_throwing()
    {
        var random = new Random(5);
        var bytes = new byte[5 * 1024 * 1024];
        random.NextBytes(bytes);
        var text = string.Create(bytes.Length, bytes, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)source[i];
            }
        });

        var stopwatch = Stopwatch.StartNew();
        _ = SecretScanner.Scan(text);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"{stopwatch.Elapsed}");
    }

    [Theory]
    [InlineData("eyJ")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJ")]
    [InlineData("key")]
    [InlineData("keykey=")]
    [InlineData("password=")]
    [InlineData("-----BEGIN PRIVATE KEY-----\n")]
    [InlineData("-----BEGIN PRIVATE KEY-----")]
    [InlineData("sk-ant-api03-")]
    [InlineData("://a:")]
    [InlineData("\"private_key\": \"")]
    [InlineData("DefaultEndpointsProtocol=https;")]
    [InlineData("sv=2020-01-01&")]
    [InlineData("1234567890:")]
    [InlineData("Authorization: Basic ")]
    [InlineData("Bearer ")]
    [InlineData("--password ")]
    [InlineData("A")]
    public void Repeated_prefixes_stay_linear(string unit)
    {
        // 1 MB of one prefix repeated: a quadratic scan would take minutes here.
        var text = string.Concat(Enumerable.Repeat(unit, 1024 * 1024 / unit.Length));

        var stopwatch = Stopwatch.StartNew();
        _ = SecretScanner.Scan(text);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"{unit}: {stopwatch.Elapsed}");
    }
}
