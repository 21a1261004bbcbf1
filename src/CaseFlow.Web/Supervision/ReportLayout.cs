using System.Globalization;
using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Reporting;
using CaseFlow.Domain.Requests;

namespace CaseFlow.Web.Supervision;

/// <summary>Tables 三 and 四 of the annual report laid out as in the national format (国办公开办函〔2021〕30号; OGI-RULES §5),
/// for the page and the exports alike.</summary>
public static class ReportLayout
{
    /// <summary>A line of table 三: the printed label, the printed title and the counts.</summary>
    public sealed record Line(string Label, string Title, ColumnCounts Counts, int Indent);

    public static IReadOnlyList<string> Columns => NationalLayout.Table3Columns;

    public static IReadOnlyList<string> ChallengeColumns => NationalLayout.ChallengeColumns;

    /// <summary>The group headings (三(三) 不予公开 …) that carry no counts of their own, keyed by the row they precede.</summary>
    public static string? Heading(ReportRow row) => NationalLayout.HeadingBefore(row);

    public static IReadOnlyList<Line> Applications(AnnualReport report)
    {
        var a = report.Applications;
        var lines = new List<Line>
        {
            new("一", "一、本年新收政府信息公开申请数量", a.NewlyReceived, 0),
            new("二", "二、上年结转政府信息公开申请数量", a.CarriedOver, 0),
        };
        lines.AddRange(a.Outcomes.Select(o => new Line(o.Label, NationalLayout.Title(o.Row), o.Counts, o.Row is ReportRow.Disclosed or ReportRow.PartlyDisclosed ? 1 : 2)));
        lines.Add(new("三(七)", "（七）总计", a.OutcomeTotal, 1));
        lines.Add(new("四", "四、结转下年度继续办理", a.CarriedForward, 0));
        return lines;
    }

    public static IReadOnlyList<(string Title, ChallengeCounts Counts)> Challenges(AnnualReport report) =>
    [
        ("行政复议", report.Challenges.Reconsideration),
        ("行政诉讼 未经复议直接起诉", report.Challenges.LitigationWithoutReconsideration),
        ("行政诉讼 复议后起诉", report.Challenges.LitigationAfterReconsideration),
    ];

    /// <summary>One sheet: table 三 (label, title, six columns, 总计), a blank row, then table 四 under its own header, its
    /// three blocks labelled 表四.</summary>
    public static ExportSheet Sheet(AnnualReport report)
    {
        static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        var rows = new List<IReadOnlyList<string>>();
        rows.AddRange(Applications(report).Select(l => (IReadOnlyList<string>)
            [l.Label, l.Title, .. ApplicantTypes.ReportColumns.Select(c => N(l.Counts[c])), N(l.Counts.Total)]));
        rows.Add([]);
        rows.Add(["", "四、政府信息公开行政复议、行政诉讼情况", .. ChallengeColumns]);
        rows.AddRange(Challenges(report).Select(c => (IReadOnlyList<string>)
            ["表四", c.Title, N(c.Counts.Upheld), N(c.Counts.Corrected), N(c.Counts.Other), N(c.Counts.Pending), N(c.Counts.Total)]));
        return new ExportSheet($"{report.Year}年度报告", ["表三", "收到和处理政府信息公开申请情况", .. Columns], rows);
    }
}
