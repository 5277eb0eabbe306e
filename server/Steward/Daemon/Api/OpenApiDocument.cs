namespace Steward.Daemon.Api;

/// <summary>openapi.json, embedded in the executable so the daemon serves the document that shipped with it.</summary>
internal static class OpenApiDocument
{
    public static readonly string Text = Load();

    private static string Load()
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream("Steward.Daemon.Api.openapi.json")
            ?? throw new InvalidOperationException("openapi.json is not embedded in this build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
