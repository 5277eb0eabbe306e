using System.Reflection;
using System.Text.RegularExpressions;
using ModelContextProtocol.Server;
using Steward.Testing;

namespace Steward.Tests.Plugin;

/// <summary>The skills in skills/: well-formed for Claude Code, and teaching only tools that exist.</summary>
public sealed partial class SkillFilesTests
{
    private static readonly string[] Expected =
    [
        "steward-scheduler", "steward-sessions", "steward-memory", "steward-people", "steward-identity",
        "steward-telegram", "steward-threadline", "command-guard", "credential-leak-detector",
    ];

    // Tools a skill may teach before the server has them: relay discovery comes with Threadline II.
    private static readonly string[] Planned = [];

    private static string SkillsDirectory => Path.Combine(BuiltArtifacts.RepositoryRoot, "skills");

    [Fact]
    public void Every_skill_is_there_with_front_matter_naming_it_and_saying_when_to_use_it()
    {
        Assert.Equal(Expected.Order(), Directory.GetDirectories(SkillsDirectory).Select(Path.GetFileName).Order());
        foreach (var name in Expected)
        {
            var text = File.ReadAllText(Path.Combine(SkillsDirectory, name, "SKILL.md"));
            var front = FrontMatter().Match(text);
            Assert.True(front.Success, $"{name}: no front matter");
            Assert.Equal(name, front.Groups["name"].Value.Trim());
            var description = front.Groups["description"].Value.Trim();
            Assert.InRange(description.Length, 40, 1024);
            Assert.Matches("(?i)\\b(when|before|after|whenever)\\b", description);
            Assert.True(text.Length - front.Length > 1_500, $"{name}: the body is too thin to teach a workflow");
        }
    }

    [Fact]
    public void Skills_name_only_tools_the_server_has_or_that_are_planned()
    {
        var tools = typeof(Steward.Mcp.MemoryTools).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => m.GetCustomAttribute<McpServerToolAttribute>()?.Name)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("memory_search", tools);

        foreach (var name in Expected)
        {
            var text = File.ReadAllText(Path.Combine(SkillsDirectory, name, "SKILL.md"));
            foreach (Match mention in ToolMention().Matches(text))
            {
                var tool = mention.Groups["tool"].Value;
                Assert.True(tools.Contains(tool) || Planned.Contains(tool), $"{name}/SKILL.md mentions `{tool}`, which is not a Steward tool");
            }
        }
    }

    [GeneratedRegex("\\A---\\n(?=[\\s\\S]*?^name:(?<name>.*)$)(?=[\\s\\S]*?^description:(?<description>.*)$)[\\s\\S]*?\\n---\\n", RegexOptions.Multiline)]
    private static partial Regex FrontMatter();

    // A tool as a skill names it: in backticks or quotes, or with the MCP prefix; not a config key such as hooks.identity_budget_tokens.
    [GeneratedRegex("(?:(?<=[`\"])|mcp__(?:plugin_steward_)?steward__)(?<tool>(?:memory|person|schedule|session|identity|telegram|threadline)_[a-z_]+)(?=[`\"(])")]
    private static partial Regex ToolMention();
}
