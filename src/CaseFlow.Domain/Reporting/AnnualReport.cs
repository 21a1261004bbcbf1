using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Requests;
using NodaTime;

namespace CaseFlow.Domain.Reporting;

/// <summary>One row of table 三: a count per applicant column and the 总计 column.</summary>
/// <remarks>Columns per 国办公开办函〔2021〕30号: 自然人 | 法人或其他组织 (商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他) | 总计.
/// <see cref="Total"/> is stored, not derived, so that <see cref="AnnualReport.Check"/> can verify a report read back
/// from a snapshot.</remarks>
public sealed record ColumnCounts(int NaturalPerson, int Business, int ResearchInstitution, int NonProfit, int LegalServiceProvider,
    int OtherOrganization, int Total)
{
    public static ColumnCounts Zero { get; } = new(0, 0, 0, 0, 0, 0, 0);

    public int this[ApplicantType column] => column switch
    {
        ApplicantType.NaturalPerson => NaturalPerson,
        ApplicantType.Business => Business,
        ApplicantType.ResearchInstitution => ResearchInstitution,
        ApplicantType.NonProfit => NonProfit,
        ApplicantType.LegalServiceProvider => LegalServiceProvider,
        ApplicantType.OtherOrganization => OtherOrganization,
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, "Unknown applicant type."),
    };

    /// <summary>The counts of the six applicant columns with 总计 as their sum.</summary>
    public static ColumnCounts Of(IReadOnlyList<int> byColumn) =>
        byColumn.Count == 6
            ? new(byColumn[0], byColumn[1], byColumn[2], byColumn[3], byColumn[4], byColumn[5], byColumn.Sum())
            : throw new ArgumentException("Table 三 has six applicant columns.", nameof(byColumn));

    public static ColumnCounts Sum(IEnumerable<ColumnCounts> rows) =>
        Of(ApplicantTypes.ReportColumns.Select(c => rows.Sum(r => r[c])).ToArray());
}

/// <summary>One outcome row of table 三, 三(一) to 三(六).</summary>
public sealed record OutcomeLine(ReportRow Row, ColumnCounts Counts)
{
    /// <summary>The label as printed in the national format, e.g. 三(三)4.</summary>
    public string Label => Row.Label();
}

/// <summary>Table 三: 收到和处理政府信息公开申请情况.</summary>
/// <remarks>Rows per 国办公开办函〔2021〕30号: 一 本年新收 (<see cref="NewlyReceived"/>), 二 上年结转 (<see cref="CarriedOver"/>),
/// 三 本年度办理结果 (<see cref="Outcomes"/>, in national order, and 三(七) 总计 <see cref="OutcomeTotal"/>), 四 结转下年度继续办理
/// (<see cref="CarriedForward"/>). Art. 50(二).</remarks>
public sealed record ApplicationsTable(ColumnCounts NewlyReceived, ColumnCounts CarriedOver, IReadOnlyList<OutcomeLine> Outcomes,
    ColumnCounts OutcomeTotal, ColumnCounts CarriedForward)
{
    public ColumnCounts this[ReportRow row] => Outcomes.FirstOrDefault(o => o.Row == row)?.Counts ?? ColumnCounts.Zero;
}

/// <summary>One block of table 四: 结果维持 · 结果纠正 · 其他结果 · 尚未审结 · 总计.</summary>
public sealed record ChallengeCounts(int Upheld, int Corrected, int Other, int Pending, int Total)
{
    public static ChallengeCounts Zero { get; } = new(0, 0, 0, 0, 0);

    public static ChallengeCounts Of(int upheld, int corrected, int other, int pending) =>
        new(upheld, corrected, other, pending, upheld + corrected + other + pending);
}

/// <summary>Table 四: 政府信息公开行政复议、行政诉讼情况, three blocks.</summary>
/// <remarks>Art. 50(三); blocks per 国办公开办函〔2021〕30号: 行政复议 · 行政诉讼 未经复议直接起诉 · 行政诉讼 复议后起诉.</remarks>
public sealed record ChallengesTable(ChallengeCounts Reconsideration, ChallengeCounts LitigationWithoutReconsideration,
    ChallengeCounts LitigationAfterReconsideration)
{
    public static ChallengesTable Zero { get; } = new(ChallengeCounts.Zero, ChallengeCounts.Zero, ChallengeCounts.Zero);
}

