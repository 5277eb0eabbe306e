using System.Security.Cryptography;
using System.Text;
using Steward.Core.Configuration;
using Steward.Core.Homes;

namespace Steward.Core.Api;

/// <summary>
/// The local API's bearer token: 32 random bytes as hex behind "stw_", kept in config.json (the
/// home is 0700, the file 0600), compared in constant time over SHA-256 digests so neither the
/// length nor a common prefix leaks through timing. Never logged.
/// </summary>
public static class ApiToken
{
    public const string Prefix = "stw_";

    public static string Generate() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static bool Matches(string? presented, string expected) =>
        presented is not null && expected.Length > 0
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    /// <summary>The home's token, created and saved first if the home predates the API.</summary>
    public static string Ensure(AgentHome home)
    {
        var config = StewardConfig.Load(home.ConfigPath);
        if (config.ApiToken is { } token)
        {
            return token;
        }
        return Rotate(home);
    }

    /// <summary>Replaces the token; the running daemon takes the new one at the next request.</summary>
    public static string Rotate(AgentHome home)
    {
        var config = StewardConfig.Load(home.ConfigPath);
        var token = Generate();
        config.SetApiToken(token);
        config.Save(home.ConfigPath);
        return token;
    }
}
