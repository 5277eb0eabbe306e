using static Steward.Core.Tests.Secrets.FakeSecrets;

namespace Steward.Core.Tests.Secrets;

/// <summary>One planted credential: the text around it, the exact span the scanner must report, and its kind.</summary>
public sealed record ProviderCase(string Kind, string Text, string Secret)
{
    public override string ToString() => Kind;
}

/// <summary>A format-valid fake for every provider pattern, in the context it is usually seen in.</summary>
internal static class ProviderCases
{
    public static IEnumerable<ProviderCase> All()
    {
        var fake = new FakeSecrets();
        ProviderCase Around(string kind, string before, string secret, string after = "\n") => new(kind, before + secret + after, secret);

        yield return Around("anthropic-api-key", "export ANTHROPIC_API_KEY=", "sk-ant-api03-" + fake.Random(Base64Url, 93) + "AA");
        yield return Around("openai-api-key", "OPENAI_API_KEY=", "sk-proj-" + fake.Random(Base64Url, 156));
        yield return Around("openai-api-key", "openai.api_key = \"", "sk-" + fake.Random(Base62, 20) + "T3BlbkFJ" + fake.Random(Base62, 20), "\"\n");
        yield return Around("aws-access-key-id", "aws_access_key_id = ", "AKIA" + fake.Random(Upper32, 16));
        yield return Around("aws-access-key-id", "\"AccessKeyId\": \"", "ASIA" + fake.Random(Upper32, 16), "\",\n");
        yield return Around("aws-secret-access-key", "aws_secret_access_key = ", fake.Random(Base64, 40));
        yield return Around("aws-secret-access-key", "\"SecretAccessKey\": \"", fake.Random(Base64, 40), "\",\n");
        yield return Around("github-pat", "git clone https://", fake.GitHub("ghp"), "@github.com/acme/app.git\n");
        yield return Around("github-oauth-token", "oauth_token: ", fake.GitHub("gho"));
        yield return Around("github-user-token", "token ", fake.GitHub("ghu"));
        yield return Around("github-app-token", "GITHUB_TOKEN=", fake.GitHub("ghs"));
        yield return Around("github-refresh-token", "\"refresh_token\": \"", fake.GitHub("ghr"), "\"\n");
        yield return Around("github-fine-grained-pat", "GH_TOKEN=", "github_pat_" + fake.Random(Base62, 22) + "_" + fake.Random(Base62, 59));
        yield return Around("gitlab-token", "PRIVATE-TOKEN: ", "glpat-" + fake.Random(Base62 + "-_", 20));
        yield return Around("slack-token", "SLACK_BOT_TOKEN=", $"xoxb-{fake.Random(Digits, 12)}-{fake.Random(Digits, 13)}-{fake.Random(Base62, 24)}");
        yield return Around("slack-token", "slack user token ", $"xoxp-{fake.Random(Digits, 12)}-{fake.Random(Digits, 12)}-{fake.Random(Digits, 13)}-{fake.Random(Hex, 32)}");
        yield return Around("slack-webhook-url", "curl -X POST ", $"https://hooks.slack.com/services/T{fake.Random(Upper32, 8)}/B{fake.Random(Upper32, 10)}/{fake.Random(Base62, 24)}", " -d @msg.json\n");
        yield return Around("stripe-live-key", "Stripe.api_key = '", "sk_live_" + fake.Random(Base62, 99), "'\n");
        yield return Around("stripe-live-key", "restricted: ", "rk_live_" + fake.Random(Base62, 24));
        yield return Around("stripe-test-key", "STRIPE_SECRET_KEY=", "sk_test_" + fake.Random(Base62, 24));
        yield return Around("stripe-webhook-secret", "endpoint_secret = \"", "whsec_" + fake.Random(Base62, 32), "\"\n");
        yield return Around("google-api-key", "https://maps.googleapis.com/maps/api/geocode/json?address=x&key=", "AIza" + fake.Random(Base64Url, 35));
        yield return Around("google-oauth-client-secret", "\"client_secret\":\"", "GOCSPX-" + fake.Random(Base64Url, 28), "\"}\n");
        yield return Around("google-oauth-access-token", "access token: ", "ya29." + fake.Random(Base64Url, 120));
        var privateKey = "-----BEGIN PRIVATE KEY-----\\n" + fake.PemBody().Replace("\n", "\\n", StringComparison.Ordinal) + "\\n-----END PRIVATE KEY-----\\n";
        yield return new("google-service-account-key",
            $"{{\n  \"type\": \"service_account\",\n  \"project_id\": \"acme-prod\",\n  \"private_key_id\": \"{fake.Random(Hex, 40)}\",\n  \"private_key\": \"{privateKey}\",\n  \"client_email\": \"ci@acme-prod.iam.gserviceaccount.com\"\n}}\n",
            privateKey);
        var accountKey = fake.Random(Base64, 86) + "==";
        yield return Around("azure-connection-string", "AZURE_STORAGE_CONNECTION_STRING=\"DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=", accountKey, ";EndpointSuffix=core.windows.net\"\n");
        yield return Around("azure-connection-string", "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=", fake.Random(Base64, 43) + "=");
        yield return Around("azure-storage-account-key", "  AccountKey=", accountKey);
        yield return Around("azure-sas-token", "https://acme.blob.core.windows.net/backups/db.bak?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-04-01T00:00:00Z&spr=https&sig=", fake.Random(Base62, 43) + "%3D");
        // The bot id before the ':' is public: only the part after it is the secret.
        yield return Around("telegram-bot-token", $"bot = telebot.TeleBot(\"{fake.Random(Digits, 10)}:", "AA" + fake.Random(Base64Url, 33), "\")\n");
        yield return Around("twilio-api-key", "TWILIO_API_KEY=", "SK" + fake.Random(Hex, 32));
        yield return Around("twilio-auth-token", "TWILIO_AUTH_TOKEN=", fake.Random(Hex, 32));
        yield return Around("twilio-auth-token", $"client = Client(\"AC{fake.Random(Hex, 32)}\", \"", fake.Random(Hex, 32), "\")\n");
        yield return Around("sendgrid-api-key", "SENDGRID_API_KEY=", $"SG.{fake.Random(Base64Url, 22)}.{fake.Random(Base64Url, 43)}");
        yield return Around("mailgun-api-key", "mailgun: ", "key-" + fake.Random(Hex, 32));
        yield return Around("npm-access-token", "//registry.npmjs.org/:_authToken=", "npm_" + fake.Random(Base62, 36));
        yield return Around("pypi-api-token", "password = ", "pypi-AgEIcHlwaS5vcmc" + fake.Random(Base64Url, 120));
        yield return Around("docker-hub-token", "echo ", "dckr_pat_" + fake.Random(Base64Url, 27), " | docker login -u acme --password-stdin\n");
        yield return Around("huggingface-token", "HF_TOKEN=", "hf_" + fake.Random(Base62[..52], 34));
        yield return Around("discord-bot-token", "client.run('", fake.DiscordBotToken(), "')\n");
        yield return Around("discord-webhook-url", "webhook: ", $"https://discord.com/api/webhooks/{fake.Random(Digits, 19)}/{fake.Random(Base64Url, 68)}");
        yield return Around("jwt", "Authorization: Bearer ", fake.Jwt());
        yield return Around("jwt", "id_token=", fake.Jwt("none", signed: false), "&state=x\n");
        yield return Around("age-secret-key", "# created: 2026-03-01\n", "AGE-SECRET-KEY-1" + fake.Random("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58));
        yield return Around("private-key", "$ cat deploy_key\n", $"-----BEGIN OPENSSH PRIVATE KEY-----\n{fake.PemBody()}\n-----END OPENSSH PRIVATE KEY-----");
        yield return Around("private-key", "", $"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,{fake.Random(Hex, 32).ToUpperInvariant()}\n\n{fake.PemBody()}\n-----END RSA PRIVATE KEY-----");
        yield return Around("private-key", "$ head -4 server.key\n", $"-----BEGIN EC PRIVATE KEY-----\n{fake.PemBody(3)}", "\n$ ls\n");
        yield return Around("database-url-password", "DATABASE_URL=postgres://app:", fake.Random(Base62, 16), "@db.internal:5432/app\n");
        yield return Around("database-url-password", "mongodb+srv://admin:", fake.Random(Base62, 20), "@cluster0.ab1cd.mongodb.net/?retryWrites=true\n");
        yield return Around("database-url-password", "REDIS_URL=redis://:", fake.Random(Base62, 24), "@cache:6379/0\n");
        yield return Around("url-password", "remote: https://deploy:", fake.Random(Base62, 18), "@git.acme.io/app.git\n");
        yield return Around("bearer-token", "curl -H 'Authorization: Bearer ", fake.Random(Base62, 40), "' https://api.acme.io/v1/me\n");
        yield return Around("basic-auth-credentials", "Authorization: Basic ", Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes("deploy:" + fake.Random(Base62, 16))));
        yield return Around("password-assignment", "DB_PASSWORD=", fake.Random(Base62, 16));
        yield return Around("password-assignment", "  password: \"", fake.Random(Base62 + "!#%", 14), "\"\n");
        yield return Around("password-assignment", "mysql --password=", fake.Random(Base62, 12), " -h db\n");
        yield return Around("secret-assignment", "  \"client_secret\": \"", fake.Random(Base62, 32), "\",\n");
        yield return Around("secret-assignment", "JWT_SECRET='", fake.Random(Base62 + "!@#", 24), "'\n");
        yield return Around("high-entropy-secret", "X-Acme-Auth: ", fake.Random(Base62, 32));
        yield return Around("high-entropy-secret", "webhook signing key: ", fake.Random(Base64, 44));
    }
}
