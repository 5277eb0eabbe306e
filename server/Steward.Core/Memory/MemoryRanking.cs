namespace Steward.Core.Memory;

/// <summary>
/// How search results are ordered. FTS5 finds the candidates and scores their text with bm25
/// (text weighs 1.0, tags 0.5); each candidate's final score is
///
///   score = relevance × recency × importance × use
///   relevance  = −bm25 (FTS5 reports it negated: larger is better) over the query's discriminating
///                terms, plus 0.5 for each common term (see MemoryCandidates)
///   recency    = 0.3 + 0.7 × 0.5^(age_days / half_life)   half_life = memory.half_life_days (30),
///                                                          four times longer for facts and lessons
///   importance = 0.6 + 0.2 × importance                   1 → 0.8 … 3 → 1.2 … 5 → 1.6
///   use        = 1 + 0.15 × ln(1 + times returned by memory_search)
///
/// Recency never falls below 0.3, so an old entry that matches well still surfaces. A query
/// matching more than <see cref="Window"/> entries (a common word in a big store) is ranked over
/// the newest <see cref="Window"/> of its matches.
/// </summary>
public static class MemoryRanking
{
    public static double Score(double relevance, MemoryKind kind, int importance, int useCount, TimeSpan age, double halfLifeDays)
    {
        var ageDays = Math.Max(0, age.TotalDays);
        var recency = 0.3 + 0.7 * Math.Pow(0.5, ageDays / (halfLifeDays * kind.HalfLifeFactor()));
        var importanceWeight = 0.6 + 0.2 * importance;
        var use = 1 + 0.15 * Math.Log(1 + useCount);
        return relevance * recency * importanceWeight * use;
    }

    /// <summary>When a query matches more entries than this, only the newest this many are ranked.</summary>
    public const int Window = 100;

    /// <summary>A term found in at least this many entries is "common": bm25 is not asked about it.</summary>
    public const int CommonTerm = 500;

    /// <summary>What a common term adds to relevance: about what bm25 gives a term that frequent.</summary>
    public const double CommonTermRelevance = 0.5;
}
