using Steward.Core.Storage.Migrations;

namespace Steward.Core.Storage;

/// <summary>Every schema step, in order. Versions are 1..N without gaps (a test checks it).</summary>
public static class SchemaMigrations
{
    public static IReadOnlyList<Migration> All { get; } =
    [
        M001_CommandQueue.Migration,
        M002_Sessions.Migration,
        M003_Scheduler.Migration,
        M004_Memory.Migration,
        M005_People.Migration,
        M006_Telegram.Migration,
        M007_Threadline.Migration,
        M008_ThreadlineOutbox.Migration,
        M009_ThreadlineRelay.Migration,
    ];

    public static int Latest => All[^1].Version;
}
