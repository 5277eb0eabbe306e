using System.Text.RegularExpressions;

namespace Steward.Core.Secrets;

/// <summary>Whether a registry or tool config file holds a credential rather than a reference to one.</summary>
internal static partial class SecretFileContents
{
    public static bool HoldsToken(string content)
    {
        foreach (var pattern in (ReadOnlySpan<Regex>)[NpmAuth, PypircPassword, DockerAuth])
        {
            for (var match = pattern.Match(content); match.Success; match = match.NextMatch())
            {
                var value = match.Groups["value"].ValueSpan;
                if (!Placeholders.IsPlaceholder(value))
                {
                    return true;
                }
            }
        }
        return SecretScanner.Scan(content).Count > 0;
    }

    // .npmrc: "_authToken=…", "//registry.example.com/:_auth=…", "_password=…".
    [GeneratedRegex("^[ \\t]*(?:[^\\s=]{0,300}:)?_(?:authToken|auth|password)[ \\t]*=[ \\t]*(?<value>[^\\s]{1,4000})", RegexOptions.Multiline | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex NpmAuth { get; }

    // .pypirc: "password = …" (or "password: …") in a repository section.
    [GeneratedRegex("^[ \\t]*password[ \\t]*[=:][ \\t]*(?<value>[^\\s]{1,4000})", RegexOptions.Multiline | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex PypircPassword { get; }

    // ~/.docker/config.json: "auths": { "host": { "auth": "base64(user:password)" } } or an identity token.
    [GeneratedRegex("\"(?:auth|identitytoken|registrytoken)\"\\s{0,10}:\\s{0,10}\"(?<value>[^\"]{4,8000})\"", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex DockerAuth { get; }
}
