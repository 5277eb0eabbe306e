namespace Steward.Core.Guard.Analysis;

/// <summary>
/// How a command reads its options: which short letters and long names take a value (so the value
/// is not mistaken for an operand), which take an optional value glued on (<c>sed -i.bak</c>), and
/// whether options stop at the first operand (POSIX style, as for wrappers that run a command).
/// </summary>
internal sealed class OptionSpec(string shortWithValue, string[] longWithValue, bool stopAtFirstOperand = false, string shortWithAttachedValue = "", Func<string, bool>? dashedOperand = null)
{
    public static OptionSpec Plain { get; } = new(string.Empty, []);

    public string ShortWithValue { get; } = shortWithValue;

    public string[] LongWithValue { get; } = longWithValue;

    public bool StopAtFirstOperand { get; } = stopAtFirstOperand;

    public string ShortWithAttachedValue { get; } = shortWithAttachedValue;

    /// <summary>Recognises operands that start with a dash (chmod's <c>-w</c> is a mode, not an option).</summary>
    public Func<string, bool>? DashedOperand { get; } = dashedOperand;

    public bool LongTakesValue(ReadOnlySpan<char> name)
    {
        foreach (var candidate in LongWithValue)
        {
            if (candidate.AsSpan().StartsWith(name) && name.Length >= Math.Min(2, candidate.Length))
            {
                return true;
            }
        }
        return false;
    }
}
