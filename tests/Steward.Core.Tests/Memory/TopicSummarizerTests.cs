using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Steward.Core.Memory;
using Steward.Core.Sessions;
using Steward.Core.Storage;
using Steward.Core.Tests.Scheduling;
using Steward.Testing;

namespace Steward.Core.Tests.Memory;

public sealed class TopicSummarizerTests : IDisposable
{
    private readonly TestHome _test = new();
    private readonly StewardDatabase _database;
    private readonly MemoryStore _memory;
    private readonly TopicSummaryStore _summaries;
    private readonly AnsweringSessions _sessions = new();

    public TopicSummarizerTests()
    {
        _database = new StewardDatabase(_test.Home.DatabasePath);
        _memory = new MemoryStore(_database);
        _summaries = new TopicSummaryStore(_database);
    }

    private TopicSummarizer Summarizer(int threshold = 3) =>
        new(_summaries, _sessions, "haiku", threshold, TimeProvider.System, NullLogger<TopicSummarizer>.Instance);

    [Fact]
    public async Task Nothing_is_summarised_before_the_threshold()
    {
        _memory.RememberMany([new MemoryDraft("one", "launch"), new MemoryDraft("two", "launch")]);

        Assert.Null(await Summarizer().SummarizeNextAsync(CancellationToken.None));
        Assert.Empty(_sessions.Inner.Started);
    }

    [Fact]
    public async Task A_topic_past_the_threshold_gets_a_summary_from_a_small_model_and_keeps_history()
    {
        _memory.RememberMany(Enumerable.Range(1, 3).Select(i => new MemoryDraft($"Launch step {i} decided", "launch", MemoryKind.Decision)));
        _sessions.Reply = "PURPOSE: Ship the launch on time.\nSteps 1-3 are decided.";

        var first = await Summarizer().SummarizeNextAsync(CancellationToken.None);

        Assert.NotNull(first);
        Assert.Equal("Ship the launch on time.", first.Purpose);
        Assert.Equal("Steps 1-3 are decided.", first.Summary);
        var start = Assert.Single(_sessions.Inner.Started);
        Assert.Equal("haiku", start.Model);
        Assert.Contains("Launch step 3 decided", start.Prompt, StringComparison.Ordinal);
        Assert.Contains("(none yet)", start.Prompt, StringComparison.Ordinal);
        Assert.Equal(0, _memory.Topics().Single().SinceSummary);
        Assert.Equal(first.Id, _summaries.Latest("launch")!.Id);
        Assert.Contains(_memory.Search(new MemoryQuery("ship launch", Kind: MemoryKind.Summary)), h => h.Entry.Text.StartsWith("PURPOSE: Ship", StringComparison.Ordinal));

        _memory.RememberMany(Enumerable.Range(4, 3).Select(i => new MemoryDraft($"Launch step {i} decided", "launch")));
        _sessions.Reply = "PURPOSE: Ship the launch on time.\nSteps 1-6 are decided.";
        var second = await Summarizer().SummarizeNextAsync(CancellationToken.None);

        Assert.Contains("PURPOSE: Ship the launch on time.\nSteps 1-3 are decided.", _sessions.Inner.Started[1].Prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("Launch step 2 decided", _sessions.Inner.Started[1].Prompt, StringComparison.Ordinal);
        Assert.Equal(2, _summaries.History("launch").Count);
        Assert.Equal(second!.Id, _summaries.Latest("launch")!.Id);
    }

    [Fact]
    public async Task An_answer_without_a_purpose_line_is_a_failure_and_the_topic_waits()
    {
        _memory.RememberMany(Enumerable.Range(1, 3).Select(i => new MemoryDraft($"note {i}", "chat")));
        _sessions.Reply = "Here is a summary without the required first line.";

        Assert.Null(await Summarizer().SummarizeNextAsync(CancellationToken.None));
        Assert.Null(await Summarizer().SummarizeNextAsync(CancellationToken.None));

        Assert.Single(_sessions.Inner.Started);
        Assert.Null(_summaries.Latest("chat"));
        Assert.Equal(3, _memory.Topics().Single().SinceSummary);
    }

    [Fact]
    public void Summaries_are_cut_at_400_words()
    {
        var (purpose, summary) = TopicSummarizer.Parse("Some preamble\nPURPOSE: Keep it short.\n" + string.Join(' ', Enumerable.Repeat("word", 450)));

        Assert.Equal("Keep it short.", purpose);
        Assert.Equal(TopicSummarizer.MaxWords + 1, summary.Split(' ').Length);
        Assert.EndsWith(" …", summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("PURPOSE:\nbody")]
    [InlineData("PURPOSE: only a purpose")]
    public void Incomplete_answers_are_rejected(string answer)
    {
        Assert.Throws<StewardException>(() => TopicSummarizer.Parse(answer));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _test.Dispose();
    }

    /// <summary>The scheduler tests' recording port, answering every session at once with <see cref="Reply"/>.</summary>
    private sealed class AnsweringSessions : Steward.Core.Scheduling.IJobSessions
    {
        public RecordingJobSessions Inner { get; } = new();

        public string Reply { get; set; } = "";

        public async Task StartAsync(Steward.Core.Scheduling.JobSessionStart start, CancellationToken cancellationToken)
        {
            await Inner.StartAsync(start, cancellationToken);
            Inner.Answer(start.SessionName, text: Reply);
        }

        public Steward.Core.Scheduling.JobSessionState? Find(string sessionName) => Inner.Find(sessionName);

        public Task StopAsync(string sessionName, string reason) => Inner.StopAsync(sessionName, reason);

        public Task ReleaseAsync(string sessionName, string reason) => Inner.ReleaseAsync(sessionName, reason);
    }
}
