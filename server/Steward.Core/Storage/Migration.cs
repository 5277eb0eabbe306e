using System.Security.Cryptography;
using System.Text;

namespace Steward.Core.Storage;

/// <summary>One forward-only schema step. Once released, its SQL never changes; fix mistakes with a new step.</summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>
    /// Recorded at apply time so `steward doctor` can tell when a released step was edited.
    /// Computed on demand: most opens take the user_version fast path and never need it, and
    /// hashing loads the crypto stack, which a hook process should not pay for.
    /// </summary>
    public string Checksum => field ??= Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)))[..16];
}