/// <summary>A rule of the national format that a report breaks, and where.</summary>
/// <param name="Rule">The rule as the format states it, e.g. <c>一+二=三(七)+四</c>.</param>
/// <param name="Where">The column, row or block that breaks it, e.g. <c>商业企业</c>.</param>
/// <param name="Detail">The numbers on both sides.</param>
public sealed record ReportRuleBroken(string Rule, string Where, string Detail)
{
    public override string ToString() => $"{Rule} [{Where}]: {Detail}";
}

/// <summary>The counted part of the annual report on government information disclosure (政府信息公开工作年度报告): tables 三
/// and 四 for one calendar year.</summary>
/// <remarks>Art. 49 (publish by 31 January), Art. 50(二)(三) (what the report states), layout and arithmetic per
/// 国办公开办函〔2021〕30号. See <see cref="AnnualReports"/> for how the facts are counted.</remarks>
public sealed record AnnualReport(int Year, ApplicationsTable Applications, ChallengesTable Challenges)
{
    public const string RuleBalance = "一+二=三(七)+四";
    public const string RuleOutcomeTotal = "三(七)=三(一)+…+三(六)";
    public const string RuleColumnTotal = "总计=自然人+商业企业+科研机构+社会公益组织+法律服务机构+其他";
    public const string RuleChallengeTotal = "总计=结果维持+结果纠正+其他结果+尚未审结";
    public const string RuleCarriedOver = "本年二=上年四";
    public const string RuleNonNegative = "计数不得为负";
    public const string RuleOutcomeRows = "三(一)至三(六)各行齐全";

    /// <summary>Verifies every arithmetic rule of the national format and names each one broken; empty when the report
    /// holds. With <paramref name="previousYear"/>, also that this year's 二 equals last year's 四, per column.</summary>
    /// <remarks>国办公开办函〔2021〕30号: per column 一+二=三(七)+四; 三(七) is the sum of the outcome rows; 总计 is the sum of
    /// the six applicant columns; in table 四 each 总计 is 维持+纠正+其他+尚未审结; 二 = last year's 四.</remarks>
    public IReadOnlyList<ReportRuleBroken> Check(AnnualReport? previousYear = null)
    {
        var broken = new List<ReportRuleBroken>();
        var a = Applications;
        var rows = new List<(string Name, ColumnCounts Counts)> { ("一", a.NewlyReceived), ("二", a.CarriedOver) };
        rows.AddRange(a.Outcomes.Select(o => (o.Label, o.Counts)));
        rows.Add(("三(七)", a.OutcomeTotal));
        rows.Add(("四", a.CarriedForward));

        var expectedRows = Enum.GetValues<ReportRow>();
        if (!a.Outcomes.Select(o => o.Row).SequenceEqual(expectedRows))
            broken.Add(new(RuleOutcomeRows, "三", $"rows {string.Join(" ", a.Outcomes.Select(o => o.Label))}; the format has {expectedRows.Length} rows in national order"));

        foreach (var (name, counts) in rows)
        {
            foreach (var column in ApplicantTypes.ReportColumns)
                if (counts[column] < 0)
                    broken.Add(new(RuleNonNegative, $"{name} {column.ChineseName()}", $"{counts[column]}"));
            var sum = ApplicantTypes.ReportColumns.Sum(c => counts[c]);
            if (counts.Total != sum)
                broken.Add(new(RuleColumnTotal, name, $"总计 {counts.Total} ≠ {sum}"));
        }

        foreach (var (column, name) in Columns())
        {
            int At(ColumnCounts c) => column is { } type ? c[type] : c.Total;
            var outcomes = a.Outcomes.Sum(o => At(o.Counts));
            if (At(a.OutcomeTotal) != outcomes)
                broken.Add(new(RuleOutcomeTotal, name, $"三(七) {At(a.OutcomeTotal)} ≠ {outcomes}"));
            var left = At(a.NewlyReceived) + At(a.CarriedOver);
            var right = At(a.OutcomeTotal) + At(a.CarriedForward);
            if (left != right)
                broken.Add(new(RuleBalance, name, $"{At(a.NewlyReceived)}+{At(a.CarriedOver)}={left} ≠ {At(a.OutcomeTotal)}+{At(a.CarriedForward)}={right}"));
            if (previousYear is not null && At(a.CarriedOver) != At(previousYear.Applications.CarriedForward))
                broken.Add(new(RuleCarriedOver, name, $"{Year}年二 {At(a.CarriedOver)} ≠ {previousYear.Year}年四 {At(previousYear.Applications.CarriedForward)}"));
        }

        foreach (var (name, block) in new[]
                 {
                     ("行政复议", Challenges.Reconsideration),
                     ("行政诉讼 未经复议直接起诉", Challenges.LitigationWithoutReconsideration),
                     ("行政诉讼 复议后起诉", Challenges.LitigationAfterReconsideration),
                 })
        {
            if (block.Upheld < 0 || block.Corrected < 0 || block.Other < 0 || block.Pending < 0 || block.Total < 0)
                broken.Add(new(RuleNonNegative, name, $"{block}"));
            var sum = block.Upheld + block.Corrected + block.Other + block.Pending;
            if (block.Total != sum)
                broken.Add(new(RuleChallengeTotal, name, $"总计 {block.Total} ≠ {block.Upheld}+{block.Corrected}+{block.Other}+{block.Pending}={sum}"));
        }
        return broken;
    }

