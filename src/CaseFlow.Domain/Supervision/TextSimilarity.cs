namespace CaseFlow.Domain.Supervision;

/// <summary>How alike two descriptions of information are, for Chinese text: the Jaccard similarity of their character
/// bigrams (n-grams of two characters), ignoring whitespace and punctuation. No word segmentation is needed, and
/// 「2024年老旧小区改造资金」 and 「老旧小区改造资金2024年」 come out close although no space separates any word.</summary>
/// <remarks>Used at registration (the same applicant asking again, Art. 36(六)) and by the early warning of many applicants
/// asking for the same information (Art. 44).</remarks>
public static class TextSimilarity
{
    /// <summary>0 (nothing in common, or a text shorter than two characters) to 1 (the same bigrams).</summary>
    public static double Of(string a, string b) => Of(Bigrams(a), Bigrams(b));

    /// <summary>The same measure on bigram sets computed once (comparing many texts pairwise).</summary>
    public static double Of(IReadOnlySet<string> x, IReadOnlySet<string> y)
    {
        if (x.Count == 0 || y.Count == 0)
            return 0;
        var (small, large) = x.Count <= y.Count ? (x, y) : (y, x);
        var common = small.Count(large.Contains);
        return (double)common / (x.Count + y.Count - common);
    }

    /// <summary>The distinct character bigrams of a text, whitespace and punctuation removed.</summary>
    public static HashSet<string> Bigrams(string text)
    {
        var chars = text.Where(c => !char.IsWhiteSpace(c) && !char.IsPunctuation(c) && !char.IsSymbol(c)).ToArray();
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < chars.Length; i++)
            set.Add(new string(chars, i, 2));
        return set;
    }
}
