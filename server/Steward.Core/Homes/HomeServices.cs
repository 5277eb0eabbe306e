using Steward.Core.Commands;
using Steward.Core.Configuration;
using Steward.Core.Control;
using Steward.Core.Identity;
using Steward.Core.Memory;
using Steward.Core.People;
using Steward.Core.Scheduling;
using Steward.Core.Scheduling.Jobs;
using Steward.Core.Scheduling.Quota;
using Steward.Core.Scheduling.Runs;
using Steward.Core.Sessions;
using Steward.Core.Storage;
using Steward.Core.Usage;

namespace Steward.Core.Homes;

/// <summary>
/// The Core services of one home, created on first use. Front doors that may start without a home
/// (the MCP server) hold this, and each request asks for what it needs: a missing home or a broken
/// config then becomes that request's clear error instead of a failed start.
/// </summary>
public sealed class HomeServices(AgentHome home, TimeProvider? timeProvider = null)
{
    private readonly Lazy<StewardConfig> _config = new(() => StewardConfig.Load(home.ConfigPath));
    private readonly Lazy<StewardDatabase> _database = new(() => new StewardDatabase(home.DatabasePath));

    public AgentHome Home { get; } = home;

    public TimeProvider Time { get; } = timeProvider ?? TimeProvider.System;

    public StewardConfig Config => Use(_config);

    public StewardDatabase Database => Use(_database);

    public CommandQueue Queue => new(Database, Time);

    public ControlClient Control => new(Home);

    public CommandSubmitter Submitter => new(Queue, Control);

    public SessionStore Sessions => new(Database);

    public SessionRequests SessionRequests => new(Sessions, Queue, Config, Time);

    public UsageLedger Usage => new(Database);

    public IdentityFiles Identity => new(RequireHome(), Time);

    public PersonStore People => new(Database, Time);

    public MemoryStore Memory => new(Database, Config.MemoryHalfLifeDays, Time);

    public TopicSummaryStore Summaries => new(Database);

    public ContextAssembler Context => new(RequireHome(), Memory, Summaries, People, Time);

    public JobRunStore Runs => new(Database);

    public JobRequests Jobs => new(new JobFiles(Home, Config.Zone), Runs, Home, Config.Zone, Time);

    public QuotaMeter Quota => new(Usage, Config.Zone, Config.QuotaDailyUsd, Config.QuotaWeeklyUsd);

    public AgentHome RequireHome()
    {
        if (!Home.Exists)
        {
            throw new StewardException($"There is no agent home at {Home.Root}. Create one with `steward init` (or `steward serve`, which creates one), or set STEWARD_HOME.");
        }
        return Home;
    }

    private T Use<T>(Lazy<T> lazy)
    {
        RequireHome();
        return lazy.Value;
    }
}