    private static IEnumerable<(ApplicantType? Column, string Name)> Columns() =>
        ApplicantTypes.ReportColumns.Select(c => ((ApplicantType?)c, c.ChineseName())).Append((null, "总计"));
}

/// <summary>Whether a year may be locked now, by the order years are published in.</summary>
public enum YearLockOrder
{
    InOrder = 1,
    /// <summary>The previous year has requests and is not locked yet.</summary>
    PreviousYearOpen = 2,
    /// <summary>The year is before the agency's opening balance: its books start later.</summary>
    BeforeBooks = 3,
}

/// <summary>How many requests of one applicant column fall into one cell group of table 三: received this year or
/// carried over, and the outcome if closed within the year (none when still open on 31 December).</summary>
/// <remarks>The shape a database can count with one GROUP BY; <see cref="AnnualReports.Tally(int, IEnumerable{RequestFact})"/> is the same
/// classification in memory.</remarks>
public sealed record TallyLine(ApplicantType ApplicantType, bool ReceivedThisYear, Outcome? OutcomeThisYear, long Count);

/// <summary>A challenge counted in a year's table 四, with its result as known on 31 December.</summary>
public sealed record ChallengeTallyLine(ChallengeKind Kind, bool AfterReconsideration, ChallengeResult Result, long Count);

/// <summary>Counts the facts of a year into tables 三 and 四.</summary>
/// <remarks>
/// Table 三 (Art. 50(二), 国办公开办函〔2021〕30号), for the year Y:
/// 一 = requests received in Y; 二 = requests received before Y and not closed before 1 January of Y;
/// 三 = requests closed in Y, on the row of their outcome; 四 = requests received by 31 December of Y and not closed by
/// then. A request received in December and replied in January is therefore in 四 of its year and in 二 of the next,
/// and the year's 二 always equals the previous year's 四.
/// Table 四 (Art. 50(三)), <b>Convention:</b> a challenge counts in the year it was filed; its result is the one decided
/// on or before 31 December of that year, otherwise 尚未审结.
/// </remarks>
public static class AnnualReports
{
    /// <summary>The tables of <paramref name="year"/> from the facts of every request and challenge (facts outside the
    /// year are ignored).</summary>
    public static AnnualReport Compute(int year, IEnumerable<RequestFact> requests, IEnumerable<Challenge> challenges) =>
        FromTally(year, Tally(year, requests), Tally(year, challenges));

