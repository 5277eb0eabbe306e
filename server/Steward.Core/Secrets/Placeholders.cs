namespace Steward.Core.Secrets;

/// <summary>
/// Values that stand in for a secret rather than being one: documentation fillers
/// (<c>your-api-key</c>, <c>xxxx</c>, <c>AKIAIOSFODNN7EXAMPLE</c>), template and variable references
/// (<c>${DB_PASSWORD}</c>, <c>$TOKEN</c>, <c>%API_KEY%</c>, <c>{{ secrets.X }}</c>), values made of
/// one repeated character (<c>xxx</c>, <c>***</c>) and the redaction marker itself. Every detector runs its hit through <see cref="IsPlaceholder"/>: a random token
/// contains none of these by chance (a run of 6 equal characters in a 40-character base62 token has
/// odds below 1 in 10⁷), while docs, examples and CI files are full of them.
/// </summary>
internal static class Placeholders
{
    // Case-insensitive fragments. "example" covers AWS's documented key pair
    // (AKIAIOSFODNN7EXAMPLE / …EXAMPLEKEY) and every "example-token" in docs.
    private static readonly string[] Fragments =
    [
        "example", "placeholder", "your_", "your-", "yourkey", "yourtoken", "yoursecret", "yourpassword", "yourapi",
        "xxxx", "****", "...", "…", "changeme", "change_me", "change-me", "redacted", "dummy", "sample",
        "replace_me", "replaceme", "replace-me", "insert_", "insert-", "{{", "}}", "${", "$(", "<", ">",
    ];

    // Whole values (case-insensitive) that are words, not secrets.
    private static readonly HashSet<string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "passwd", "pass", "pwd", "secret", "token", "apikey", "api_key", "api-key", "key", "null", "none",
        "nil", "undefined", "true", "false", "empty", "test", "testing", "admin", "root", "default", "string",
        "required", "optional", "hidden", "masked", "foo", "bar", "foobar", "abc123", "123456", "12345678",
        "123456789", "1234567890", "qwerty", "letmein", "mypassword", "mysecret", "secretkey", "accesstoken",
        "password123", "secret123", "notasecret", "xyz", "abc", "123", "1234", "12345", "passw0rd", "p@ssw0rd", "p@ssword",
        "s3cr3t", "hunter2",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> WordLookup = Words.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool IsPlaceholder(ReadOnlySpan<char> value)
    {
        var trimmed = value.Trim().Trim("\"'`");
        if (trimmed.IsEmpty || WordLookup.Contains(trimmed))
        {
            return true;
        }
        foreach (var fragment in Fragments)
        {
            if (trimmed.Contains(fragment, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return IsVariableReference(trimmed) || HasLongRepeat(trimmed) || !trimmed.ContainsAnyExcept(trimmed[0]);
    }

    /// <summary>
    /// <c>$X</c>, <c>${X}</c>, <c>%X%</c>, <c>process.env.X</c>, <c>os.environ[…]</c>,
    /// <c>secrets.X</c>: the value names where the secret lives, which is exactly what config should do.
    /// </summary>
    public static bool IsVariableReference(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }
        if (value[0] == '$' || (value.Length > 2 && value[0] == '%' && value[^1] == '%'))
        {
            return true;
        }
        return value.StartsWith("process.env", StringComparison.Ordinal)
            || value.StartsWith("os.environ", StringComparison.Ordinal)
            || value.StartsWith("os.getenv", StringComparison.Ordinal)
            || value.StartsWith("env.", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("ENV[", StringComparison.Ordinal)
            || value.StartsWith("secrets.", StringComparison.Ordinal)
            || value.StartsWith("vault:", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("ref+", StringComparison.Ordinal);
    }

    private static bool HasLongRepeat(ReadOnlySpan<char> value)
    {
        var run = 1;
        for (var i = 1; i < value.Length; i++)
        {
            run = value[i] == value[i - 1] ? run + 1 : 1;
            if (run >= 6)
            {
                return true;
            }
        }
        return false;
    }
}
