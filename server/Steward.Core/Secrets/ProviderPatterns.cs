using System.Text.RegularExpressions;

namespace Steward.Core.Secrets;

/// <summary>
/// The regexes of <see cref="ProviderRules"/>, all source-generated (no parsing or compiling in a
/// short-lived hook process). Every quantifier is bounded and every token pattern starts with a
/// "not inside a longer token" look-behind, so the engine only tries a pattern where a token
/// begins: scanning stays linear even over megabytes of base64 or repeated prefixes.
/// </summary>
internal static partial class ProviderPatterns
{
    private const RegexOptions Flags = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;
    private const RegexOptions IgnoreCaseFlags = Flags | RegexOptions.IgnoreCase;

    // Token boundaries for base64url-ish tokens: not preceded / followed by another token character.
    private const string Begin = "(?<![A-Za-z0-9_-])";
    private const string End = "(?![A-Za-z0-9_-])";
    private const string AlnumBegin = "(?<![A-Za-z0-9_])";
    private const string AlnumEnd = "(?![A-Za-z0-9_])";

    [GeneratedRegex(Begin + "sk-ant-[a-z]{2,8}[0-9]{2}-[A-Za-z0-9_-]{32,300}" + End, Flags)]
    public static partial Regex Anthropic { get; }

    [GeneratedRegex(Begin + "sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,300}|[A-Za-z0-9]{48})" + End, Flags)]
    public static partial Regex OpenAi { get; }

    [GeneratedRegex("(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])", Flags)]
    public static partial Regex AwsAccessKeyId { get; }

    // The 40-character secret has no prefix of its own: only its key name makes it recognisable.
    [GeneratedRegex("(?i:aws[_-]?secret(?:[_-]?access)?(?:[_-]?key)?|secret[_-]?access[_-]?key)[\"']?\\s{0,5}(?:=>|=|:)\\s{0,5}[\"']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])", Flags)]
    public static partial Regex AwsSecretAccessKey { get; }

    [GeneratedRegex(AlnumBegin + "gh[pousr]_[A-Za-z0-9]{36}" + AlnumEnd, Flags)]
    public static partial Regex GitHubToken { get; }

    [GeneratedRegex(AlnumBegin + "github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}" + AlnumEnd, Flags)]
    public static partial Regex GitHubFineGrained { get; }

    [GeneratedRegex(Begin + "gl(?:pat|dt|rt|ptt|cbt|imt|ft|oas|soat|agent)-[A-Za-z0-9_-]{20}[A-Za-z0-9_.-]{0,280}(?<!\\.)" + End, Flags)]
    public static partial Regex GitLab { get; }

    [GeneratedRegex(Begin + "(?:xox[abposr]|xapp)-[0-9A-Za-z]{1,40}-[0-9A-Za-z-]{8,250}" + End, Flags)]
    public static partial Regex SlackToken { get; }

    [GeneratedRegex("https://hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/-]{20,200}", Flags)]
    public static partial Regex SlackWebhook { get; }

    // Secret (sk_) and restricted (rk_) keys as two patterns: each then starts with a literal the
    // engine finds with a vectorized search, where "[rs]k_" would stop at every r and s.
    [GeneratedRegex(AlnumBegin + "sk_(?<mode>live|test)_[A-Za-z0-9]{20,250}" + AlnumEnd, Flags)]
    public static partial Regex StripeSecret { get; }

    [GeneratedRegex(AlnumBegin + "rk_(?<mode>live|test)_[A-Za-z0-9]{20,250}" + AlnumEnd, Flags)]
    public static partial Regex StripeRestricted { get; }

    [GeneratedRegex(AlnumBegin + "whsec_[A-Za-z0-9+/=]{32,100}" + AlnumEnd, Flags)]
    public static partial Regex StripeWebhook { get; }

    [GeneratedRegex(Begin + "AIza[0-9A-Za-z_-]{35}" + End, Flags)]
    public static partial Regex GoogleApiKey { get; }

    [GeneratedRegex(Begin + "GOCSPX-[A-Za-z0-9_-]{28}" + End, Flags)]
    public static partial Regex GoogleOAuthSecret { get; }

    [GeneratedRegex("(?<![A-Za-z0-9_.-])ya29\\.[A-Za-z0-9_-]{30,2000}" + End, Flags)]
    public static partial Regex GoogleAccessToken { get; }

    // The key fields of Azure connection strings. What surrounds them (DefaultEndpointsProtocol=…,
    // Endpoint=sb://…) is checked by looking back from the field, not matched by a lazy prefix that
    // a pathological input would make the engine retry at every "DefaultEndpointsProtocol=".
    [GeneratedRegex("(?<![A-Za-z0-9])(?<field>AccountKey|SharedAccessKey|SharedAccessSignature)=(?<secret>[^\\s\"'<>;]{20,400})", Flags)]
    public static partial Regex AzureKeyField { get; }

