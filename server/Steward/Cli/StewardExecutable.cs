namespace Steward.Cli;

/// <summary>The argv that starts this same steward again (for the service unit).</summary>
internal static class StewardExecutable
{
    public static IReadOnlyList<string> CommandLine()
    {
        var process = Environment.ProcessPath ?? throw new Core.StewardException("Cannot tell where the steward executable is; pass --exec.");
        // Run through the `dotnet` host (dotnet steward.dll): the unit must start the host with the dll.
        if (Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return [process, typeof(StewardExecutable).Assembly.Location];
        }
        return [process];
    }
}
