using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Steward.Core.Commands;
using Steward.Core.Configuration;
using Steward.Core.Homes;
using Steward.Core.Memory;
using Steward.Core.Scheduling;
using Steward.Core.Scheduling.Jobs;
using Steward.Core.Scheduling.Quota;
using Steward.Core.Scheduling.Runs;
using Steward.Core.Sessions;
using Steward.Core.Usage;
using Steward.Core.Storage;
using Steward.Core.Threadline.Relay;
using Steward.Logging;

namespace Steward.Daemon;

/// <summary>`steward serve`: the one long-lived process per home, on the Generic Host.</summary>
internal static class DaemonHost
{
    public static async Task RunAsync(AgentHome home, StewardConfig config, CancellationToken cancellationToken)
    {
        using var instance = DaemonInstance.Claim(home, TimeProvider.System);

        var database = new StewardDatabase(home.DatabasePath);
        // Migrate before anything starts, so a schema problem stops the daemon with a clear message.
        database.Open().Dispose();

        var level = StewardLoggerProvider.ParseLevel(config.LogLevel);
        StewardLoggerProvider.PruneOldFiles(home.LogsDirectory, "daemon", config.LogRetentionDays);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "steward",
            ContentRootPath = home.Root,
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(level);
        builder.Logging.AddProvider(new StewardLoggerProvider(level, Console.Error, home.LogsDirectory, "daemon"));
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        builder.Services.AddSingleton(home);
        builder.Services.AddSingleton(config);
        builder.Services.AddSingleton(instance);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<CommandQueue>();
        builder.Services.AddSingleton<DaemonWakeSignal>();
        builder.Services.AddSingleton<CommandDispatcher>();
        builder.Services.AddSingleton<ICommandHandler, EchoCommandHandler>();
        builder.Services.AddSingleton<ICommandHandler, SleepCommandHandler>();

        builder.Services.AddSingleton(SessionSettings.From(config, Cli.StewardExecutable.CommandLine()));
        builder.Services.AddSingleton<SessionStore>();
        builder.Services.AddSingleton<SessionTelemetry>();
        builder.Services.AddSingleton<SessionSupervisor>();
        builder.Services.AddSingleton<ICommandHandler, SpawnSessionHandler>();
        builder.Services.AddSingleton<ICommandHandler, SendToSessionHandler>();
        builder.Services.AddSingleton<ICommandHandler, KillSessionHandler>();

        builder.Services.AddSingleton<ThreadlineRuntime>();
        builder.Services.AddSingleton<ICommandHandler>(services => new RelayDiscoverHandler(() => services.GetRequiredService<ThreadlineRuntime>().Client));
        builder.Services.AddSingleton<ICommandHandler>(services => new AddRelayContactHandler(() => services.GetRequiredService<ThreadlineRuntime>().Client));

        builder.Services.AddSingleton(SchedulerSettings.From(config));
        builder.Services.AddSingleton(new JobCatalog(home, config.Zone));
        builder.Services.AddSingleton<JobRunStore>();
        builder.Services.AddSingleton<UsageLedger>();
        builder.Services.AddSingleton(services => new QuotaMeter(services.GetRequiredService<UsageLedger>(), config.Zone, config.QuotaDailyUsd, config.QuotaWeeklyUsd));
        builder.Services.AddSingleton<SchedulerPause>();
        builder.Services.AddSingleton<IJobSessions, SupervisorJobSessions>();
        builder.Services.AddSingleton<IRunNotifier>(new Core.Telegram.TelegramRunNotifier(home));
        builder.Services.AddSingleton<JobScheduler>();
        builder.Services.AddSingleton<TopicSummaryStore>();
        builder.Services.AddSingleton(services => new TopicSummarizer(services.GetRequiredService<TopicSummaryStore>(), services.GetRequiredService<IJobSessions>(),
            config.MemorySummaryModel, config.MemorySummaryEvery, TimeProvider.System, services.GetRequiredService<ILogger<TopicSummarizer>>()));

        // Start order matters: sessions are settled before the scheduler and the dispatcher act; stop order is the reverse.
        builder.Services.AddHostedService<ControlSocketServer>();
        builder.Services.AddHostedService<SessionSupervisorService>();
        builder.Services.AddHostedService<SchedulerService>();
        builder.Services.AddHostedService<MemorySummaryService>();
        builder.Services.AddHostedService<TelegramService>();
        builder.Services.AddHostedService<ThreadlineHttpService>();
        builder.Services.AddHostedService<ThreadlineOutboxService>();
        builder.Services.AddHostedService<ThreadlineRelayService>();
        builder.Services.AddHostedService<Api.LocalApiService>();
        builder.Services.AddHostedService<CommandDispatchService>();

        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILogger<DaemonInstance>>();
        logger.LogInformation("Steward daemon {Version} starting for {Home} (pid {Pid})", Core.StewardVersion.Current, home.Root, instance.Pid);
        await host.RunAsync(cancellationToken);
        logger.LogInformation("Steward daemon stopped");
    }
}
