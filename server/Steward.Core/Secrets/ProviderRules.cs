using System.Text.RegularExpressions;
using static Steward.Core.Secrets.ProviderPatterns;

namespace Steward.Core.Secrets;

/// <summary>
/// One rule per credential format a provider issues, most specific first (the order is the
/// priority when hits overlap). Prefix formats need only their regex; formats with a weaker
/// shape are confirmed by a checksum, a decode or a key name (see each rule).
/// </summary>
internal static class ProviderRules
{
    private static readonly SecretKind GitHubPat = new("github-pat", "GitHub personal access token (classic, ghp_)");
    private static readonly SecretKind GitHubOAuth = new("github-oauth-token", "GitHub OAuth access token (gho_)");
    private static readonly SecretKind GitHubUser = new("github-user-token", "GitHub App user-to-server token (ghu_)");
    private static readonly SecretKind GitHubApp = new("github-app-token", "GitHub App installation token (ghs_)");
    private static readonly SecretKind GitHubRefresh = new("github-refresh-token", "GitHub App refresh token (ghr_)");
    private static readonly SecretKind StripeLive = new("stripe-live-key", "Stripe live secret or restricted key (sk_live_, rk_live_)");
    private static readonly SecretKind StripeTest = new("stripe-test-key", "Stripe test-mode secret or restricted key (sk_test_, rk_test_)");
    private static readonly SecretKind Jwt = new("jwt", "JSON Web Token (a signed bearer credential)");
    private static readonly SecretKind UnsignedJwt = new("jwt", "JSON Web Token with alg \"none\": unsigned, yet accepted by misconfigured servers");
    private static readonly SecretKind DatabaseUrl = new("database-url-password", "Password in a database connection URL (postgres://user:password@…)");
    private static readonly SecretKind UrlPassword = new("url-password", "Password embedded in a URL (scheme://user:password@host)");
    private static readonly SecretKind AzureConnectionString = new("azure-connection-string", "Key in an Azure connection string (DefaultEndpointsProtocol=…;AccountKey=…, Endpoint=sb://…;SharedAccessKey=…)");
    private static readonly SecretKind AzureAccountKey = new("azure-storage-account-key", "Azure storage account key (AccountKey=, 88 base64 characters)");
    private static readonly SecretKind HuggingFace = new("huggingface-token", "Hugging Face access token (hf_, api_org_)");
    private static readonly SecretKind TwilioAuthToken = new("twilio-auth-token", "Twilio auth token (32 hex, named or after an account SID)");

    private static readonly System.Buffers.SearchValues<char> Base64Digits =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

    public static IEnumerable<ISecretDetector> All =>
    [
        Rule(Anthropic, "anthropic-api-key", "Anthropic API key (sk-ant-…)"),
        Rule(OpenAi, "openai-api-key", "OpenAI API key (sk-proj-…, sk-…)"),
        new PatternRule(GitHubToken, [GitHubPat, GitHubOAuth, GitHubUser, GitHubApp, GitHubRefresh], ClassifyGitHub),
        Rule(GitHubFineGrained, "github-fine-grained-pat", "GitHub fine-grained personal access token (github_pat_)"),
        Rule(GitLab, "gitlab-token", "GitLab token (glpat-, gldt-, glrt-, …)"),
        Rule(AwsAccessKeyId, "aws-access-key-id", "AWS access key id (AKIA…, ASIA…)"),
        Rule(AwsSecretAccessKey, "aws-secret-access-key", "AWS secret access key (40 characters after aws_secret_access_key)", (_, m) => HasMixedCase(m, "secret")),
        Rule(SlackToken, "slack-token", "Slack token (xoxb-, xoxp-, xapp-, …)", (_, m) => m.ValueSpan.ContainsAnyInRange('0', '9')),
        Rule(SlackWebhook, "slack-webhook-url", "Slack incoming-webhook URL (hooks.slack.com/services/…)"),
        new PatternRule(StripeSecret, [StripeLive, StripeTest], ClassifyStripe),
        new PatternRule(StripeRestricted, [StripeLive, StripeTest], ClassifyStripe),
        Rule(StripeWebhook, "stripe-webhook-secret", "Stripe webhook signing secret (whsec_)"),
        Rule(GoogleApiKey, "google-api-key", "Google API key (AIza…)"),
        Rule(GoogleOAuthSecret, "google-oauth-client-secret", "Google OAuth client secret (GOCSPX-)"),
        Rule(GoogleAccessToken, "google-oauth-access-token", "Google OAuth access token (ya29.)"),
        new PatternRule(AzureKeyField, [AzureConnectionString, AzureAccountKey], ClassifyAzureKey),
        Rule(AzureSasSignature, "azure-sas-token", "Azure shared access signature (the sig= of a URL with sv=<date>)", (text, m) => TokenChecks.HasSasVersionBefore(text, m.Index)),
        Rule(TelegramBotToken, "telegram-bot-token", "Telegram bot token (bot id:secret)", (_, m) => TokenChecks.HasMixedCase(m.ValueSpan[(m.ValueSpan.IndexOf(':') + 1)..])),
        Rule(TwilioApiKey, "twilio-api-key", "Twilio API key SID (SK + 32 hex)"),
        new PatternRule(TwilioAuthTokenByName, TwilioAuthToken),
        new PatternRule(TwilioAuthTokenAfterSid, TwilioAuthToken),
        Rule(SendGrid, "sendgrid-api-key", "SendGrid API key (SG.….…)"),
        Rule(Mailgun, "mailgun-api-key", "Mailgun API key (key- + 32 hex)"),
        Rule(Npm, "npm-access-token", "npm access token (npm_)"),
        Rule(PyPi, "pypi-api-token", "PyPI API token (pypi-AgEIcHlwaS5vcmc…)"),
        Rule(DockerHub, "docker-hub-token", "Docker Hub personal or organisation access token (dckr_pat_, dckr_oat_)"),
        new PatternRule(HuggingFaceUser, HuggingFace, (_, m) => TokenChecks.HasMixedCase(m.ValueSpan)),
        new PatternRule(HuggingFaceOrg, HuggingFace, (_, m) => TokenChecks.HasMixedCase(m.ValueSpan)),
        Rule(DiscordBot, "discord-bot-token", "Discord bot token (base64 user id . timestamp . HMAC)", (_, m) => TokenChecks.IsDiscordUserId(m.ValueSpan[..m.ValueSpan.IndexOf('.')])),
        Rule(DiscordWebhook, "discord-webhook-url", "Discord webhook URL (discord.com/api/webhooks/…)"),
        Rule(AgeSecretKey, "age-secret-key", "age encryption secret key (AGE-SECRET-KEY-1…)"),
        new PatternRule(ProviderPatterns.Jwt, [Jwt], ClassifyJwt),
    ];

