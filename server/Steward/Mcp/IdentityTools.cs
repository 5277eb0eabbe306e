using System.ComponentModel;
using System.Text;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Steward.Core.Homes;
using Steward.Core.Identity;

namespace Steward.Mcp;

/// <summary>identity_get / identity_update: thin adapters over <see cref="IdentityFiles"/>.</summary>
[McpServerToolType]
internal sealed class IdentityTools(HomeServices services)
{
    [McpServerTool(Name = "identity_get", Title = "Read the agent's identity", ReadOnly = true, Idempotent = true)]
    [Description("Read who this agent is (AGENT.md), who it serves (USER.md) and its long-term notes (MEMORY.md), plus the agent home path and whether the Steward daemon is running. Call it at the start of work or when unsure of your identity or the owner's preferences.")]
    public Task<CallToolResult> GetAsync(
        [Description("Optional: only this file (AGENT.md, USER.md or MEMORY.md). Omit to read all three.")] string? file = null,
        [Description("Optional: the task or message at hand. Instead of the raw files you get a compact context: identity, owner, standing notes, the topic's summary and the memories most relevant to this prompt, within a token budget.")] string? prompt = null,
        [Description("Optional: the conversation's topic, whose rolling summary is included in the compact context.")] string? topic = null,
        [Description("Optional: the compact context's size in tokens (200-50,000, default 2,000).")] int? budget_tokens = null,
        [Description("Optional: people in the conversation (ids, platform:handle such as telegram:123, or names), included as escaped profile blocks in the compact context.")] string[]? people = null,
        CancellationToken cancellationToken = default) => ToolResults.Guard(async () =>
    {
        var home = services.RequireHome();
        if (prompt is not null || topic is not null || people is { Length: > 0 })
        {
            var context = services.Context.Assemble(new Core.Memory.ContextRequest(prompt, topic, people, budget_tokens ?? Core.Memory.ContextAssembler.DefaultBudgetTokens));
            return ToolResults.Success(context, new JsonObject { ["home"] = home.Root, ["topic"] = topic, ["context"] = context });
        }
        var identity = services.Identity;
        var documents = file is null ? identity.ReadAll() : [identity.Read(file)];
        var daemon = await services.Control.TryGetStatusAsync(TimeSpan.FromMilliseconds(750), cancellationToken);

        var text = new StringBuilder();
        text.Append($"Agent home: {home.Root}\n");
        text.Append(daemon is null
            ? "Daemon: not running (start it with `steward serve`; queued work waits until then)\n"
            : $"Daemon: running (pid {daemon.Pid}, version {daemon.Version}, up {TimeSpan.FromSeconds(Math.Round(daemon.UptimeSeconds))})\n");
        foreach (var document in documents)
        {
            text.Append($"\n===== {document.Name} ({document.Purpose}) =====\n");
            text.Append(document.Exists ? document.Content : "(missing: `steward init` recreates it)\n");
        }

        var files = new JsonArray();
        foreach (var document in documents)
        {
            files.Add(new JsonObject
            {
                ["name"] = document.Name,
                ["purpose"] = document.Purpose,
                ["exists"] = document.Exists,
                ["bytes"] = document.Bytes,
                ["modified_at"] = document.ModifiedAt?.ToString("O"),
                ["content"] = document.Content,
            });
        }
        return ToolResults.Success(text.ToString(), new JsonObject
        {
            ["home"] = home.Root,
            ["daemon"] = daemon is null
                ? new JsonObject { ["running"] = false }
                : new JsonObject
                {
                    ["running"] = true,
                    ["pid"] = daemon.Pid,
                    ["version"] = daemon.Version,
                    ["uptime_seconds"] = Math.Round(daemon.UptimeSeconds, 1),
                },
            ["files"] = files,
        });
    });

    [McpServerTool(Name = "identity_update", Title = "Update the agent's identity", Destructive = true)]
    [Description("Change one identity file: AGENT.md (who the agent is), USER.md (who it serves) or MEMORY.md (long-term notes shown at every session start). Mode \"append\" (default) adds a paragraph at the end; \"replace\" rewrites the whole file (the old version is kept under history/identity/). Keep these files short; put details in searchable memory instead.")]
    public Task<CallToolResult> UpdateAsync(
        [Description("Which file: AGENT.md, USER.md or MEMORY.md.")] string file,
        [Description("The Markdown to write: for append, the new paragraph; for replace, the whole new file. At most 65,536 characters.")] string text,
        [Description("\"append\" (default) or \"replace\".")] string? mode = null,
        CancellationToken cancellationToken = default) => ToolResults.Guard(async () =>
    {
        var result = await services.Identity.UpdateAsync(file, text, IdentityFiles.ParseMode(mode), cancellationToken);
        var verb = result.Mode == IdentityUpdateMode.Replace ? "Replaced" : "Appended to";
        var summary = $"{verb} {result.Document.Name}: {result.PreviousBytes:N0} → {result.Document.Bytes:N0} bytes."
            + (result.BackupPath is null ? "" : $" Previous version kept at {result.BackupPath}.");
        return ToolResults.Success(summary, new JsonObject
        {
            ["file"] = result.Document.Name,
            ["mode"] = result.Mode == IdentityUpdateMode.Replace ? "replace" : "append",
            ["previous_bytes"] = result.PreviousBytes,
            ["bytes"] = result.Document.Bytes,
            ["backup_path"] = result.BackupPath,
        });
    });
}
