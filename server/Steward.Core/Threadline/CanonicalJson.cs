using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Steward.Core.Threadline;

/// <summary>
/// JSON exactly as JavaScript's <c>JSON.stringify</c> writes it (no whitespace, non-ASCII raw,
/// JS number form), plus the two canonical forms Threadline signs: envelopes sort only their
/// top-level keys (UTF-16 code-unit order, like <c>Array.prototype.sort()</c>) and drop
/// <c>signature</c>; agent cards sort keys at every level.
/// </summary>
public static class CanonicalJson
{
    public static string Envelope(JsonObject envelope) => Write(envelope, sortTopLevel: true, sortDeep: false, drop: "signature");

    public static string Card(JsonNode card) => Write(card, sortTopLevel: true, sortDeep: true, drop: null);

    /// <summary>Insertion order kept, as JSON.stringify does.</summary>
    public static string Stringify(JsonNode? node) => Write(node, sortTopLevel: false, sortDeep: false, drop: null);

    private static string Write(JsonNode? node, bool sortTopLevel, bool sortDeep, string? drop)
    {
        var text = new StringBuilder();
        Append(text, node, sortTopLevel, sortDeep, drop);
        return text.ToString();
    }

    private static void Append(StringBuilder text, JsonNode? node, bool sort, bool sortDeep, string? drop)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                var properties = obj.Where(p => p.Key != drop);
                if (sort)
                {
                    properties = properties.OrderBy(p => p.Key, StringComparer.Ordinal);
                }
                text.Append('{');
                var first = true;
                foreach (var (key, value) in properties)
                {
                    text.Append(first ? "" : ",");
                    first = false;
                    AppendString(text, key);
                    text.Append(':');
                    Append(text, value, sortDeep, sortDeep, null);
                }
                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    text.Append(i == 0 ? "" : ",");
                    Append(text, array[i], sortDeep, sortDeep, null);
                }
                text.Append(']');
                break;
            case JsonValue value:
                AppendValue(text, value);
                break;
        }
    }

    private static void AppendValue(StringBuilder text, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                AppendString(text, value.GetValue<string>());
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            case JsonValueKind.Number:
                // Values built in code may hold an int or a long, not a double: go through their JSON text.
                text.Append(JsNumber(value.TryGetValue<double>(out var number) ? number : double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture)));
                break;
            default:
                text.Append("null");
                break;
        }
    }

    /// <summary>JSON.stringify's escaping: quote, backslash and control characters; lone surrogates as \udxxx; everything else raw.</summary>
    public static void AppendString(StringBuilder text, string value)
    {
        text.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ':
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                case >= '\uD800' and <= '\uDBFF' when i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]):
                    text.Append(c).Append(value[++i]);
                    break;
                case >= '\uD800' and <= '\uDFFF':
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }
        text.Append('"');
    }

    /// <summary>Number::toString: shortest round-trip digits, plain between 1e-7 and 1e21, else d.ddde±n.</summary>
    public static string JsNumber(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return "null";
        }
        if (value == 0)
        {
            return "0";
        }
        var negative = value < 0;
        // Shortest digits: "R" gives them; read digits and exponent from its scientific form.
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var e = shortest.IndexOfAny(['E', 'e']);
        var mantissa = e >= 0 ? shortest[..e] : shortest;
        var power = e >= 0 ? int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fraction = dot >= 0 ? mantissa[(dot + 1)..] : "";
        // value = 0.d1d2… × 10^exponent
        var digits = (integerPart + fraction).TrimStart('0');
        var leadingZeros = (integerPart + fraction).Length - (integerPart + fraction).TrimStart('0').Length;
        var exponent = integerPart.Length - leadingZeros + power;
        digits = digits.TrimEnd('0');
        var k = digits.Length;
        var n = exponent;
        string result;
        if (k <= n && n <= 21)
        {
            result = digits + new string('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            result = digits[..n] + "." + digits[n..];
        }
        else if (-6 < n && n <= 0)
        {
            result = "0." + new string('0', -n) + digits;
        }
        else
        {
            var exp = n - 1;
            result = (k == 1 ? digits : digits[..1] + "." + digits[1..]) + "e" + (exp >= 0 ? "+" : "-") + Math.Abs(exp).ToString(CultureInfo.InvariantCulture);
        }
        return negative ? "-" + result : result;
    }
}
