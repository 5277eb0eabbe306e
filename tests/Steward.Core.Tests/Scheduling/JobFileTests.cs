using Steward.Core.Scheduling.Jobs;

namespace Steward.Core.Tests.Scheduling;

public sealed class JobFileTests
{
    private const string Full = """
        ---
        schedule: "0 9 * * 1-5"
        timezone: Europe/Berlin
        enabled: false
        priority: high
        model: sonnet
        timeout: 45
        catch_up: skip
        max_turns: 12
        allowed_tools: [Read, "Bash(git status:*)"]
        notify: always
        description: Morning summary
        ---
        Summarise yesterday's commits.
        """;

    [Fact]
    public void Every_field_is_read()
    {
        var job = JobFile.Parse("morning", Full, TimeZoneInfo.Utc);

        Assert.Equal("0 9 * * 1-5", job.ScheduleText);
        Assert.Equal("Europe/Berlin", job.Schedule.TimeZone.Id);
        Assert.False(job.Enabled);
        Assert.Equal(JobPriority.High, job.Priority);
        Assert.Equal("sonnet", job.Model);
        Assert.Equal(45, job.TimeoutMinutes);
        Assert.Equal(CatchUpPolicy.Skip, job.CatchUp);
        Assert.Equal(12, job.MaxTurns);
        Assert.Equal(["Read", "Bash(git status:*)"], job.AllowedTools);
        Assert.Equal(NotifyPolicy.Always, job.Notify);
        Assert.Equal("Morning summary", job.Description);
        Assert.Equal("Summarise yesterday's commits.", job.Prompt);
    }

    [Fact]
    public void Defaults_fill_what_the_file_leaves_out()
    {
        var job = JobFile.Parse("minimal", "---\nschedule: \"@daily\"\n---\nDo it.\n", TimeZoneInfo.Utc);

        Assert.True(job.Enabled);
        Assert.Equal(JobPriority.Normal, job.Priority);
        Assert.Null(job.Model);
        Assert.Equal(30, job.TimeoutMinutes);
        Assert.Equal(CatchUpPolicy.Once, job.CatchUp);
        Assert.Equal(NotifyPolicy.OnFailure, job.Notify);
        Assert.Equal(TimeZoneInfo.Utc, job.Schedule.TimeZone);
    }

    [Fact]
    public void Rendering_and_parsing_again_gives_the_same_job()
    {
        var job = JobFile.Parse("morning", Full, TimeZoneInfo.Utc);

        var again = JobFile.Parse("morning", JobFile.Render(job), TimeZoneInfo.Utc);

        Assert.Equal(JobFile.Render(job), JobFile.Render(again));
        Assert.Equal(job.AllowedTools, again.AllowedTools);
        Assert.Equal(job with { Schedule = null!, AllowedTools = null }, again with { Schedule = null!, AllowedTools = null });
    }

    [Theory]
    [InlineData("schedule: \"0 25 * * *\"", "hour")]
    [InlineData("schedule: \"@daily\"\nshedule: x", "unknown field \"shedule\"")]
    [InlineData("schedule: \"@daily\"\ntimezone: Mars/Base", "Mars/Base")]
    [InlineData("schedule: \"@daily\"\npriority: urgent", "priority \"urgent\"")]
    [InlineData("schedule: \"@daily\"\ntimeout: forever", "\"timeout\" must be a whole number")]
    [InlineData("schedule: \"@daily\"\ntimeout: 0", "timeout must be between 1 and 1440")]
    [InlineData("schedule: \"@daily\"\nenabled: maybe", "\"enabled\" must be true or false")]
    [InlineData("schedule: \"@daily\"\nmodel: \"gpt 5\"", "not a model")]
    [InlineData("schedule: \"@daily\"\nallowed_tools: Read", "must be a list")]
    [InlineData("timezone: UTC", "\"schedule\" is missing")]
    [InlineData("schedule: [unclosed", "not valid YAML")]
    public void Bad_fields_are_named(string frontMatter, string expected)
    {
        var error = Assert.Throws<StewardException>(() => JobFile.Parse("job", $"---\n{frontMatter}\n---\nDo it.\n", TimeZoneInfo.Utc));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no front matter at all", "must start with YAML front matter")]
    [InlineData("---\nschedule: \"@daily\"\nDo it.\n", "no closing")]
    [InlineData("---\nschedule: \"@daily\"\n---\n   \n", "prompt")]
    public void A_broken_layout_is_explained(string text, string expected)
    {
        var error = Assert.Throws<StewardException>(() => JobFile.Parse("job", text, TimeZoneInfo.Utc));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Windows_line_endings_are_accepted()
    {
        var job = JobFile.Parse("crlf", "---\r\nschedule: \"@hourly\"\r\n---\r\nHello\r\n", TimeZoneInfo.Utc);

        Assert.Equal("Hello", job.Prompt);
    }
}