    /// <summary>Classifies requests into the cell groups of <paramref name="year"/>; requests no row of the year counts are
    /// left out.</summary>
    public static IReadOnlyList<TallyLine> Tally(int year, IEnumerable<RequestFact> requests)
    {
        var (first, last) = Bounds(year);
        return requests
            .Where(r => r.ReceivedOn <= last && (r.ClosedOn is null || r.ClosedOn >= first))
            .GroupBy(r => (r.ApplicantType, ReceivedThisYear: r.ReceivedOn >= first, Outcome: OutcomeBy(r, last)))
            .Select(g => new TallyLine(g.Key.ApplicantType, g.Key.ReceivedThisYear, g.Key.Outcome, g.LongCount()))
            .ToList();
    }

    /// <summary>Classifies the challenges filed in <paramref name="year"/> by their result as known on 31 December.</summary>
    public static IReadOnlyList<ChallengeTallyLine> Tally(int year, IEnumerable<Challenge> challenges)
    {
        var (first, last) = Bounds(year);
        return challenges
            .Where(c => c.FiledOn >= first && c.FiledOn <= last)
            .GroupBy(c => (c.Kind, After: c.Kind == ChallengeKind.Litigation && c.AfterReconsideration,
                Result: c.DecidedOn is { } decided && decided <= last ? c.Result : ChallengeResult.Pending))
            .Select(g => new ChallengeTallyLine(g.Key.Kind, g.Key.After, g.Key.Result, g.LongCount()))
            .ToList();
    }

    /// <summary>The tables from counted cell groups, as a database returns them.</summary>
    public static AnnualReport FromTally(int year, IEnumerable<TallyLine> requests, IEnumerable<ChallengeTallyLine> challenges)
    {
        var lines = requests.ToList();
        ColumnCounts Count(Func<TallyLine, bool> where) =>
            ColumnCounts.Of(ApplicantTypes.ReportColumns.Select(c => checked((int)lines.Where(l => l.ApplicantType == c && where(l)).Sum(l => l.Count))).ToArray());

        var outcomes = Enum.GetValues<ReportRow>()
            .Select(row => new OutcomeLine(row, Count(l => l.OutcomeThisYear is { } o && o.Row() == row)))
            .ToList();
        var applications = new ApplicationsTable(
            NewlyReceived: Count(l => l.ReceivedThisYear),
            CarriedOver: Count(l => !l.ReceivedThisYear),
            Outcomes: outcomes,
            OutcomeTotal: ColumnCounts.Sum(outcomes.Select(o => o.Counts)),
            CarriedForward: Count(l => l.OutcomeThisYear is null));

        var challengeLines = challenges.ToList();
        ChallengeCounts Block(ChallengeKind kind, bool after)
        {
            int Of(ChallengeResult result) => checked((int)challengeLines.Where(l => l.Kind == kind && (kind == ChallengeKind.Reconsideration || l.AfterReconsideration == after) && l.Result == result).Sum(l => l.Count));
            return ChallengeCounts.Of(Of(ChallengeResult.Upheld), Of(ChallengeResult.Corrected), Of(ChallengeResult.Other), Of(ChallengeResult.Pending));
        }
        var table4 = new ChallengesTable(
            Block(ChallengeKind.Reconsideration, false),
            Block(ChallengeKind.Litigation, false),
            Block(ChallengeKind.Litigation, true));
        return new AnnualReport(year, applications, table4);
    }

