// Usage: Steward.StoreWriter <state.db> <operations> <writer-name> [<go-file>]
// Waits until <go-file> exists (so all writers start together), opens the store (racing the
// others on migrations when the file is new), then enqueues, claims and completes commands as
// fast as it can. Exit 0 = every write succeeded.
using Steward.Core.Commands;
using Steward.Core.Storage;

if (args.Length is < 3 or > 4 || !int.TryParse(args[1], out var operations))
{
    Console.Error.WriteLine("usage: Steward.StoreWriter <state.db> <operations> <writer-name> [<go-file>]");
    return 2;
}
Console.WriteLine("ready");
while (args.Length == 4 && !File.Exists(args[3]))
{
    Thread.Sleep(1);
}

try
{
    var queue = new CommandQueue(new StewardDatabase(args[0]));
    for (var i = 0; i < operations; i++)
    {
        queue.Enqueue("diag.echo", $$"""{"text":"{{args[2]}}-{{i}}"}""", args[2]);
        if (i % 2 == 1 && queue.ClaimNext() is { } claimed)
        {
            queue.Complete(claimed.Id, """{"ok":true}""");
        }
    }
    return 0;
}
catch (Exception e)
{
    Console.Error.WriteLine(e);
    return 1;
}
