namespace Steward.Core.Files;

/// <summary>The permission modes Steward uses for private state: nobody but the owner may read it.</summary>
public static class OwnerOnly
{
    public const UnixFileMode Directory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Bits that give group or others any access.</summary>
    public const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static bool IsOwnerOnly(UnixFileMode mode) => (mode & GroupOrOther) == 0;

    public static string Format(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0');
}
