using System.Globalization;
using System.Text;

namespace Steward.Bench;

/// <summary>
/// Tool output as a coding agent sees it: source files, build and server logs, JSON API
/// responses, lock files (package-lock, go.sum, Cargo.lock), git log, docker output and a base64
/// image, in random order, with a credential sprinkled in about one chunk in 200. Seeded, so
/// every run scans the same text.
/// </summary>
internal sealed class ScanCorpus(int seed = 42)
{
    private const string Base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string Base64 = Base62 + "+/";
    private const string Hex = "0123456789abcdef";
    private static readonly string[] Words = ["request", "user", "session", "cache", "order", "invoice", "worker", "queue", "retry", "config", "handler", "timeout", "payload", "render", "index", "build", "deploy", "client", "server", "metric"];

    private readonly Random _random = new(seed);

    public int SecretsPlanted { get; private set; }

    public string Build(int megabytes)
    {
        var text = new StringBuilder(megabytes * 1024 * 1024 + 4096);
        Action<StringBuilder>[] chunks = [SourceCode, LogLines, JsonResponse, PackageLock, GoSum, CargoLock, GitLog, DockerOutput, ImageDataUri];
        while (text.Length < megabytes * 1024 * 1024)
        {
            chunks[_random.Next(chunks.Length)](text);
            if (_random.Next(200) == 0)
            {
                Secret(text);
            }
        }
        return text.ToString();
    }

    private void SourceCode(StringBuilder text)
    {
        var name = Word();
        text.Append(CultureInfo.InvariantCulture, $"public sealed class {Pascal(name)}Service(ILogger<{Pascal(name)}Service> logger, I{Pascal(Word())}Store store)\n{{\n");
        for (var i = 0; i < 6; i++)
        {
            var method = Pascal(Word()) + Pascal(Word());
            text.Append(CultureInfo.InvariantCulture, $"    public async Task<{Pascal(Word())}?> {method}Async(string {Word()}Id, CancellationToken cancellationToken)\n    {{\n");
            text.Append(CultureInfo.InvariantCulture, $"        var {Word()} = await store.FindAsync({Word()}Id, cancellationToken); // key lookup, token refresh is handled upstream\n");
            text.Append(CultureInfo.InvariantCulture, $"        logger.LogInformation(\"{Word()} {{Id}} took {{Ms}} ms\", {Word()}Id, {_random.Next(1000)});\n        return null;\n    }}\n\n");
        }
        text.Append("}\n");
        text.Append(CultureInfo.InvariantCulture, $"def {Word()}_{Word()}(api_key=os.environ[\"API_KEY\"], retries={_random.Next(9)}):\n    token = get_token(api_key)\n    return requests.get(url, headers={{\"Authorization\": f\"Bearer {{token}}\"}}, timeout=30)\n\n");
    }

    private void LogLines(StringBuilder text)
    {
        for (var i = 0; i < 20; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"2026-03-{1 + _random.Next(28):00}T{_random.Next(24):00}:{_random.Next(60):00}:{_random.Next(60):00}.{_random.Next(1000):000}Z INFO  [{Word()}] request_id={Guid.NewGuid()} user={_random.Next(100000)} status={200 + _random.Next(4) * 100} duration_ms={_random.Next(2000)} path=/api/v1/{Word()}/{_random.Next(10000)}\n");
        }
    }

    private void JsonResponse(StringBuilder text)
    {
        text.Append("{\"items\": [");
        for (var i = 0; i < 5; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{{\"id\": \"{Guid.NewGuid()}\", \"name\": \"{Word()} {Word()}\", \"sha\": \"{Random(Hex, 40)}\", \"created_at\": \"2026-01-0{1 + _random.Next(9)}T10:00:00Z\", \"token_count\": {_random.Next(5000)}, \"etag\": \"W/\\\"{Random(Hex, 32)}\\\"\"}}, ");
        }
        text.Append("], \"next_page\": null}\n");
    }

    private void PackageLock(StringBuilder text)
    {
        var package = Word() + "-" + Word();
        text.Append(CultureInfo.InvariantCulture, $"    \"node_modules/{package}\": {{\n      \"version\": \"{_random.Next(10)}.{_random.Next(20)}.{_random.Next(30)}\",\n      \"resolved\": \"https://registry.npmjs.org/{package}/-/{package}-1.2.3.tgz\",\n      \"integrity\": \"sha512-{Random(Base64, 86)}==\",\n      \"dev\": true\n    }},\n");
    }

    private void GoSum(StringBuilder text)
    {
        var module = $"github.com/{Word()}/{Word()}-{Word()}";
        text.Append(CultureInfo.InvariantCulture, $"{module} v1.{_random.Next(30)}.{_random.Next(10)} h1:{Random(Base64, 43)}=\n{module} v1.{_random.Next(30)}.{_random.Next(10)}/go.mod h1:{Random(Base64, 43)}=\n");
    }

    private void CargoLock(StringBuilder text)
    {
        text.Append(CultureInfo.InvariantCulture, $"[[package]]\nname = \"{Word()}-{Word()}\"\nversion = \"0.{_random.Next(20)}.{_random.Next(10)}\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"{Random(Hex, 64)}\"\n\n");
    }

    private void GitLog(StringBuilder text)
    {
        text.Append(CultureInfo.InvariantCulture, $"commit {Random(Hex, 40)}\nAuthor: Dev {Pascal(Word())} <dev@example.com>\nDate:   Mon Mar 2 10:{_random.Next(60):00}:00 2026 +0100\n\n    Fix {Word()} {Word()} when the {Word()} token expires\n\n");
    }

    private void DockerOutput(StringBuilder text)
    {
        text.Append(CultureInfo.InvariantCulture, $"{Random(Hex, 12)}: Pull complete\nDigest: sha256:{Random(Hex, 64)}\nStatus: Downloaded newer image for ghcr.io/{Word()}/{Word()}:latest\n");
    }

    private void ImageDataUri(StringBuilder text)
    {
        text.Append("<img alt=\"logo\" src=\"data:image/png;base64,iVBORw0KGgo").Append(Random(Base64, 2000)).Append("\"/>\n");
    }

    private void Secret(StringBuilder text)
    {
        SecretsPlanted++;
        text.Append(_random.Next(6) switch
        {
            0 => $"AWS_ACCESS_KEY_ID=AKIA{Random("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}\n",
            1 => $"export STRIPE_SECRET_KEY=sk_live_{Random(Base62, 24)}\n",
            2 => $"slack: xoxb-{_random.Next(100000000, 999999999)}-{_random.Next(100000000, 999999999)}-{Random(Base62, 24)}\n",
            3 => $"DATABASE_URL=postgres://app:{Random(Base62, 16)}@db.internal:5432/app\n",
            4 => $"  \"client_secret\": \"{Random(Base62, 32)}\",\n",
            // Built from parts so this source file does not itself look like it holds a key.
            _ => $"-----BEGIN OPENSSH {"PRIVATE"} KEY-----\n{Random(Base64, 64)}\n{Random(Base64, 64)}\n-----END OPENSSH {"PRIVATE"} KEY-----\n",
        });
    }

    private string Word() => Words[_random.Next(Words.Length)];

    private static string Pascal(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    private string Random(string alphabet, int length) => string.Create(length, (alphabet, _random), static (span, state) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = state.alphabet[state._random.Next(state.alphabet.Length)];
        }
    });
}
