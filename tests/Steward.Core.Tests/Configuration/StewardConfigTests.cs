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

    [Fact]
    public void Defaults_apply_when_keys_are_missing()
    {
        var config = StewardConfig.Parse("{}", "c.json");

        Assert.Equal("steward", config.Name);
        Assert.Null(config.TimeZone);
        Assert.Equal(30, config.QueueRetentionDays);
    }
}
