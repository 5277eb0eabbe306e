using System.Globalization;
using System.Text;

namespace Steward.Hooks;

/// <summary>JSON string literals without System.Text.Encodings.Web (see <see cref="HookOutput.WriteTo"/>).</summary>
internal static class JsonText
{
    public static void AppendString(StringBuilder json, string value)
    {
        json.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"':
                    json.Append("\\\"");
                    break;
                case '\\':
                    json.Append("\\\\");
                    break;
                case '\n':
                    json.Append("\\n");
                    break;
                case '\r':
                    json.Append("\\r");
                    break;
                case '\t':
                    json.Append("\\t");
                    break;
                // Control characters must be escaped; U+2028/2029 are, so any JavaScript reader copes.
                case < ' ' or '\u2028' or '\u2029':
                    json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                case >= '\uD800' and <= '\uDBFF' when i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]):
                    json.Append(c).Append(value[++i]);
                    break;
                // A lone half of a surrogate pair cannot be encoded as UTF-8 and strict readers refuse
                // it escaped, so it becomes U+FFFD, as an invalid byte does when decoding.
                case >= '\uD800' and <= '\uDFFF':
                    json.Append('\uFFFD');
                    break;
                default:
                    json.Append(c);
                    break;
            }
        }
        json.Append('"');
    }
}