    /// <summary>After the provider formats and private keys: credentials inside URLs and HTTP headers.</summary>
    public static IEnumerable<ISecretDetector> Transport =>
    [
        new PatternRule(UrlCredentials, [DatabaseUrl, UrlPassword], ClassifyUrl),
        Rule(Bearer, "bearer-token", "Bearer token in an Authorization header", (_, m) => LooksRandom(m.Groups["secret"].ValueSpan)),
        Rule(BasicAuth, "basic-auth-credentials", "HTTP Basic credentials (base64 user:password)", (_, m) => TokenChecks.IsBasicCredential(m.Groups["secret"].ValueSpan)),
    ];

    private static PatternRule Rule(Regex pattern, string kind, string description, Func<string, Match, bool>? confirm = null) =>
        new(pattern, new SecretKind(kind, description), confirm);

    private static SecretKind? ClassifyGitHub(string text, Match match)
    {
        if (!GitHubChecksum.IsValid(match.ValueSpan[4..]))
        {
            return null;
        }
        return match.ValueSpan[2] switch
        {
            'p' => GitHubPat,
            'o' => GitHubOAuth,
            'u' => GitHubUser,
            's' => GitHubApp,
            _ => GitHubRefresh,
        };
    }

    // A signature makes it a credential; without one it still is when the header says alg "none"
    // (servers that accept it are the very reason to keep it away from the model).
    private static SecretKind? ClassifyJwt(string text, Match match)
    {
        var algorithm = TokenChecks.JwtAlgorithm(match.ValueSpan[..match.ValueSpan.IndexOf('.')]);
        if (algorithm is null)
        {
            return null;
        }
        if (match.Groups["signature"].Length > 0)
        {
            return Jwt;
        }
        return algorithm.Equals("none", StringComparison.OrdinalIgnoreCase) ? UnsignedJwt : null;
    }

    // In a connection string any key field counts; alone, only an AccountKey of the storage-key shape.
    private static SecretKind? ClassifyAzureKey(string text, Match match)
    {
        if (TokenChecks.IsInAzureConnectionString(text, match.Index))
        {
            return AzureConnectionString;
        }
        var secret = match.Groups["secret"].ValueSpan;
        return match.Groups["field"].ValueSpan is "AccountKey" && secret.Length == 88 && secret.EndsWith("==", StringComparison.Ordinal)
            && !secret[..86].ContainsAnyExcept(Base64Digits) ? AzureAccountKey : null;
    }

    // Documentation hosts (example.com, api.example.org) carry example credentials only.
    private static SecretKind? ClassifyUrl(string text, Match match)
    {
        var host = match.Groups["host"].ValueSpan;
        if (host.StartsWith("example.", StringComparison.OrdinalIgnoreCase) || host.Contains(".example.", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return TokenChecks.IsDatabaseScheme(TokenChecks.SchemeBefore(text, match.Index)) ? DatabaseUrl : UrlPassword;
    }

    private static SecretKind ClassifyStripe(string text, Match match) => match.Groups["mode"].ValueSpan is "live" ? StripeLive : StripeTest;

    private static bool HasMixedCase(Match match, string group) => TokenChecks.HasMixedCase(match.Groups[group].ValueSpan);

    // A bearer value is random (has a digit and a letter), not prose such as "Bearer authentication".
    private static bool LooksRandom(ReadOnlySpan<char> token) =>
        token.ContainsAnyInRange('0', '9') && (token.ContainsAnyInRange('a', 'z') || token.ContainsAnyInRange('A', 'Z'));
}