    // A SAS signature; the "sv=<date>" that makes it Azure's is checked by looking back.
    [GeneratedRegex("(?<![A-Za-z0-9])sig=(?<secret>[A-Za-z0-9%+/=]{30,200})", Flags)]
    public static partial Regex AzureSasSignature { get; }

    // Searched from the ':' (rarer than digits) with the bot id checked behind it; the secret is the
    // part after the ':' (the bot id is public).
    [GeneratedRegex("(?<=(?<![A-Za-z0-9_:-])[0-9]{8,10}):(?<secret>[A-Za-z0-9_-]{35})" + End, Flags)]
    public static partial Regex TelegramBotToken { get; }

    [GeneratedRegex("(?<![A-Za-z0-9])SK[0-9a-f]{32}(?![A-Za-z0-9])", Flags)]
    public static partial Regex TwilioApiKey { get; }

    // An auth token is 32 bare hex: recognisable only by its key name or by following an account SID.
    [GeneratedRegex("(?i:twilio[a-z0-9_-]{0,20}?auth[_-]?token)[\"']?\\s{0,5}[:=]\\s{0,5}[\"']?(?<secret>[0-9a-f]{32})(?![A-Za-z0-9])", Flags)]
    public static partial Regex TwilioAuthTokenByName { get; }

    [GeneratedRegex("(?<![A-Za-z0-9])AC[0-9a-f]{32}[^A-Za-z0-9\\r\\n]{1,10}(?<secret>[0-9a-f]{32})(?![A-Za-z0-9])", Flags)]
    public static partial Regex TwilioAuthTokenAfterSid { get; }

    [GeneratedRegex(Begin + "SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}" + End, Flags)]
    public static partial Regex SendGrid { get; }

    [GeneratedRegex(Begin + "key-[0-9a-f]{32}" + End, Flags)]
    public static partial Regex Mailgun { get; }

    [GeneratedRegex(AlnumBegin + "npm_[A-Za-z0-9]{36}" + AlnumEnd, Flags)]
    public static partial Regex Npm { get; }

    // The fixed part is the base64 of the macaroon's location: "pypi.org" or "test.pypi.org".
    [GeneratedRegex(Begin + "pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,1000}" + End, Flags)]
    public static partial Regex PyPi { get; }

    [GeneratedRegex(Begin + "dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,100}" + End, Flags)]
    public static partial Regex DockerHub { get; }

    [GeneratedRegex(AlnumBegin + "hf_[A-Za-z0-9]{34,40}" + AlnumEnd, Flags)]
    public static partial Regex HuggingFaceUser { get; }

    [GeneratedRegex(AlnumBegin + "api_org_[A-Za-z0-9]{34,40}" + AlnumEnd, Flags)]
    public static partial Regex HuggingFaceOrg { get; }

    [GeneratedRegex(Begin + "[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,40}" + End, Flags)]
    public static partial Regex DiscordBot { get; }

    [GeneratedRegex("https://(?:(?:ptb|canary)\\.)?discord(?:app)?\\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{60,68}" + End, Flags)]
    public static partial Regex DiscordWebhook { get; }

    [GeneratedRegex(Begin + "eyJ[A-Za-z0-9_-]{5,4000}\\.eyJ[A-Za-z0-9_-]{2,16000}\\.(?<signature>[A-Za-z0-9_-]{0,2000})" + End, Flags)]
    public static partial Regex Jwt { get; }

    [GeneratedRegex("(?<![A-Za-z0-9-])AGE-SECRET-KEY-1[0-9A-Z]{58}(?![A-Za-z0-9])", Flags)]
    public static partial Regex AgeSecretKey { get; }

    // Any scheme://user:password@host — the scheme is read back from the text by the classifier, so
    // the engine searches for the literal "://" only. A password has no unescaped ':' (that is
    // CVS's ":pserver:" syntax, not a credential).
    [GeneratedRegex("://[^\\s:/@'\"<>]{0,200}:(?<secret>[^\\s:/@'\"<>]{1,200})@(?<host>[A-Za-z0-9.-]{0,100})", Flags)]
    public static partial Regex UrlCredentials { get; }

    [GeneratedRegex("(?<![A-Za-z0-9_-])bearer[ \\t]{1,5}(?<secret>[A-Za-z0-9._~+/-]{20,4000}=*)(?![A-Za-z0-9._~+/=-])", IgnoreCaseFlags)]
    public static partial Regex Bearer { get; }

    [GeneratedRegex("authorization[\"']?\\s{0,3}[:=]\\s{0,3}[\"']?basic\\s{1,5}(?<secret>[A-Za-z0-9+/]{8,1000}={0,2})(?![A-Za-z0-9+/=])", IgnoreCaseFlags)]
    public static partial Regex BasicAuth { get; }
}
