using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Steward.Cli;

/// <summary>Commands that print a report do so as one JSON object with --json, else as text for people.</summary>
internal static class ReportOutput
{
    public static void Write<T>(bool json, T report, JsonTypeInfo<T> jsonType, Action<T> printForPeople)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(report, jsonType));
        }
        else
        {
            printForPeople(report);
        }
    }
}
