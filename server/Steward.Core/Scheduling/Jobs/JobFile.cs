using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Steward.Core.Scheduling.Cron;
using Steward.Core.Sessions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Steward.Core.Scheduling.Jobs;

/// <summary>
/// &lt;home&gt;/jobs/&lt;name&gt;.md: YAML front matter (a closed set of fields) and the prompt as the
/// body. Parsing checks everything a run would need, so a bad file is reported up front.
/// </summary>
public static class JobFile
{
    public const int MaxFileBytes = 128 * 1024;

    public static readonly IReadOnlyList<string> Fields =
        ["schedule", "timezone", "enabled", "priority", "model", "timeout", "catch_up", "max_turns", "allowed_tools", "notify", "description"];

    private static readonly IDeserializer Yaml = new DeserializerBuilder().Build();
    private static readonly JsonSerializerOptions QuoteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Parses a job file's text; every problem is a <see cref="StewardException"/> whose message names the field.</summary>
    public static JobDefinition Parse(string name, string text, TimeZoneInfo defaultZone)
    {
        JobNames.Validate(name);
        if (Encoding.UTF8.GetByteCount(text) > MaxFileBytes)
        {
            throw new StewardException($"the file is larger than {MaxFileBytes / 1024} KiB.");
        }
        var (frontMatter, body) = Split(text.Replace("\r\n", "\n", StringComparison.Ordinal));
        var fields = ReadFields(frontMatter);

        var scheduleText = String(fields, "schedule") ?? throw new StewardException("\"schedule\" is missing (a cron expression, a macro such as @daily, @every 15m or @at 2026-12-01T09:00).");
        var zoneId = String(fields, "timezone");
        var zone = zoneId is null ? defaultZone
            : TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var found) ? found
            : throw new StewardException($"timezone \"{zoneId}\" is not a time zone this machine knows; use an IANA name such as \"Europe/Berlin\".");
        CronSchedule schedule;
        try
        {
            schedule = CronSchedule.Parse(scheduleText, zone);
        }
        catch (CronFormatException e)
        {
            throw new StewardException($"schedule: {e.Message}", e);
        }

        var model = String(fields, "model");
        SessionLimits.ValidateModel(model);
        var timeout = Int(fields, "timeout") ?? JobDefinition.DefaultTimeoutMinutes;
        if (timeout is < 1 or > 1440)
        {
            throw new StewardException("timeout must be between 1 and 1440 minutes.");
        }
        var maxTurns = Int(fields, "max_turns");
        if (maxTurns is < 1 or > SessionLimits.MaxTurnsCeiling)
        {
            throw new StewardException($"max_turns must be between 1 and {SessionLimits.MaxTurnsCeiling}.");
        }
        var prompt = body.Trim();
        SessionLimits.ValidateText(prompt, "prompt (the body after the front matter)");
        var description = String(fields, "description");
        if (description is { Length: > 500 })
        {
            throw new StewardException("description must be at most 500 characters.");
        }

