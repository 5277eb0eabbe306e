using System.Text.Json.Serialization;

namespace Steward.Core.Health;

public enum CheckStatus
{
    [JsonStringEnumMemberName("ok")]
    Ok,
    [JsonStringEnumMemberName("warning")]
    Warning,
    [JsonStringEnumMemberName("failure")]
    Failure,
}

public sealed record HealthCheck(string Name, CheckStatus Status, string Detail);

public sealed record DoctorReport(
    string Home,
    int SchemaVersion,
    int LatestSchemaVersion,
    long DatabaseBytes,
    long WalBytes,
    long LogsBytes,
    IReadOnlyList<HealthCheck> Checks)
{
    public bool Healthy => Checks.All(c => c.Status != CheckStatus.Failure);
}
