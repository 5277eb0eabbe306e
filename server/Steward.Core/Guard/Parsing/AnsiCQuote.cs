using System.Globalization;
using System.Text;

namespace Steward.Core.Guard.Parsing;

/// <summary>
/// Decodes bash's <c>$'…'</c> strings, so that <c>$'\x72\x6d'</c> is seen as <c>rm</c>.
/// </summary>
internal static class AnsiCQuote
{
    /// <summary>Decodes from just after <c>$'</c>; returns the text, the index after the closing quote (or the end) and whether it closed.</summary>
    public static (string Text, int End, bool Closed) Decode(string text, int start)
    {
        var builder = new StringBuilder();
        var i = start;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\'')
            {
                return (builder.ToString(), i + 1, true);
            }
            if (c != '\\' || i + 1 >= text.Length)
            {
                builder.Append(c);
                i++;
                continue;
            }
            var e = text[i + 1];
            i += 2;
            switch (e)
            {
                case 'a': builder.Append('\a'); break;
                case 'b': builder.Append('\b'); break;
                case 'e' or 'E': builder.Append('\u001b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'v': builder.Append('\v'); break;
                case '\\' or '\'' or '"' or '?': builder.Append(e); break;
                case 'x':
                    i = AppendNumber(builder, text, i, 2, 16);
                    break;
                case 'u':
                    i = AppendNumber(builder, text, i, 4, 16);
                    break;
                case 'U':
                    i = AppendNumber(builder, text, i, 8, 16);
                    break;
                case 'c' when i < text.Length:
                    builder.Append((char)(text[i] & 0x1f));
                    i++;
                    break;
                case >= '0' and <= '7':
                    i = AppendNumber(builder, text, i - 1, 3, 8);
                    break;
                default:
                    builder.Append('\\').Append(e);
                    break;
            }
        }
        return (builder.ToString(), text.Length, false);
    }

    private static int AppendNumber(StringBuilder builder, string text, int at, int maxDigits, int radix)
    {
        var end = at;
        while (end < text.Length && end - at < maxDigits && IsDigit(text[end], radix))
        {
            end++;
        }
        if (end == at)
        {
            builder.Append('\\').Append(radix == 16 ? text[at - 1] : '0');
            return at;
        }
        var value = radix == 16
            ? long.Parse(text.AsSpan(at, end - at), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : Convert.ToInt64(text.Substring(at, end - at), 8);
        if (value is >= 0 and <= 0x10FFFF && value is < 0xD800 or > 0xDFFF)
        {
            builder.Append(char.ConvertFromUtf32((int)value));
        }
        return end;
    }

    private static bool IsDigit(char c, int radix) => radix == 16 ? char.IsAsciiHexDigit(c) : c is >= '0' and <= '7';
}
