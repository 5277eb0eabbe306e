namespace Steward.Core.Guard.Analysis;

/// <summary>
/// A command's options and operands, read the way getopt does: short flags combined or apart
/// (<c>-rf</c>, <c>-r -f</c>, <c>-fr</c>), long ones with or without <c>=value</c>, abbreviated long
/// names (<c>--recur</c>), options after operands (GNU), and <c>--</c> ending options.
/// </summary>
internal sealed class ParsedOptions
{
    private readonly List<string> _longs = [];
    private readonly List<(string Key, string Value)> _values = [];
    private ulong _shortLow;
    private ulong _shortHigh;

    private ParsedOptions()
    {
    }

    /// <summary>Indices, into the arguments parsed, of the operands.</summary>
    public List<int> Operands { get; } = [];

    public static ParsedOptions Parse(ArraySegment<ResolvedArg> args, OptionSpec spec)
    {
        var parsed = new ParsedOptions();
        var onlyOperands = false;
        for (var i = 0; i < args.Count; i++)
        {
            var text = args[i].Text;
            if (onlyOperands || text.Length < 2 || text[0] != '-' || (spec.DashedOperand is { } isOperand && text != "--" && isOperand(text)))
            {
                parsed.Operands.Add(i);
                onlyOperands |= spec.StopAtFirstOperand;
                continue;
            }
            if (text == "--")
            {
                onlyOperands = true;
                continue;
            }
            if (text[1] == '-')
            {
                var equals = text.IndexOf('=', StringComparison.Ordinal);
                var name = equals < 0 ? text[2..] : text[2..equals];
                parsed._longs.Add(name);
                if (equals >= 0)
                {
                    parsed._values.Add((name, text[(equals + 1)..]));
                }
                else if (spec.LongTakesValue(name) && i + 1 < args.Count)
                {
                    parsed._values.Add((name, args[++i].Text));
                }
                continue;
            }
            for (var k = 1; k < text.Length; k++)
            {
                var letter = text[k];
                parsed.SetShort(letter);
                if (spec.ShortWithAttachedValue.Contains(letter, StringComparison.Ordinal))
                {
                    parsed._values.Add((letter.ToString(), text[(k + 1)..]));
                    break;
                }
                if (spec.ShortWithValue.Contains(letter, StringComparison.Ordinal))
                {
                    if (k + 1 < text.Length)
                    {
                        parsed._values.Add((letter.ToString(), text[(k + 1)..]));
                    }
                    else if (i + 1 < args.Count)
                    {
                        parsed._values.Add((letter.ToString(), args[++i].Text));
                    }
                    break;
                }
            }
        }
        return parsed;
    }

    private void SetShort(char letter)
    {
        if (letter < 64)
        {
            _shortLow |= 1UL << letter;
        }
        else if (letter < 128)
        {
            _shortHigh |= 1UL << (letter - 64);
        }
    }

    public bool Short(char letter) => letter < 64 ? (_shortLow & (1UL << letter)) != 0 : letter < 128 && (_shortHigh & (1UL << (letter - 64))) != 0;

    /// <summary>The long option is present, spelled out or abbreviated to at least <paramref name="minimumPrefix"/> letters.</summary>
    public bool Long(string name, int minimumPrefix = 3)
    {
        foreach (var given in _longs)
        {
            if (given == name || (given.Length >= Math.Min(minimumPrefix, name.Length) && name.StartsWith(given, StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Either spelling of an option is present.</summary>
    public bool Has(char letter, string longName) => Short(letter) || Long(longName);

    /// <summary>The last value given to the short letter or the long name, or null.</summary>
    public string? Value(char letter, string? longName = null)
    {
        for (var i = _values.Count - 1; i >= 0; i--)
        {
            var (key, value) = _values[i];
            if ((key.Length == 1 && key[0] == letter) || (longName is not null && key.Length >= 3 && longName.StartsWith(key, StringComparison.Ordinal)))
            {
                return value;
            }
        }
        return null;
    }

    /// <summary>Every value given to the short letter or the long name, in order.</summary>
    public IEnumerable<string> Values(char letter, string? longName = null)
    {
        foreach (var (key, value) in _values)
        {
            if ((key.Length == 1 && key[0] == letter) || (longName is not null && key.Length >= 3 && longName.StartsWith(key, StringComparison.Ordinal)))
            {
                yield return value;
            }
        }
    }
}
