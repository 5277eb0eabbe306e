using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Steward.Core.Secrets;

namespace Steward.Hooks;

/// <summary>
/// PreToolUse (Bash, Read): reading a well-known secret file asks first. PostToolUse: a tool
/// result that contains a credential is flagged to the model (kind and masked value, never the
/// secret); for MCP tools, whose output a hook may replace, the value is redacted from what the
/// model sees.
/// </summary>
internal static class CredentialScanHook
{
    private const int MaxFindingsNamed = 5;

    public static HookResult Handle(HookInput input) => input.EventName switch
    {
        "PreToolUse" => BeforeRead(input),
        "PostToolUse" => AfterTool(input),
        _ => HookResult.Nothing,
    };

    private static HookResult BeforeRead(HookInput input)
    {
        var paths = input.ToolName switch
        {
            "Read" => input.ToolInputString("file_path") is { } path ? [path] : [],
            "Bash" => input.ToolInputString("command") is { } command ? SensitiveFiles.PathsIn(command) : [],
            _ => [],
        };
        foreach (var path in paths)
        {
            if (SensitiveFiles.Describe(Resolve(path, input), ReadSmall) is { } why)
            {
                return new HookResult(HookOutput.Permission("PreToolUse", "ask",
                    $"Steward credential scan: {path} is {why}. Reading it would put its secrets into the conversation; confirm only if that is really needed."));
            }
        }
        return HookResult.Nothing;
    }

    private static HookResult AfterTool(HookInput input)
    {
        if (input.ToolResponse.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return HookResult.Nothing;
        }
        var findings = new List<SecretFinding>();
        var node = JsonNode.Parse(input.ToolResponse.GetRawText());
        var redacted = Redact(node, findings);
        if (findings.Count == 0)
        {
            return HookResult.Nothing;
        }

        var tool = input.ToolName ?? "the tool";
        var isMcp = tool.StartsWith("mcp__", StringComparison.Ordinal);
        var named = string.Join(", ", findings.Take(MaxFindingsNamed).Select(f => $"{f.Description} {f.Masked}")) + (findings.Count > MaxFindingsNamed ? $" and {findings.Count - MaxFindingsNamed} more" : "");
        var reason = new StringBuilder($"Steward credential scan: the output of {tool} contains {findings.Count} credential(s): {named}. ");
        reason.Append(isMcp
            ? "They were redacted from the result you see. "
            : "Do not repeat, store, commit or send them anywhere; tell the owner a secret was exposed so it can be rotated. ");
        var output = new HookOutput
        {
            Decision = "block",
            Reason = HookOutput.Cap(reason.ToString().TrimEnd()),
            Specific = isMcp
                ? new HookSpecificOutput { EventName = "PostToolUse", UpdatedMcpToolOutput = redacted ?? JsonValue.Create((string?)null) }
                : null,
        };
        return new HookResult(output);
    }

    /// <summary>A copy of the tool's response with every secret in every string replaced; the findings are collected.</summary>
    private static JsonNode? Redact(JsonNode? node, List<SecretFinding> findings)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    copy[key] = Redact(value, findings);
                }
                return copy;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    items.Add(Redact(item, findings));
                }
                return items;
            case JsonValue value when value.TryGetValue<string>(out var text):
                var found = SecretScanner.Scan(text);
                findings.AddRange(found);
                return found.Count == 0 ? JsonValue.Create(text) : JsonValue.Create(SecretScanner.Redact(text, found));
            default:
                return node?.DeepClone();
        }
    }

    private static string Resolve(string path, HookInput input)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            path = HookEnvironment.UserHome() + path[1..];
        }
        return Path.GetFullPath(path, HookEnvironment.WorkingDirectory(input));
    }

    /// <summary>Small config files (.npmrc, .pypirc) are looked into to see whether they hold a token.</summary>
    private static string? ReadSmall(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && info.Length <= 64 * 1024 ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
