namespace Steward.Core.Threadline;

/// <summary>An envelope or request refused; <see cref="Code"/> is the spec's error code for the wire.</summary>
public sealed class ThreadlineException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
