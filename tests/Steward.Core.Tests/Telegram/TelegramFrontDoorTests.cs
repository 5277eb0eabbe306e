using Steward.Core.Configuration;
using Steward.Core.Homes;
using Steward.Core.Scheduling.Jobs;
using Steward.Core.Scheduling.Runs;
using Steward.Core.Telegram;

namespace Steward.Core.Tests.Telegram;

/// <summary>Where telegram_send and job notifications go, and what telegram_status reports.</summary>
public sealed class TelegramFrontDoorTests : IDisposable
{
    private readonly TestHome _home = new("Ada");

    public void Dispose() => _home.Dispose();

    private HomeServices Services() => new(_home.Home);

    private void Pair(long user)
    {
        var config = StewardConfig.Load(_home.Home.ConfigPath);
        config.AllowTelegramUser(user);
        config.Save(_home.Home.ConfigPath);
    }

    private void SetUpToken() => File.WriteAllText(Path.Combine(_home.Home.KeysDirectory, TelegramToken.FileName), "1:x");

    [Fact]
    public void Without_an_owner_sending_says_how_to_pair()
    {
        var error = Assert.Throws<StewardException>(() => new TelegramFrontDoor(Services()).Send("hi", null, "test"));

        Assert.Contains("steward telegram pair", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_go_to_the_owner_or_to_a_known_topic_by_name_or_id()
    {
        Pair(4242);
        var services = Services();
        new TelegramConversations(services.Database).Map(-100, 7, "tg-n100-7", "Launch");

        var owner = new TelegramFrontDoor(services).Send("to the owner", null, "test");
        var byName = new TelegramFrontDoor(services).Send("to the topic", "launch", "test");
        var byId = new TelegramFrontDoor(services).Send("by id", "7", "test");

        Assert.Equal(("the owner's chat", 1), owner);
        Assert.Equal("topic \"Launch\"", byName.Destination);
        Assert.Equal(byName.Destination, byId.Destination);
        var due = new TelegramOutbox(services.Database).Due();
        Assert.Equal([(4242L, (long?)null), (-100L, (long?)7)], due.Select(m => (m.ChatId, m.ThreadId)));
        Assert.Contains("No Telegram topic \"nowhere\"", Assert.Throws<StewardException>(() => new TelegramFrontDoor(services).Send("x", "nowhere", "test")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_reports_setup_owner_and_outbox()
    {
        var before = TelegramFrontDoor.Describe(new TelegramFrontDoor(Services()).Status());
        SetUpToken();
        Pair(4242);
        new TelegramFrontDoor(Services()).Send("queued", null, "test");
        TelegramStatusFile.Write(_home.Home, "steward_test_bot", connected: false, "409: another poller uses this bot token");

        var status = new TelegramFrontDoor(Services()).Status();

        Assert.Contains("not set up", before, StringComparison.Ordinal);
        Assert.Equal(4242, status["owner_user_id"]!.GetValue<long>());
        Assert.Equal(1, status["outbox_queued"]!.GetValue<int>());
        Assert.Contains("409", TelegramFrontDoor.Describe(status), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NotifyPolicy.Always, RunStatus.Succeeded, true)]
    [InlineData(NotifyPolicy.OnFailure, RunStatus.Succeeded, false)]
    [InlineData(NotifyPolicy.OnFailure, RunStatus.TimedOut, true)]
    [InlineData(NotifyPolicy.Never, RunStatus.Failed, false)]
    public void Job_runs_notify_the_owner_as_the_job_says(NotifyPolicy policy, RunStatus status, bool notified)
    {
        SetUpToken();
        Pair(4242);
        var run = new JobRun(7, "morning-brief", "slot", RunTrigger.Schedule, status, JobPriority.Normal, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
            null, null, null, null, null, null, null, null, null, null, null, null);

        new TelegramRunNotifier(_home.Home).RunFinished(run, new RunOutcome(status, status == RunStatus.Succeeded ? null : "stopped after 30 min (timeout)", "success", "All good.", null, null, null, null), policy);

        var queued = new TelegramOutbox(Services().Database).Due();
        Assert.Equal(notified ? 1 : 0, queued.Count);
        if (notified)
        {
            Assert.StartsWith($"Job morning-brief (run 7) {status.Name()}", queued[0].Text, StringComparison.Ordinal);
        }
    }
}
