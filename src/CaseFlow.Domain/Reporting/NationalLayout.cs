using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Requests;

namespace CaseFlow.Domain.Reporting;

/// <summary>The layout an annual report is published in.</summary>
/// <remarks><see cref="Format2021"/>: 国办公开办函〔2021〕30号, used from the 2021 report on, 三(六) in three rows (逾期不补正 ·
/// 逾期未缴纳信息处理费 · 其他). <see cref="Format2019"/>: the format issued after the 2019 revision of the Regulations and
/// used for the 2019 and 2020 reports; table 三 has the same rows except that 三(六) 其他处理 is ONE row (the fee row
/// did not exist yet: 信息处理费 started with 国办函〔2020〕109号, 1 January 2021). Table 四 is the same 15 columns in
/// both.</remarks>
public enum ReportFormat
{
    Format2021 = 2021,
    Format2019 = 2019,
}

/// <summary>A printed line of table 三.</summary>
/// <param name="Label">一, 三(三), 三(三)4 …</param>
/// <param name="Title">the title as printed in the national format</param>
/// <param name="Counts">null for a group heading that carries none, e.g. 三(三) 不予公开</param>
/// <param name="Indent">the indent level: 0 for 一 二 三 四, 1 for (一)…(七), 2 for the numbered rows</param>
/// <param name="Row">The outcome row it counts, when it is one (null for 一, 二, 三(七), 四, headings and the 2019 三(六)).</param>
public sealed record Table3Line(string Label, string Title, ColumnCounts? Counts, int Indent, ReportRow? Row = null)
{
    public bool IsHeading => Counts is null;
}

/// <summary>One of the 15 columns of table 四's single row: 行政复议 (5) · 行政诉讼 未经复议直接起诉 (5) · 行政诉讼 复议后起诉 (5).</summary>
/// <param name="Group">行政复议 | 行政诉讼</param>
/// <param name="SubGroup">null under 行政复议; 未经复议直接起诉 | 复议后起诉 under 行政诉讼</param>
/// <param name="Name">结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计</param>
/// <param name="Value">the count</param>
public sealed record Table4Cell(string Group, string? SubGroup, string Name, int Value);

/// <summary>Tables 三 and 四 as printed in the national format: the one place the printed rows, titles and columns are
/// defined, for the text report, the .xlsx, the .docx and the report page (Art. 50; 国办公开办函〔2021〕30号).</summary>
public static class NationalLayout
{
    public const string Table3Title = "三、收到和处理政府信息公开申请情况";
    public const string Table4Title = "四、政府信息公开行政复议、行政诉讼情况";
    public const string OrganisationGroup = "法人或其他组织";
    public const string Table3Corner = "申请人情况";

    /// <summary>The applicant columns of table 三 in national order, then 总计.</summary>
    public static IReadOnlyList<string> Table3Columns { get; } = ApplicantTypes.ReportColumns.Select(c => c.ChineseName()).Append("总计").ToList();

    public static IReadOnlyList<string> ChallengeColumns { get; } = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

    /// <summary>The format a text names: <c>2021</c> (default) or <c>2019</c>; null when it is neither.</summary>
    public static ReportFormat? ParseFormat(string? text) => text?.Trim() switch
    {
        null or "" or "2021" => ReportFormat.Format2021,
        "2019" => ReportFormat.Format2019,
        _ => null,
    };

