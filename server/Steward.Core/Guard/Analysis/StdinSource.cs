namespace Steward.Core.Guard.Analysis;

/// <summary>
/// What a command reads on stdin, as far as the guard can tell: known text (a here-document, a
/// here-string, <c>echo … |</c>), and whether it comes from the network (<c>curl … |</c>).
/// </summary>
internal readonly record struct StdinSource(string? Text, bool FromNetwork)
{
    public static StdinSource Unknown => default;

    public static StdinSource Network => new(null, true);
}
