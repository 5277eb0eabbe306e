using System.Text.Json.Nodes;
using Steward.Core.Configuration;
using Steward.Testing;

namespace Steward.Core.Tests.Configuration;

public sealed class StewardConfigTests
{
    [Fact]
    public void Malformed_json_names_the_line()
    {
        var error = Assert.Throws<StewardException>(() => StewardConfig.Parse("{\n  \"name\": \"x\",\n  oops\n}", "/h/config.json"));

        Assert.Contains("/h/config.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_this_version_does_not_know_survive_a_save()
    {
        using var directory = new TempDirectory("cf");
        var path = directory.Combine("config.json");
        var config = StewardConfig.Parse("""{ "name": "Ada", "telegram": { "allowed_user_ids": [42] } }""", path);

        config.Save(path);

        var saved = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal(42, saved["telegram"]!["allowed_user_ids"]![0]!.GetValue<int>());
        Assert.Equal("Ada", StewardConfig.Load(path).Name);
    }

    [Fact]
    public void Names_are_saved_readable_for_hand_editing()
    {
        using var directory = new TempDirectory("cf");
        var path = directory.Combine("config.json");

        StewardConfig.CreateDefault("Zoë").Save(path);

        Assert.Contains("\"name\": \"Zoë\"", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal("Zoë", StewardConfig.Load(path).Name);
    }

    [Fact]
    public void An_unknown_time_zone_is_rejected()
    {
        var error = Assert.Throws<StewardException>(() => StewardConfig.Parse("""{ "timezone": "Mars/Olympus" }""", "c.json"));
        Assert.Contains("Mars/Olympus", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_named()
    {
        var error = Assert.Throws<StewardException>(() => StewardConfig.Parse("""{ "queue": { "retention_days": "ten" } }""", "c.json"));
        Assert.Contains("queue.retention_days", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "threadline": { "public_url": "bob.example.com:4041" } }""")]
    [InlineData("""{ "threadline": { "public_url": "ftp://bob.example.com" } }""")]
    public void A_threadline_public_url_must_be_an_http_url(string json)
    {
        var error = Assert.Throws<StewardException>(() => StewardConfig.Parse(json, "c.json"));

        Assert.Contains("threadline.public_url", error.Message, StringComparison.Ordinal);
        Assert.Equal("https://bob.example.com/tl", StewardConfig.Parse("""{ "threadline": { "public_url": "https://bob.example.com/tl" } }""", "c.json").ThreadlinePublicUrl);
    }

    [Theory]
    [InlineData("""{ "hooks": { "identity_budget_tokens": 199 } }""")]
    [InlineData("""{ "hooks": { "identity_budget_tokens": 2401 } }""")]
    [InlineData("""{ "hooks": { "prompt_budget_tokens": 100 } }""")]
    [InlineData("""{ "hooks": { "prompt_budget_tokens": -1 } }""")]
    public void Hook_budgets_outside_what_claude_code_and_the_assembler_accept_are_rejected(string json)
    {
        var error = Assert.Throws<StewardException>(() => StewardConfig.Parse(json, "c.json"));

        Assert.Contains("hooks.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "hooks": { "identity_budget_tokens": 200, "prompt_budget_tokens": 0 } }""", 200, 0)]
    [InlineData("""{ "hooks": { "identity_budget_tokens": 2400, "prompt_budget_tokens": 2400 } }""", 2400, 2400)]
    [InlineData("{}", 2000, 600)]
    public void Hook_budgets_within_limits_are_read(string json, int identity, int prompt)
    {
        var config = StewardConfig.Parse(json, "c.json");

        Assert.Equal(identity, config.HooksIdentityBudgetTokens);
        Assert.Equal(prompt, config.HooksPromptBudgetTokens);
    }

    [Fact]
    public void Defaults_apply_when_keys_are_missing()
    {
        var config = StewardConfig.Parse("{}", "c.json");

        Assert.Equal("steward", config.Name);
        Assert.Null(config.TimeZone);
        Assert.Equal(30, config.QueueRetentionDays);
    }
}
