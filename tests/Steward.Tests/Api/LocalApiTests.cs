using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Steward.Core.Configuration;
using Steward.Core.Scheduling.Jobs;
using Steward.Testing;
using Steward.Tests.Sessions;

namespace Steward.Tests.Api;

/// <summary>The local REST API over real HTTP against a running daemon (real Claude Code CLI, fake Messages API): every route's success and refusals.</summary>
public sealed class LocalApiTests : IAsyncLifetime, IDisposable
{
    private SessionDaemonFixture _daemon = null!;
    private HttpClient _http = null!;
    private string _token = "";

    public async Task InitializeAsync()
    {
        _daemon = await SessionDaemonFixture.StartAsync();
        var endpoint = Path.Combine(_daemon.Home.Root, "api-endpoint");
        await Eventually.TrueAsync(() => File.Exists(endpoint), TimeSpan.FromSeconds(20), "the daemon writes its API endpoint");
        _http = new HttpClient { BaseAddress = new Uri(File.ReadAllText(endpoint).Trim()) };
        _token = StewardConfig.Load(_daemon.Home.ConfigPath).ApiToken!;
    }

    public async Task DisposeAsync() => await _daemon.DisposeAsync();

    public void Dispose() => _http?.Dispose();

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? json = null, string? token = null, string? host = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if ((token ?? _token) is { Length: > 0 } bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        if (host is not null)
        {
            request.Headers.Host = host;
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private static string Code(JsonNode? body) => body?["error"]?["code"]?.GetValue<string>() ?? $"(no error in {body?.ToJsonString()})";

    [Fact]
    public async Task Health_needs_no_token_and_every_other_route_needs_the_right_one()
    {
        var health = await SendAsync(HttpMethod.Get, "/health", token: "");
        Assert.Equal((HttpStatusCode.OK, "ok"), (health.Status, health.Body!["status"]!.GetValue<string>()));

        foreach (var (method, path) in new[] { (HttpMethod.Get, "/sessions"), (HttpMethod.Get, "/status"), (HttpMethod.Post, "/memory"), (HttpMethod.Delete, "/sessions/x"), (HttpMethod.Get, "/openapi.json") })
        {
            var missing = await SendAsync(method, path, token: "");
            var wrong = await SendAsync(method, path, token: _token[..^1] + (_token[^1] == '0' ? '1' : '0'));
            Assert.Equal((HttpStatusCode.Unauthorized, "unauthorized"), (missing.Status, Code(missing.Body)));
            Assert.Equal((HttpStatusCode.Unauthorized, "unauthorized"), (wrong.Status, Code(wrong.Body)));
        }
        var sessions = await SendAsync(HttpMethod.Get, "/sessions");
        Assert.Equal((HttpStatusCode.OK, 0), (sessions.Status, sessions.Body!.AsArray().Count));
        var foreign = await SendAsync(HttpMethod.Get, "/sessions", host: "evil.example");
        Assert.Equal((HttpStatusCode.Forbidden, "forbidden_host"), (foreign.Status, Code(foreign.Body)));
        var unknown = await SendAsync(HttpMethod.Get, "/nope");
        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (unknown.Status, Code(unknown.Body)));
    }

    [Fact]
    public async Task A_session_is_spawned_read_given_a_turn_and_refusals_say_why()
    {
        var spawned = await SendAsync(HttpMethod.Post, "/sessions/spawn", """{"name": "api-check", "prompt": "Say hello"}""");
        Assert.Equal(HttpStatusCode.Created, spawned.Status);
        Assert.Equal("api-check", spawned.Body!["name"]!.GetValue<string>());
        await _daemon.WaitForStatusAsync("api-check", Core.Sessions.SessionStatus.Idle);

        var output = await SendAsync(HttpMethod.Get, "/sessions/api-check/output?lines=50");
        Assert.Equal(HttpStatusCode.OK, output.Status);
        Assert.Contains("Say hello", output.Body!["output"]!.GetValue<string>(), StringComparison.Ordinal);
        var listed = await SendAsync(HttpMethod.Get, "/sessions?status=idle");
        Assert.Equal("api-check", Assert.Single(listed.Body!.AsArray())!["name"]!.GetValue<string>());
        var input = await SendAsync(HttpMethod.Post, "/sessions/api-check/input", """{"text": "And goodbye"}""");
        Assert.Equal(HttpStatusCode.OK, input.Status);
        await Eventually.TrueAsync(() => _daemon.Model.Requests.Any(r => r.LastUserText.Contains("And goodbye", StringComparison.Ordinal)), TimeSpan.FromSeconds(60), "the second turn reaches the model");

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/sessions/ghost/output")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, "/sessions/ghost/input", """{"text": "hi"}""")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Delete, "/sessions/ghost")).Status);
        var badJson = await SendAsync(HttpMethod.Post, "/sessions/api-check/input", "{not json");
        Assert.Equal((HttpStatusCode.BadRequest, "bad_json"), (badJson.Status, Code(badJson.Body)));
        var missing = await SendAsync(HttpMethod.Post, "/sessions/api-check/input", "{}");
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (missing.Status, Code(missing.Body)));
        var badName = await SendAsync(HttpMethod.Post, "/sessions/spawn", """{"name": "Bad Name!", "prompt": "x"}""");
        Assert.Equal(HttpStatusCode.BadRequest, badName.Status);
        var oversized = await SendAsync(HttpMethod.Post, "/memory", $$"""{"text": "{{new string('x', 1_100_000)}}"}""");
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "too_large"), (oversized.Status, Code(oversized.Body)));
    }

    [Fact]
    public async Task Spawning_is_limited_to_ten_a_minute_per_client()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            statuses.Add((await SendAsync(HttpMethod.Post, "/sessions/spawn", """{"name": "Not Valid", "prompt": "x"}""")).Status);
        }
        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.BadRequest, s));
        var limited = await SendAsync(HttpMethod.Post, "/sessions/spawn", """{"name": "fine", "prompt": "x"}""");
        Assert.Equal((HttpStatusCode.TooManyRequests, "rate_limited"), (limited.Status, Code(limited.Body)));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
    }

    [Fact]
    public async Task Jobs_memory_telegram_status_and_the_openapi_document()
    {
        _daemon.Services.Jobs.Create("digest", new JobChanges(Schedule: "0 9 * * *", Prompt: "Write the digest"));
        var jobs = await SendAsync(HttpMethod.Get, "/jobs");
        Assert.Equal("digest", Assert.Single(jobs.Body!.AsArray())!["name"]!.GetValue<string>());
        var run = await SendAsync(HttpMethod.Post, "/jobs/digest/run");
        Assert.Equal(HttpStatusCode.Accepted, run.Status);
        var runs = await SendAsync(HttpMethod.Get, "/jobs/digest/runs");
        Assert.Equal(run.Body!["id"]!.GetValue<long>(), runs.Body!.AsArray()[0]!["id"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Post, "/jobs/ghost/run")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/jobs/ghost/runs")).Status);

        var remembered = await SendAsync(HttpMethod.Post, "/memory", """{"text": "The staging database lives on db-7", "topic": "infra"}""");
        Assert.Equal(HttpStatusCode.Created, remembered.Status);
        var found = await SendAsync(HttpMethod.Get, "/memory/search?q=staging%20database&topic=infra&limit=5");
        Assert.Equal(remembered.Body!["id"]!.GetValue<long>(), found.Body!["results"]!.AsArray()[0]!["id"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(HttpMethod.Get, "/memory/search")).Status);

        // No bot and no owner yet: refused with the reason, nothing queued.
        var telegram = await SendAsync(HttpMethod.Post, "/telegram/reply/deploys", """{"text": "Deployed"}""");
        Assert.Equal(HttpStatusCode.BadRequest, telegram.Status);
        Assert.Contains("No Telegram topic \"deploys\"", telegram.Body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        // Once the bot has seen the forum topic, a reply into it is queued in the outbox, split as Telegram needs.
        new Core.Telegram.TelegramConversations(_daemon.Services.Database).Map(-100123, 77, "tg-deploys", "deploys");
        var queued = await SendAsync(HttpMethod.Post, "/telegram/reply/deploys", $$"""{"text": "{{new string('d', 5000)}}"}""");
        Assert.Equal(HttpStatusCode.Accepted, queued.Status);
        Assert.Equal(("topic \"deploys\"", 2), (queued.Body!["destination"]!.GetValue<string>(), queued.Body!["parts"]!.GetValue<int>()));
        Assert.Equal(2, new Core.Telegram.TelegramOutbox(_daemon.Services.Database).Status().Queued);

        var status = await SendAsync(HttpMethod.Get, "/status");
        Assert.True(status.Body!["Running"]?.GetValue<bool>() ?? status.Body!["running"]!.GetValue<bool>());
        var openapi = await SendAsync(HttpMethod.Get, "/openapi.json");
        foreach (var path in new[] { "/health", "/sessions", "/sessions/spawn", "/sessions/{name}/output", "/sessions/{name}/input", "/sessions/{name}", "/jobs", "/jobs/{name}/run", "/jobs/{name}/runs", "/memory/search", "/memory", "/telegram/reply/{topic}", "/status" })
        {
            Assert.NotNull(openapi.Body!["paths"]![path]);
        }
    }

    [Fact]
    public async Task Rotating_the_token_locks_out_the_old_one_and_no_log_ever_holds_a_token()
    {
        var old = _token;
        using var rotate = await _daemon.RunStewardAsync("api", "rotate");
        Assert.Equal(0, rotate.ExitCode);
        using var print = await _daemon.RunStewardAsync("api", "token");
        _token = print.Stdout.Trim();
        Assert.NotEqual(old, _token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, "/sessions", token: old)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/sessions")).Status);

        var logs = Directory.GetFiles(_daemon.Home.LogsDirectory, "*", SearchOption.AllDirectories).Select(File.ReadAllText).ToList();
        Assert.NotEmpty(logs);
        Assert.All(logs, log => Assert.DoesNotContain(old, log, StringComparison.Ordinal));
        Assert.All(logs, log => Assert.DoesNotContain(_token, log, StringComparison.Ordinal));
        Assert.DoesNotContain(_token, _daemon.Daemon.Stderr, StringComparison.Ordinal);
    }
}

/// <summary>The curl lines in README's "Local HTTP API" section, run as written by bash against a daemon with the real Claude Code CLI.</summary>
public sealed class ReadmeCurlTests
{
    [Fact]
    public async Task The_readme_curl_lines_spawn_read_feed_and_kill_a_session()
    {
        await using var daemon = await SessionDaemonFixture.StartAsync();
        await Eventually.TrueAsync(() => File.Exists(Path.Combine(daemon.Home.Root, "api-endpoint")), TimeSpan.FromSeconds(20), "the daemon writes its API endpoint");
        var readme = File.ReadAllText(Path.Combine(BuiltArtifacts.RepositoryRoot, "README.md"));
        var block = readme[(readme.IndexOf("<!-- api-curl-begin -->", StringComparison.Ordinal) + 23)..readme.IndexOf("<!-- api-curl-end -->", StringComparison.Ordinal)];
        var lines = block.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("```", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, lines.Count);

        // A `steward` on PATH, as an installed one would be; each README line runs unchanged, a marker after it.
        var bin = Path.Combine(daemon.Home.Root, "..", "bin");
        Directory.CreateDirectory(bin);
        var wrapper = Path.Combine(bin, "steward");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec dotnet \"{BuiltArtifacts.StewardDll}\" \"$@\"\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var script = string.Join("\n", lines.Select(l => $"{l}\nprintf '\\n<<<line>>>\\n'"));
        var bash = ChildProcess.Start("bash", ["-e", "-c", script], Path.GetDirectoryName(daemon.Home.Root)!, new Dictionary<string, string?>
        {
            ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}",
            ["HOME"] = Path.Combine(daemon.Home.Root, "..", "user"),
            ["STEWARD_HOME"] = null,
        });
        await bash.WaitForExitAsync(TimeSpan.FromSeconds(120));
        Assert.True(bash.ExitCode == 0, bash.Stderr);
        var outputs = bash.Stdout.Split("<<<line>>>").Select(o => o.Trim()).ToList();
        // Assignments and the wait print nothing; then health, spawn, output, input, kill.
        Assert.Equal("ok", JsonNode.Parse(outputs[2])!["status"]!.GetValue<string>());
        Assert.Equal("nightly-check", JsonNode.Parse(outputs[3])!["name"]!.GetValue<string>());
        Assert.Equal("", outputs[4]);
        var transcript = JsonNode.Parse(outputs[5])!;
        Assert.Equal("nightly-check", transcript["session"]!.GetValue<string>());
        Assert.Contains("Summarise the failing tests", transcript["output"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("nightly-check", JsonNode.Parse(outputs[6])!["name"]!.GetValue<string>());
        var killed = JsonNode.Parse(outputs[7])!;
        Assert.True(killed["error"] is null, killed.ToJsonString());
        Assert.Equal("nightly-check", killed["name"]!.GetValue<string>());
        Assert.Contains(daemon.Model.Requests, r => r.LastUserText.Contains("Summarise the failing tests", StringComparison.Ordinal));
    }
}
