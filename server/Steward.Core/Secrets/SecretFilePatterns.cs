namespace Steward.Core.Secrets;

/// <summary>The names and places of secret files, and glob patterns that would match one.</summary>
internal static class SecretFilePatterns
{
    private static readonly string[] SshKeyNames = ["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk", "id_ed25519_sk", "identity"];
    private static readonly string[] SshPublicFiles = ["known_hosts", "known_hosts.old", "config", "authorized_keys", "authorized_keys2", "environment", "rc"];
    private static readonly HashSet<string> TemplateSuffixes = new(StringComparer.OrdinalIgnoreCase) { "example", "sample", "template", "dist", "defaults", "tpl", "schema" };
    private static readonly HashSet<string> KeyExtensions = new(StringComparer.OrdinalIgnoreCase) { ".key", ".p12", ".pfx", ".keystore", ".jks", ".ppk" };

    // What a glob is tried against: one representative of each kind of secret file.
    private static readonly string[] GlobSamples =
        [".env", ".env.local", ".env.production", "id_rsa", "id_ed25519", "id_ecdsa", "id_dsa", "server.pem", "server.key", "cert.p12", "cert.pfx",
         "credentials", ".netrc", ".pgpass", ".git-credentials", "app.keystore", "config", "application_default_credentials.json", "credentials.db"];

    private static readonly string[] SensitiveDirectories = [".ssh", ".aws", ".kube", ".docker", ".gnupg", "gcloud"];

    public static string? DescribeName(string directory, string name, Func<string?> readContent)
    {
        var parent = directory.Length == 0 ? "" : directory[(directory.LastIndexOf('/') + 1)..];
        var extension = Path.GetExtension(name);
        if (name == ".env")
        {
            return ".env file: environment variables, usually secrets";
        }
        if (name.StartsWith(".env.", StringComparison.Ordinal))
        {
            return name[5..].Split('.').Any(TemplateSuffixes.Contains) ? null : $"{name}: environment file, usually secrets";
        }
        if (name == ".envrc")
        {
            return ".envrc: direnv file, usually exports secrets";
        }
        if (IsSshPrivateKey(name, parent))
        {
            return $"{name}: SSH private key";
        }
        if (KeyExtensions.Contains(extension))
        {
            return $"{name}: private key or key store";
        }
        if (extension.Equals(".pem", StringComparison.OrdinalIgnoreCase))
        {
            // A .pem is often just a certificate: only a readable one without a private key is let through.
            return readContent() is { } pem && !pem.Contains("PRIVATE KEY", StringComparison.Ordinal) ? null : $"{name}: PEM file that may hold a private key";
        }
        return (parent, name) switch
        {
            (".aws", "credentials") => "~/.aws/credentials: AWS access keys",
            (_, ".netrc" or "_netrc") => $"{name}: machine logins and passwords",
            (_, ".pgpass") => ".pgpass: PostgreSQL passwords",
            (_, ".git-credentials") => ".git-credentials: git host tokens in plain text",
            (_, ".my.cnf") => ".my.cnf: MySQL client password",
            (".kube", "config") => "~/.kube/config: Kubernetes cluster credentials",
            (_, "kubeconfig") => "kubeconfig: Kubernetes cluster credentials",
            (_, "application_default_credentials.json") => "gcloud application default credentials",
            ("gcloud", "credentials.db" or "access_tokens.db") => $"gcloud {name}: Google Cloud credentials",
            (_, ".npmrc" or ".pypirc") => readContent() is { } content && SecretFileContents.HoldsToken(content) ? $"{name} holding a registry token" : null,
            (".docker", "config.json") => readContent() is { } content && SecretFileContents.HoldsToken(content) ? "~/.docker/config.json holding registry credentials" : null,
            _ when name.EndsWith(".kubeconfig", StringComparison.Ordinal) => $"{name}: Kubernetes cluster credentials",
            _ when directory.Contains("gcloud/legacy_credentials", StringComparison.Ordinal) => "gcloud legacy credentials",
            _ => null,
        };
    }

    /// <summary>
    /// A glob (<c>.env*</c>, <c>~/.ssh/*</c>, <c>*.pem</c>) that would match a secret file. A bare
    /// <c>*</c> in an ordinary directory is not one: only a glob with a literal part (3+ characters)
    /// or in a credentials directory counts, so <c>cat *</c> is not treated as reading id_rsa.
    /// </summary>
    public static string? DescribeGlob(string directory, string pattern)
    {
        var parent = directory.Length == 0 ? "" : directory[(directory.LastIndexOf('/') + 1)..];
        var literal = pattern.Count(c => c is not ('*' or '?' or '[' or ']'));
        if (literal < 3 && !SensitiveDirectories.Contains(parent))
        {
            return null;
        }
        foreach (var sample in GlobSamples)
        {
            if (GlobMatches(pattern, sample) && DescribeName(directory, sample, () => null) is { } reason)
            {
                return $"{directory}{(directory.Length > 0 ? "/" : "")}{pattern} may match {reason}";
            }
        }
        return null;
    }

    private static bool IsSshPrivateKey(string name, string parent)
    {
        if (name.EndsWith(".pub", StringComparison.Ordinal))
        {
            return false;
        }
        if (SshKeyNames.Any(key => name == key || name.StartsWith(key + "_", StringComparison.Ordinal) || name.StartsWith(key + ".", StringComparison.Ordinal)))
        {
            return true;
        }
        // Anything else kept in ~/.ssh that is not a known public file is most likely a key with a custom name.
        return parent == ".ssh" && !SshPublicFiles.Contains(name) && !name.StartsWith("known_hosts", StringComparison.Ordinal) && !name.EndsWith(".conf", StringComparison.Ordinal);
    }

    /// <summary>Shell glob matching with * and ?; like the shell, a leading '.' must be matched literally.</summary>
    internal static bool GlobMatches(string pattern, string name)
    {
        if (name.StartsWith('.') && !pattern.StartsWith('.'))
        {
            return false;
        }
        int p = 0, n = 0, starP = -1, starN = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == name[n]))
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starN = n;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                n = ++starN;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }
}
