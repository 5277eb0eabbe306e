using System.Reflection;

namespace Steward.Core;

public static class StewardVersion
{
    /// <summary>The product version without the source-revision suffix the SDK appends.</summary>
    public static string Current { get; } = Read();

    private static string Read()
    {
        var informational = typeof(StewardVersion).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
