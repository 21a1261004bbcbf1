using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;

namespace CaseFlow.Domain.Supervision;

/// <summary>A request as the early warning sees it: who asked, for what, on which day it was registered.</summary>
public sealed record WarningCandidate(string Id, string TrackingNumber, string ApplicantName, string Description, LocalDate RegisteredOn);

/// <summary>The thresholds of the early warning (预警), each with its unit.</summary>
public sealed record EarlyWarningSettings
{
    /// <summary>One applicant filing more than this many requests …</summary>
    public int FrequentApplicantMaxRequests { get; init; } = 5;
    /// <summary>… within this many calendar days raises a high-frequency alert.</summary>
    public int FrequentApplicantPeriodDays { get; init; } = 30;
    /// <summary>At least this many different applicants asking for similar information within the period raises a group alert.</summary>
    public int SimilarApplicantsAtLeast { get; init; } = 3;
    /// <summary>Bigram Jaccard similarity (0–1) from which two descriptions count as asking for the same information.</summary>
    public double SimilarityThreshold { get; init; } = 0.5;
    /// <summary>Calendar days looked back for similar applications.</summary>
    public int SimilarPeriodDays { get; init; } = 30;
    /// <summary>A description spanning at least this many years (「2015年至2025年」) is a large-volume request.</summary>
    public int LargeVolumeYearsSpanned { get; init; } = 5;
    /// <summary>A description mentioning at least this many pages or items (「约1.2万页」, 「3000件」) is a large-volume request.</summary>
    public int LargeVolumePages { get; init; } = 1000;

    /// <summary>The longest period the warning needs to read back, in calendar days.</summary>
    public int LookBackDays => Math.Max(FrequentApplicantPeriodDays, SimilarPeriodDays);
}

public enum WarningKind
{
    /// <summary>高频申请: one applicant files many requests in a short period (Art. 35).</summary>
    FrequentApplicant = 1,
    /// <summary>群体性申请: many applicants ask for the same or very similar information (Art. 44).</summary>
    SimilarRequests = 2,
    /// <summary>大批量申请: one request asks for a very large volume of information (Art. 35).</summary>
    LargeVolume = 3,
}

/// <summary>An alert: what was seen, the requests it concerns (oldest first), and why (<paramref name="Detail"/> in English
/// for logs; <paramref name="Evidence"/> the words of a large-volume request that raised it).</summary>
public sealed record Warning(WarningKind Kind, string Subject, IReadOnlyList<WarningCandidate> Requests, string Detail, string? Evidence = null)
{
    public int Applicants => Requests.Select(r => r.ApplicantName.Trim()).Distinct(StringComparer.Ordinal).Count();
}

/// <summary>The early warning (预警) of applications that may call for the statutory options: asking the applicant for the
/// reasons (Art. 35), treating the applications as exceeding a reasonable scope (Art. 35, with a fee under
/// 国办函〔2020〕109号), or moving information many people ask for into proactive disclosure (Art. 44).</summary>
public static class EarlyWarning
{
    public static IReadOnlyList<Warning> Detect(IReadOnlyList<WarningCandidate> requests, LocalDate today, EarlyWarningSettings settings)
    {
        var warnings = new List<Warning>();
        warnings.AddRange(FrequentApplicants(requests, today, settings));
        warnings.AddRange(SimilarRequests(requests, today, settings));
        warnings.AddRange(requests.Where(r => r.RegisteredOn > today.PlusDays(-settings.SimilarPeriodDays))
            .Select(r => (Request: r, Found: LargeVolume(r.Description, settings)))
            .Where(x => x.Found is not null)
            .Select(x => new Warning(WarningKind.LargeVolume, x.Request.TrackingNumber, [x.Request], x.Found!.Value.Why, x.Found.Value.Evidence)));
        return warnings;
    }

    /// <summary>Art. 35: more than <see cref="EarlyWarningSettings.FrequentApplicantMaxRequests"/> requests of one applicant
    /// (by name) registered in the last <see cref="EarlyWarningSettings.FrequentApplicantPeriodDays"/> days, today included.</summary>
    public static IEnumerable<Warning> FrequentApplicants(IReadOnlyList<WarningCandidate> requests, LocalDate today, EarlyWarningSettings settings)
    {
        var since = today.PlusDays(-(settings.FrequentApplicantPeriodDays - 1));
        return requests.Where(r => r.RegisteredOn >= since && r.RegisteredOn <= today)
            .GroupBy(r => r.ApplicantName.Trim(), StringComparer.Ordinal)
            .Where(g => g.Count() > settings.FrequentApplicantMaxRequests)
            .OrderByDescending(g => g.Count())
            .Select(g => new Warning(WarningKind.FrequentApplicant, g.Key, g.OrderBy(r => r.RegisteredOn).ThenBy(r => r.TrackingNumber, StringComparer.Ordinal).ToList(),
                $"{g.Count()} requests in {settings.FrequentApplicantPeriodDays} days (more than {settings.FrequentApplicantMaxRequests})"));
    }

