using System.Text.RegularExpressions;

namespace Steward.Core.Secrets;

/// <summary>
/// A Google service-account key file: a JSON object with <c>"type": "service_account"</c> and a
/// <c>"private_key"</c>. The private key's JSON string is the secret (the rest of the file, ids and
/// e-mail, stays readable). The marker may come before or after the key, within the same object.
/// </summary>
internal sealed partial class ServiceAccountKeys : ISecretDetector
{
    private const int ObjectReach = 8 * 1024;
    private static readonly SecretKind Kind = new("google-service-account-key", "Google service-account key (JSON with \"type\": \"service_account\" and a private_key)");

    public IReadOnlyList<SecretKind> Kinds { get; } = [Kind];

    public void Find(string text, List<SecretCandidate> found)
    {
        List<int>? markers = null;
        for (var match = PrivateKeyField.Match(text); match.Success; match = match.NextMatch())
        {
            // Marker positions are collected once, on the first key field: one pass over the text
            // however many key fields it holds.
            markers ??= Markers(text);
            var secret = match.Groups["secret"];
            if (HasMarkerNear(markers, match.Index - ObjectReach, match.Index + match.Length + ObjectReach))
            {
                found.Add(new SecretCandidate(secret.Index, secret.Length, Kind));
            }
        }
    }

    private static List<int> Markers(string text)
    {
        var markers = new List<int>();
        foreach (var marker in ServiceAccountType.EnumerateMatches(text))
        {
            markers.Add(marker.Index);
        }
        return markers;
    }

    private static bool HasMarkerNear(List<int> markers, int from, int to)
    {
        var index = markers.BinarySearch(from);
        index = index < 0 ? ~index : index;
        return index < markers.Count && markers[index] <= to;
    }

    [GeneratedRegex("\"private_key\"\\s{0,10}:\\s{0,10}\"(?<secret>(?>(?:[^\"\\\\\\r\\n]|\\\\.){40,16000}))\"", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex PrivateKeyField { get; }

    [GeneratedRegex("\"type\"\\s{0,10}:\\s{0,10}\"service_account\"", RegexOptions.CultureInvariant)]
    private static partial Regex ServiceAccountType { get; }
}
