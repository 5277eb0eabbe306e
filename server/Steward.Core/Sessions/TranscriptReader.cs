using System.Text;

namespace Steward.Core.Sessions;

/// <summary>Reads a transcript for people and models: the last N readable items, or everything after a position (attach).</summary>
public static class TranscriptReader
{
    public const int MaxItems = 1000;

    public static IReadOnlyList<string> LastItems(string path, int count)
    {
        count = Math.Clamp(count, 1, MaxItems);
        if (!File.Exists(path))
        {
            return [];
        }
        var items = new Queue<string>(count + 1);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            foreach (var item in TranscriptFormatter.Format(line))
            {
                items.Enqueue(item);
                if (items.Count > count)
                {
                    items.Dequeue();
                }
            }
        }
        return items.ToList();
    }

    /// <summary>Readable items of the complete lines after <paramref name="position"/>; returns the position after them.</summary>
    public static (IReadOnlyList<string> Items, long Position) ItemsAfter(string path, long position)
    {
        if (!File.Exists(path))
        {
            return ([], position);
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (stream.Length <= position)
        {
            return ([], position);
        }
        stream.Position = position;
        var buffer = new byte[stream.Length - position];
        stream.ReadExactly(buffer);
        // Only whole lines: a line still being written is read next time.
        var end = Array.LastIndexOf(buffer, (byte)'\n');
        if (end < 0)
        {
            return ([], position);
        }
        var text = Encoding.UTF8.GetString(buffer, 0, end + 1);
        var items = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).SelectMany(TranscriptFormatter.Format).ToList();
        return (items, position + end + 1);
    }
}
