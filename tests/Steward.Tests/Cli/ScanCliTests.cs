using System.Text.Json.Nodes;
using Steward.Testing;

namespace Steward.Tests.Cli;

/// <summary>`steward scan`: the credential scanner from the command line, as a pre-commit check would use it.</summary>
public sealed class ScanCliTests : IDisposable
{
    // Format-valid but fake: AKIA + 16 characters of base32.
    private const string AwsKey = "AKIAZ7QW3RT5YU2IOP4M";

    private readonly TempDirectory _directory = new("scan");

    [Fact]
    public async Task A_tree_with_a_key_is_reported_with_line_column_and_masked_value_and_exit_code_4()
    {
        var tree = _directory.Combine("repo");
        Directory.CreateDirectory(Path.Combine(tree, "src"));
        Directory.CreateDirectory(Path.Combine(tree, "node_modules", "left-pad"));
        File.WriteAllText(Path.Combine(tree, "README.md"), "# Project\nNothing secret here: commit 3f2c9a1b7e4d5c6b8a9f0e1d2c3b4a5968776655.\n");
        File.WriteAllText(Path.Combine(tree, "src", "deploy.sh"), $"#!/bin/sh\nexport REGION=eu-west-1\n  aws_key={AwsKey} ./deploy\n");
        File.WriteAllText(Path.Combine(tree, "node_modules", "left-pad", "leak.txt"), $"key {AwsKey}\n");
        File.WriteAllBytes(Path.Combine(tree, "logo.png"), [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0]);

        using var scan = await Run([ "scan", tree ]);

        Assert.True(scan.ExitCode == 4, scan.Stderr);
        var line = Assert.Single(scan.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"{Path.Combine(tree, "src", "deploy.sh")}:3:11: ", line, StringComparison.Ordinal);
        Assert.Contains("(aws-access-key-id)", line, StringComparison.Ordinal);
        Assert.DoesNotContain(AwsKey, scan.Stdout + scan.Stderr, StringComparison.Ordinal);
        Assert.Contains("node_modules folders are not scanned", scan.Stderr, StringComparison.Ordinal);
        Assert.Contains("logo.png: binary", scan.Stderr, StringComparison.Ordinal);
        Assert.Contains("1 credential(s) found in 2 source(s).", scan.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clean_standard_input_exits_0()
    {
        using var scan = await Run(["scan", "-"], "build ok in 812 ms\nuuid 4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f\n");

        Assert.True(scan.ExitCode == 0, scan.Stderr);
        Assert.Equal("", scan.Stdout);
        Assert.Contains("No credentials found in 1 source(s).", scan.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redact_prints_the_input_with_the_secret_replaced()
    {
        using var scan = await Run(["scan", "--redact", "-"], $"line one\nAWS_ACCESS_KEY_ID={AwsKey}\nline three\n");

        Assert.Equal(4, scan.ExitCode);
        Assert.DoesNotContain(AwsKey, scan.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("line one\nAWS_ACCESS_KEY_ID=[REDACTED:aws-access-key-id]\nline three", scan.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_report_lists_findings_for_scripts()
    {
        var file = _directory.Combine("env.txt");
        File.WriteAllText(file, $"x\n\nkey = {AwsKey}\n");

        using var scan = await Run(["scan", "--json", file]);

        Assert.Equal(4, scan.ExitCode);
        var report = JsonNode.Parse(scan.Stdout)!;
        var finding = Assert.Single(report["findings"]!.AsArray())!;
        Assert.Equal(file, finding["source"]!.GetValue<string>());
        Assert.Equal(3, finding["line"]!.GetValue<int>());
        Assert.Equal(7, finding["column"]!.GetValue<int>());
        Assert.Equal("aws-access-key-id", finding["kind"]!.GetValue<string>());
        Assert.DoesNotContain(AwsKey, finding["masked"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, report["sources_scanned"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_missing_path_is_a_clear_error_before_anything_is_scanned()
    {
        using var scan = await Run(["scan", _directory.Combine("nope.txt")]);

        Assert.Equal(1, scan.ExitCode);
        Assert.Contains("No such file or directory: ", scan.Stderr, StringComparison.Ordinal);
        Assert.Contains("nope.txt", scan.Stderr, StringComparison.Ordinal);
    }

    private async Task<ChildProcess> Run(string[] arguments, string? stdin = null)
    {
        var child = ChildProcess.StartSteward(_directory.Path, _directory.Path, arguments);
        await child.WriteInputAndCloseAsync(stdin ?? "");
        await child.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return child;
    }

    public void Dispose() => _directory.Dispose();
}
