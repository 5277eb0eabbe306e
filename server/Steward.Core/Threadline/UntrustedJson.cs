using System.Globalization;
using System.Text.Json.Nodes;

namespace Steward.Core.Threadline;

/// <summary>
/// Reading what other agents and relays send: a field that is missing or not a string reads as
/// absent instead of throwing; and timestamps written the way JavaScript's toISOString writes them,
/// which is what Threadline peers expect on the wire.
/// </summary>
public static class UntrustedJson
{
    public static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>YYYY-MM-DDTHH:mm:ss.sssZ in UTC.</summary>
    public static string IsoTimestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
