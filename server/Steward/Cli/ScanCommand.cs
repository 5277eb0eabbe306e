using System.CommandLine;
using System.Text.Json.Nodes;
using Steward.Core;
using Steward.Core.Secrets;

namespace Steward.Cli;

/// <summary>`steward scan <file|dir|->`: the credential scanner the hooks use, for pre-commit checks and scripts.</summary>
internal static class ScanCommand
{
    /// <summary>Distinct from failure (1) so a pre-commit hook can tell "found secrets" from "could not scan".</summary>
    public const int CredentialsFound = 4;

    public static Command Create()
    {
        var paths = new Argument<string[]>("path") { Description = "Files or directories to scan; - reads standard input.", Arity = ArgumentArity.OneOrMore };
        var json = CliContext.JsonOption();
        var redact = new Option<bool>("--redact") { Description = "Print the input with every credential replaced instead of a report (one file or -)." };
        var command = new Command("scan", $"Look for credentials (API keys, tokens, private keys, passwords in URLs). Exit 0 when clean, {CredentialsFound} when something was found.")
        {
            paths, json, redact,
        };
        command.SetGuardedAction(async (parse, cancellationToken) =>
        {
            var targets = parse.GetValue(paths) ?? [];
            if (parse.GetValue(redact))
            {
                return await RedactAsync(targets, cancellationToken);
            }
            var report = SourceScan.Run(targets, () => Console.In.ReadToEnd());
            if (parse.GetValue(json))
            {
                Console.WriteLine(ToJson(report).ToJsonString());
            }
            else
            {
                Print(report);
            }
            return report.Findings.Count == 0 ? CliAction.Success : CredentialsFound;
        });
        return command;
    }

    private static async Task<int> RedactAsync(string[] targets, CancellationToken cancellationToken)
    {
        if (targets.Length != 1 || Directory.Exists(targets[0]))
        {
            throw new StewardException("--redact takes exactly one file or - (standard input).");
        }
        var text = targets[0] == SourceScan.StandardInput
            ? await Console.In.ReadToEndAsync(cancellationToken)
            : File.Exists(targets[0]) ? await File.ReadAllTextAsync(targets[0], cancellationToken)
            : throw new StewardException($"No such file: {targets[0]}");
        var findings = SecretScanner.Scan(text);
        Console.Out.Write(SecretScanner.Redact(text, findings));
        return findings.Count == 0 ? CliAction.Success : CredentialsFound;
    }

    private static void Print(SourceScanReport report)
    {
        foreach (var hit in report.Findings)
        {
            Console.WriteLine($"{hit.Source}:{hit.Line}:{hit.Column}: {hit.Finding.Description} ({hit.Finding.Kind}) {hit.Finding.Masked}");
        }
        foreach (var note in report.Skipped)
        {
            Console.Error.WriteLine($"steward scan: skipped {note}");
        }
        Console.Error.WriteLine(report.Findings.Count == 0
            ? $"No credentials found in {report.SourcesScanned} source(s)."
            : $"{report.Findings.Count} credential(s) found in {report.SourcesScanned} source(s).");
    }

    private static JsonObject ToJson(SourceScanReport report) => new()
    {
        ["findings"] = new JsonArray([.. report.Findings.Select(hit => (JsonNode)new JsonObject
        {
            ["source"] = hit.Source,
            ["line"] = hit.Line,
            ["column"] = hit.Column,
            ["kind"] = hit.Finding.Kind,
            ["description"] = hit.Finding.Description,
            ["masked"] = hit.Finding.Masked,
        })]),
        ["sources_scanned"] = report.SourcesScanned,
        ["skipped"] = new JsonArray([.. report.Skipped.Select(s => (JsonNode)JsonValue.Create(s))]),
    };
}