    /// <summary>Art. 44: groups of requests whose descriptions are linked by a similarity at or above the threshold (single
    /// linkage), coming from at least <see cref="EarlyWarningSettings.SimilarApplicantsAtLeast"/> different applicants.</summary>
    public static IEnumerable<Warning> SimilarRequests(IReadOnlyList<WarningCandidate> requests, LocalDate today, EarlyWarningSettings settings)
    {
        var since = today.PlusDays(-(settings.SimilarPeriodDays - 1));
        var window = requests.Where(r => r.RegisteredOn >= since && r.RegisteredOn <= today).ToList();
        var parent = Enumerable.Range(0, window.Count).ToArray();
        int Root(int i) => parent[i] == i ? i : parent[i] = Root(parent[i]);
        foreach (var (i, j) in SimilarPairs(window.Select(r => r.Description).ToList(), settings.SimilarityThreshold))
            parent[Root(i)] = Root(j);
        return Enumerable.Range(0, window.Count).GroupBy(Root)
            .Select(g => g.Select(i => window[i]).OrderBy(r => r.RegisteredOn).ThenBy(r => r.TrackingNumber, StringComparer.Ordinal).ToList())
            .Where(g => g.Select(r => r.ApplicantName.Trim()).Distinct(StringComparer.Ordinal).Count() >= settings.SimilarApplicantsAtLeast)
            .OrderByDescending(g => g.Count)
            .Select(g => new Warning(WarningKind.SimilarRequests, g[0].Description, g,
                $"{g.Select(r => r.ApplicantName.Trim()).Distinct(StringComparer.Ordinal).Count()} applicants, {g.Count} requests, similarity ≥ {settings.SimilarityThreshold.ToString("0.##", CultureInfo.InvariantCulture)}"));
    }

    /// <summary>Art. 35 for a group: the similar-requests alert (<see cref="SimilarRequests"/>, the same detection as the
    /// 预警 page) that holds every one of <paramref name="requestIds"/>, or none: requests of several applicants may be
    /// decided as one batch only when they form one such group.</summary>
    public static Warning? SimilarGroupHolding(IReadOnlyCollection<string> requestIds, IReadOnlyList<WarningCandidate> requests, LocalDate today,
        EarlyWarningSettings settings) =>
        requestIds.Count == 0 ? null
            : SimilarRequests(requests, today, settings).FirstOrDefault(w =>
                requestIds.All(id => w.Requests.Any(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase))));

    /// <summary>Every pair of texts (i &lt; j) whose bigram Jaccard similarity is at least <paramref name="threshold"/>, the
    /// same pairs as comparing all of them with <see cref="TextSimilarity.Of(string, string)"/>, found without comparing
    /// all of them: bigrams are ordered rarest first, and two texts can only reach the threshold if their prefixes of
    /// length |x| − ⌈t·|x|⌉ + 1 share a bigram (prefix filtering), and only if their sizes are within t of each other.</summary>
    public static IReadOnlyList<(int I, int J)> SimilarPairs(IReadOnlyList<string> texts, double threshold)
    {
        if (threshold is not (> 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The similarity threshold is above 0 and at most 1.");
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var sets = texts.Select(t => TextSimilarity.Bigrams(t).Select(g => ids.TryGetValue(g, out var id) ? id : ids[g] = ids.Count).ToArray()).ToList();
        var frequency = new int[ids.Count];
        foreach (var set in sets)
            foreach (var id in set)
                frequency[id]++;
        var byRarity = sets.Select(set => set.OrderBy(id => frequency[id]).ThenBy(id => id).ToArray()).ToList();
        foreach (var set in sets)
            Array.Sort(set);
        var index = new Dictionary<int, List<int>>();
        var pairs = new List<(int, int)>();
        for (var j = 0; j < sets.Count; j++)
        {
            var y = sets[j];
            if (y.Length == 0)
                continue;
            var prefix = Math.Clamp(y.Length - (int)Math.Ceiling(threshold * y.Length - 1e-9) + 1, 1, y.Length);
            var candidates = new HashSet<int>();
            for (var k = 0; k < prefix; k++)
                if (index.TryGetValue(byRarity[j][k], out var postings))
                    candidates.UnionWith(postings);
            foreach (var i in candidates.Order())
            {
                var x = sets[i];
                if (Math.Min(x.Length, y.Length) < threshold * Math.Max(x.Length, y.Length) - 1e-9)
                    continue;
                var common = Common(x, y);
                if ((double)common / (x.Length + y.Length - common) >= threshold)
                    pairs.Add((i, j));
            }
            for (var k = 0; k < prefix; k++)
            {
                if (!index.TryGetValue(byRarity[j][k], out var postings))
                    index[byRarity[j][k]] = postings = [];
                postings.Add(j);
            }
        }
        return pairs;

        static int Common(int[] a, int[] b)
        {
            int n = 0, p = 0, q = 0;
            while (p < a.Length && q < b.Length)
            {
                if (a[p] == b[q]) { n++; p++; q++; }
                else if (a[p] < b[q]) p++;
                else q++;
            }
            return n;
        }
    }

    private static readonly Regex YearSpan = new(@"((?:19|20)\d{2})\s*年?\s*(?:至|到|—|－|-|~|～)\s*((?:19|20)\d{2})\s*年", RegexOptions.Compiled);
    private static readonly Regex Volume = new(@"(\d+(?:\.\d+)?)\s*(万)?\s*(?:页|件|份|卷|册|条)", RegexOptions.Compiled);

    /// <summary>The large-volume heuristic: a description spanning many years (「2015年至2025年」), or naming a number of
    /// pages, items, files or volumes at or above the threshold (「约1.2万页」 = 12,000). Returns why and the words that
    /// show it, or null.</summary>
    public static (string Why, string Evidence)? LargeVolume(string description, EarlyWarningSettings settings)
    {
        foreach (Match m in YearSpan.Matches(description))
        {
            var years = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) - int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1;
            if (years >= settings.LargeVolumeYearsSpanned)
                return ($"spans {years} years", m.Value);
        }
        foreach (Match m in Volume.Matches(description))
        {
            var amount = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * (m.Groups[2].Success ? 10_000 : 1);
            if (amount >= settings.LargeVolumePages)
                return ($"about {amount.ToString("0", CultureInfo.InvariantCulture)} pages or items", m.Value);
        }
        return null;
    }
}
