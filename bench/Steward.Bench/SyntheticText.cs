namespace Steward.Bench;

/// <summary>
/// Text that looks like an agent's notes to a search engine: a 30,000-word vocabulary of
/// pronounceable words used with a Zipf distribution (a few very common, most rare), sentences
/// of 8-30 words, hundreds of topics. Seeded, so every run builds the same store.
/// </summary>
internal sealed class SyntheticText
{
    private static readonly string[] Onsets = ["b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "st", "tr", "pl", "gr", "br", "ch", "sh"];
    private static readonly string[] Vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "io"];
    private static readonly string[] Codas = ["", "", "n", "r", "s", "t", "l", "m", "nd", "st", "rk", "ng"];

    private readonly Random _random;
    private readonly string[] _words;
    private readonly double[] _cumulative;

    public SyntheticText(int seed = 42, int vocabulary = 30_000)
    {
        _random = new Random(seed);
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (words.Count < vocabulary)
        {
            var syllables = 1 + _random.Next(3);
            var word = string.Concat(Enumerable.Range(0, syllables).Select(_ => Onsets[_random.Next(Onsets.Length)] + Vowels[_random.Next(Vowels.Length)] + Codas[_random.Next(Codas.Length)]));
            words.Add(word);
        }
        _words = [.. words];
        _cumulative = new double[_words.Length];
        var total = 0.0;
        for (var i = 0; i < _words.Length; i++)
        {
            total += 1.0 / Math.Pow(i + 1, 1.07);
            _cumulative[i] = total;
        }
        for (var i = 0; i < _cumulative.Length; i++)
        {
            _cumulative[i] /= total;
        }
    }

    public Random Random => _random;

    public string Word()
    {
        var index = Array.BinarySearch(_cumulative, _random.NextDouble());
        return _words[index < 0 ? ~index : index];
    }

    /// <summary>A word from the less common half of the vocabulary's mass: what people actually search for.</summary>
    public string SearchWord()
    {
        var index = Array.BinarySearch(_cumulative, 0.35 + _random.NextDouble() * 0.6);
        return _words[index < 0 ? ~index : index];
    }

    public string Sentence(int minWords = 8, int maxWords = 30)
    {
        var count = minWords + _random.Next(maxWords - minWords + 1);
        var words = new string[count];
        for (var i = 0; i < count; i++)
        {
            words[i] = Word();
        }
        words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
        return string.Join(' ', words) + ".";
    }
}
