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

    public static IReadOnlyList<string> Columns { get; } = ApplicantTypes.ReportColumns.Select(c => c.ChineseName()).Append("总计").ToList();

    public static IReadOnlyList<string> ChallengeColumns { get; } = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

    private static readonly Dictionary<ReportRow, string> Titles = new()
    {
        [ReportRow.Disclosed] = "（一）予以公开",
        [ReportRow.PartlyDisclosed] = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        [ReportRow.WithheldStateSecret] = "1.属于国家秘密",
        [ReportRow.WithheldProhibitedByLaw] = "2.其他法律行政法规禁止公开",
        [ReportRow.WithheldEndangersSecurity] = "3.危及“三安全一稳定”",
        [ReportRow.WithheldThirdPartyRights] = "4.保护第三方合法权益",
        [ReportRow.WithheldInternalAffairs] = "5.属于三类内部事务信息",
        [ReportRow.WithheldProcessInformation] = "6.属于四类过程性信息",
        [ReportRow.WithheldEnforcementFile] = "7.属于行政执法案卷",
        [ReportRow.WithheldAdministrativeQuery] = "8.属于行政查询事项",
        [ReportRow.CannotProvideNotHeld] = "1.本机关不掌握相关政府信息",
        [ReportRow.CannotProvideNeedsCreation] = "2.没有现成信息需要另行制作",
        [ReportRow.CannotProvideStillUnclear] = "3.补正后申请内容仍不明确",
        [ReportRow.NotProcessedPetition] = "1.信访举报投诉类申请",
        [ReportRow.NotProcessedRepeat] = "2.重复申请",
        [ReportRow.NotProcessedPublication] = "3.要求提供公开出版物",
        [ReportRow.NotProcessedExcessive] = "4.无正当理由大量反复申请",
        [ReportRow.NotProcessedConfirmation] = "5.要求行政机关确认或重新出具已获取信息",
        [ReportRow.OtherNotCorrected] = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        [ReportRow.OtherFeeNotPaid] = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        [ReportRow.OtherHandling] = "3.其他",
    };

    private static readonly Dictionary<ReportRow, string> GroupBefore = new()
    {
        [ReportRow.WithheldStateSecret] = "（三）不予公开",
        [ReportRow.CannotProvideNotHeld] = "（四）无法提供",
        [ReportRow.NotProcessedPetition] = "（五）不予处理",
        [ReportRow.OtherNotCorrected] = "（六）其他处理",
    };

    /// <summary>The group headings (三(三) 不予公开 …) that carry no counts of their own, keyed by the row they precede.</summary>
    public static string? Heading(ReportRow row) => GroupBefore.GetValueOrDefault(row);

    public static IReadOnlyList<Line> Applications(AnnualReport report)
    {
        var a = report.Applications;
        var lines = new List<Line>
        {
            new("一", "一、本年新收政府信息公开申请数量", a.NewlyReceived, 0),
            new("二", "二、上年结转政府信息公开申请数量", a.CarriedOver, 0),
        };
        lines.AddRange(a.Outcomes.Select(o => new Line(o.Label, Titles[o.Row], o.Counts, o.Row is ReportRow.Disclosed or ReportRow.PartlyDisclosed ? 1 : 2)));
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
