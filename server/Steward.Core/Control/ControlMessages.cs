namespace Steward.Core.Control;

/// <summary>
/// The control socket speaks one JSON object per line each way: a request, then its response.
/// Ops: "status" (reply carries <see cref="DaemonStatus"/>), "wake" (look at the command queue now).
/// </summary>
public sealed record ControlRequest(string Op);

public sealed record ControlResponse(bool Ok, string? Error = null, DaemonStatus? Status = null);

public static class ControlOps
{
    public const string Status = "status";
    public const string Wake = "wake";
}
