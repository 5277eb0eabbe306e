namespace Steward.Core.Guard.Rules;

/// <summary>Branches whose history is shared and must not be rewritten or deleted: main, master and release branches.</summary>
internal static class ProtectedBranches
{
    public static bool IsProtected(string reference)
    {
        var name = reference.StartsWith("refs/heads/", StringComparison.Ordinal) ? reference["refs/heads/".Length..] : reference;
        return name is "main" or "master" or "release"
            || name.StartsWith("release/", StringComparison.Ordinal)
            || name.StartsWith("release-", StringComparison.Ordinal);
    }
}
