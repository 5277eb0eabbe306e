using System.Text.Json.Serialization;
using Steward.Core.Commands;
using Steward.Core.Control;
using Steward.Core.Health;

namespace Steward.Core.Json;

/// <summary>Source-generated (reflection-free, fast to start) JSON for Steward's own wire and CLI shapes.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(ControlRequest))]
[JsonSerializable(typeof(ControlResponse))]
[JsonSerializable(typeof(DaemonStatus))]
[JsonSerializable(typeof(QueueCounts))]
[JsonSerializable(typeof(QueuedCommand))]
[JsonSerializable(typeof(List<QueuedCommand>))]
[JsonSerializable(typeof(HomeStatus))]
[JsonSerializable(typeof(SessionCounts))]
[JsonSerializable(typeof(JobCounts))]
[JsonSerializable(typeof(DoctorReport))]
public sealed partial class StewardJsonContext : JsonSerializerContext;