    /// <summary>The years whose tables 三 would count a request differently if it changed from <paramref name="before"/> to
    /// <paramref name="after"/> (null: the request does not exist), up to <paramref name="throughYear"/>.</summary>
    /// <remarks>A request counts in every year from its receipt to its closing (or on, while open): in 一 or 二 and then
    /// in 三 with its outcome or in 四 (see the class remarks). Closing in January a request carried over from last year
    /// therefore changes only this year, never the year already published: a locked year (Art. 49) refuses exactly the
    /// changes this returns for it.</remarks>
    public static IReadOnlyList<int> YearsChanged(RequestFact? before, RequestFact? after, int throughYear)
    {
        var from = Math.Min(before?.ReceivedOn.Year ?? int.MaxValue, after?.ReceivedOn.Year ?? int.MaxValue);
        var years = new List<int>();
        for (var year = from; year <= throughYear; year++)
            if (Cell(before, year) != Cell(after, year))
                years.Add(year);
        return years;

        static (ApplicantType, bool, Outcome?)? Cell(RequestFact? fact, int year)
        {
            var (first, last) = Bounds(year);
            if (fact is null || fact.ReceivedOn > last || fact.ClosedOn < first)
                return null;
            return (fact.ApplicantType, fact.ReceivedOn >= first, fact.ClosedOn <= last ? fact.Outcome : null);
        }
    }

    /// <summary>The years whose table 四 would count a challenge differently if it changed from <paramref name="before"/>
    /// to <paramref name="after"/> (null: it does not exist): the year it was filed in, by its result as known on 31
    /// December (the convention above).</summary>
    public static IReadOnlyList<int> YearsChanged(Challenge? before, Challenge? after)
    {
        return new[] { before?.FiledOn.Year, after?.FiledOn.Year }.OfType<int>().Distinct().Where(y => Cell(before, y) != Cell(after, y)).Order().ToList();

        static (ChallengeKind, bool, ChallengeResult)? Cell(Challenge? c, int year) =>
            c is null || c.FiledOn.Year != year ? null
            : (c.Kind, c.Kind == ChallengeKind.Litigation && c.AfterReconsideration,
                c.DecidedOn is { } d && d <= Bounds(year).Last ? c.Result : ChallengeResult.Pending);
    }

    /// <summary>Whether <paramref name="year"/> may be locked given the years around it: years are published in order
    /// (Art. 49, each report continues the last: 本年二=上年四), so the previous year must be locked first unless the
    /// agency's books start in <paramref name="year"/> (an opening balance) or the previous year has nothing to report.
    /// A year before the books start is no report of the agency's and is never locked.</summary>
    public static YearLockOrder LockOrder(int year, int? booksStartIn, bool previousLocked, bool previousEmpty) =>
        booksStartIn is { } start && year < start ? YearLockOrder.BeforeBooks
        : booksStartIn == year || previousLocked || previousEmpty ? YearLockOrder.InOrder
        : YearLockOrder.PreviousYearOpen;

    /// <summary>True when the report counts nothing at all (no request, no challenge).</summary>
    public static bool IsEmpty(AnnualReport report) =>
        report.Applications.NewlyReceived.Total == 0 && report.Applications.CarriedOver.Total == 0 && report.Applications.CarriedForward.Total == 0
        && report.Applications.OutcomeTotal.Total == 0 && report.Challenges.Reconsideration.Total == 0
        && report.Challenges.LitigationWithoutReconsideration.Total == 0 && report.Challenges.LitigationAfterReconsideration.Total == 0;

    /// <summary>The report standing for the year before an agency's books start: nothing but its 四, the opening balance
    /// (the carried-over count per applicant column as published), so that the first year's 二 is checked against it.</summary>
    public static AnnualReport OpeningBalance(int firstYear, ColumnCounts carriedOver) =>
        new(firstYear - 1, new ApplicationsTable(ColumnCounts.Zero, ColumnCounts.Zero,
                Enum.GetValues<ReportRow>().Select(r => new OutcomeLine(r, ColumnCounts.Zero)).ToList(), ColumnCounts.Zero, carriedOver),
            ChallengesTable.Zero);

    /// <summary>1 January and 31 December of the year.</summary>
    public static (LocalDate First, LocalDate Last) Bounds(int year) => (new LocalDate(year, 1, 1), new LocalDate(year, 12, 31));

    private static Outcome? OutcomeBy(RequestFact request, LocalDate last) =>
        request.ClosedOn is not { } closed || closed > last ? null
        : request.Outcome ?? throw new ArgumentException($"A request closed on {request.ClosedOn:uuuu-MM-dd} has no outcome; every closed request has exactly one (国办公开办函〔2021〕30号).", nameof(request));
}
