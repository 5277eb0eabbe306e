namespace Steward.Core.Guard.Parsing;

/// <summary>
/// Nesting beyond the guard's limits. Real commands never get here; the limit exists so that
/// hostile input cannot exhaust the stack (which no catch block could survive).
/// </summary>
internal sealed class GuardTooComplexException(string message) : Exception(message);
