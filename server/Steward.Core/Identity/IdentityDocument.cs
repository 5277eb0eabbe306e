namespace Steward.Core.Identity;

/// <summary>One identity file as read from the home.</summary>
public sealed record IdentityDocument(string Name, string Purpose, string Content, long Bytes, DateTimeOffset? ModifiedAt, bool Exists);

public enum IdentityUpdateMode
{
    /// <summary>Add the text at the end, as a new paragraph.</summary>
    Append,
    /// <summary>Replace the whole file (the previous version is kept under history/identity/).</summary>
    Replace,
}

public sealed record IdentityUpdateResult(IdentityDocument Document, IdentityUpdateMode Mode, long PreviousBytes, string? BackupPath);
