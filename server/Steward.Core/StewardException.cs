namespace Steward.Core;

/// <summary>
/// An error the user can act on. Front doors print its message as is (no stack trace), so the
/// message must say what went wrong and what to do, and must never contain a secret.
/// </summary>
public class StewardException(string message, Exception? inner = null) : Exception(message, inner);