    /// <summary>The printed title of an outcome row.</summary>
    public static string Title(ReportRow row) => row switch
    {
        ReportRow.Disclosed => "（一）予以公开",
        ReportRow.PartlyDisclosed => "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ReportRow.WithheldStateSecret => "1.属于国家秘密",
        ReportRow.WithheldProhibitedByLaw => "2.其他法律行政法规禁止公开",
        ReportRow.WithheldEndangersSecurity => "3.危及“三安全一稳定”",
        ReportRow.WithheldThirdPartyRights => "4.保护第三方合法权益",
        ReportRow.WithheldInternalAffairs => "5.属于三类内部事务信息",
        ReportRow.WithheldProcessInformation => "6.属于四类过程性信息",
        ReportRow.WithheldEnforcementFile => "7.属于行政执法案卷",
        ReportRow.WithheldAdministrativeQuery => "8.属于行政查询事项",
        ReportRow.CannotProvideNotHeld => "1.本机关不掌握相关政府信息",
        ReportRow.CannotProvideNeedsCreation => "2.没有现成信息需要另行制作",
        ReportRow.CannotProvideStillUnclear => "3.补正后申请内容仍不明确",
        ReportRow.NotProcessedPetition => "1.信访举报投诉类申请",
        ReportRow.NotProcessedRepeat => "2.重复申请",
        ReportRow.NotProcessedPublication => "3.要求提供公开出版物",
        ReportRow.NotProcessedExcessive => "4.无正当理由大量反复申请",
        ReportRow.NotProcessedConfirmation => "5.要求行政机关确认或重新出具已获取信息",
        ReportRow.OtherNotCorrected => "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ReportRow.OtherFeeNotPaid => "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ReportRow.OtherHandling => "3.其他",
        _ => throw new ArgumentOutOfRangeException(nameof(row), row, "Unknown report row."),
    };

    /// <summary>The group heading printed before a row (三(三) 不予公开 …), which carries no counts of its own.</summary>
    public static string? HeadingBefore(ReportRow row) => row switch
    {
        ReportRow.WithheldStateSecret => "（三）不予公开",
        ReportRow.CannotProvideNotHeld => "（四）无法提供",
        ReportRow.NotProcessedPetition => "（五）不予处理",
        ReportRow.OtherNotCorrected => "（六）其他处理",
        _ => null,
    };

    /// <summary>Table 三 line by line as printed in <paramref name="format"/>: 一, 二, the heading 三, the outcome rows with
    /// their group headings, 三(七), 四. In <see cref="ReportFormat.Format2019"/> 三(六) is one row, the sum of the three
    /// 2021 rows (the counting is the same; only the printed breakdown differs).</summary>
    public static IReadOnlyList<Table3Line> Table3(AnnualReport report, ReportFormat format = ReportFormat.Format2021)
    {
        var a = report.Applications;
        var lines = new List<Table3Line>
        {
            new("一", "一、本年新收政府信息公开申请数量", a.NewlyReceived, 0),
            new("二", "二、上年结转政府信息公开申请数量", a.CarriedOver, 0),
            new("三", "三、本年度办理结果", null, 0),
        };
        foreach (var outcome in a.Outcomes)
        {
            var other = outcome.Row is >= ReportRow.OtherNotCorrected and <= ReportRow.OtherHandling;
            if (format == ReportFormat.Format2019 && other)
            {
                if (outcome.Row == ReportRow.OtherNotCorrected)
                    lines.Add(new("三(六)", "（六）其他处理", ColumnCounts.Sum(a.Outcomes.Where(o => o.Row >= ReportRow.OtherNotCorrected).Select(o => o.Counts)), 1));
                continue;
            }
            if (HeadingBefore(outcome.Row) is { } heading)
                lines.Add(new(outcome.Label[..^1], heading, null, 1));
            lines.Add(new(outcome.Label, Title(outcome.Row), outcome.Counts, outcome.Row is ReportRow.Disclosed or ReportRow.PartlyDisclosed ? 1 : 2, outcome.Row));
        }
        lines.Add(new("三(七)", "（七）总计", a.OutcomeTotal, 1));
        lines.Add(new("四", "四、结转下年度继续办理", a.CarriedForward, 0));
        return lines;
    }

    /// <summary>Table 四 as its single row of 15 columns, in national order.</summary>
    public static IReadOnlyList<Table4Cell> Table4(ChallengesTable table)
    {
        static IEnumerable<Table4Cell> Block(string group, string? sub, ChallengeCounts c) =>
            ChallengeColumns.Zip([c.Upheld, c.Corrected, c.Other, c.Pending, c.Total], (name, value) => new Table4Cell(group, sub, name, value));
        return Block("行政复议", null, table.Reconsideration)
            .Concat(Block("行政诉讼", "未经复议直接起诉", table.LitigationWithoutReconsideration))
            .Concat(Block("行政诉讼", "复议后起诉", table.LitigationAfterReconsideration))
            .ToList();
    }
}