        return new JobDefinition(
            name,
            scheduleText.Trim(),
            zoneId,
            Bool(fields, "enabled") ?? true,
            String(fields, "priority") is { } priority ? JobEnumNames.ParsePriority(priority) : JobPriority.Normal,
            model,
            timeout,
            String(fields, "catch_up") is { } catchUp ? JobEnumNames.ParseCatchUp(catchUp) : CatchUpPolicy.Once,
            maxTurns,
            Strings(fields, "allowed_tools"),
            String(fields, "notify") is { } notify ? JobEnumNames.ParseNotify(notify) : NotifyPolicy.OnFailure,
            description,
            prompt) { Schedule = schedule };
    }

    /// <summary>The file text for a job: only fields that differ from the defaults are written, besides the essentials.</summary>
    public static string Render(JobDefinition job)
    {
        var text = new StringBuilder("---\n");
        text.Append("schedule: ").Append(Quote(job.ScheduleText)).Append('\n');
        if (job.TimeZoneId is { } zone)
        {
            text.Append("timezone: ").Append(Quote(zone)).Append('\n');
        }
        text.Append("enabled: ").Append(job.Enabled ? "true" : "false").Append('\n');
        text.Append("priority: ").Append(job.Priority.Name()).Append('\n');
        if (job.Model is { } model)
        {
            text.Append("model: ").Append(Quote(model)).Append('\n');
        }
        text.Append("timeout: ").Append(job.TimeoutMinutes.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("catch_up: ").Append(job.CatchUp.Name()).Append('\n');
        if (job.MaxTurns is { } turns)
        {
            text.Append("max_turns: ").Append(turns.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        if (job.AllowedTools is { } tools)
        {
            text.Append("allowed_tools: [").Append(string.Join(", ", tools.Select(Quote))).Append("]\n");
        }
        text.Append("notify: ").Append(job.Notify.Name()).Append('\n');
        if (job.Description is { } description)
        {
            text.Append("description: ").Append(Quote(description)).Append('\n');
        }
        text.Append("---\n").Append(job.Prompt.Trim()).Append('\n');
        return text.ToString();
    }

    private static (string FrontMatter, string Body) Split(string text)
    {
        if (!text.StartsWith("---\n", StringComparison.Ordinal))
        {
            throw new StewardException("the file must start with YAML front matter: a line \"---\", the fields, another \"---\", then the prompt.");
        }
        var end = text.IndexOf("\n---", 3, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new StewardException("the front matter has no closing \"---\" line.");
        }
        var afterMarker = end + 4;
        var lineEnd = text.IndexOf('\n', afterMarker);
        if (text.AsSpan(afterMarker, (lineEnd < 0 ? text.Length : lineEnd) - afterMarker).Trim().Length != 0)
        {
            throw new StewardException("the closing \"---\" must stand alone on its line.");
        }
        return (text[4..(end + 1)], lineEnd < 0 ? "" : text[(lineEnd + 1)..]);
    }

    private static Dictionary<string, object?> ReadFields(string frontMatter)
    {
        Dictionary<object, object?>? raw;
        try
        {
            raw = Yaml.Deserialize<Dictionary<object, object?>?>(frontMatter);
        }
        catch (YamlException e)
        {
            throw new StewardException($"the front matter is not valid YAML (line {e.Start.Line + 1}): {e.InnerException?.Message ?? e.Message}");
        }
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in raw ?? [])
        {
            var name = key.ToString() ?? "";
            if (!Fields.Contains(name))
            {
                throw new StewardException($"unknown field \"{name}\"; the fields are {string.Join(", ", Fields)}.");
            }
            fields[name] = value;
        }
        return fields;
    }

    private static string? String(Dictionary<string, object?> fields, string name) => fields.GetValueOrDefault(name) switch
    {
        null => null,
        string text when text.Trim().Length > 0 => text.Trim(),
        string => throw new StewardException($"\"{name}\" is empty."),
        _ => throw new StewardException($"\"{name}\" must be a single value."),
    };

    private static int? Int(Dictionary<string, object?> fields, string name) => String(fields, name) switch
    {
        null => null,
        var text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => number,
        var text => throw new StewardException($"\"{name}\" must be a whole number, not \"{text}\"."),
    };

    private static bool? Bool(Dictionary<string, object?> fields, string name) => String(fields, name)?.ToLowerInvariant() switch
    {
        null => null,
        "true" or "yes" or "on" => true,
        "false" or "no" or "off" => false,
        var text => throw new StewardException($"\"{name}\" must be true or false, not \"{text}\"."),
    };

    private static string[]? Strings(Dictionary<string, object?> fields, string name) => fields.GetValueOrDefault(name) switch
    {
        null => null,
        List<object?> items when items.All(i => i is string { Length: > 0 }) => items.Cast<string>().Select(i => i.Trim()).ToArray(),
        _ => throw new StewardException($"\"{name}\" must be a list of names, e.g. [Read, Grep, \"Bash(git status:*)\"]."),
    };

    private static string Quote(string value) => JsonSerializer.Serialize(value, QuoteOptions);
}
