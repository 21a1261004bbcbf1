using System.Globalization;
using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Requests;
using NodaTime;
using NodaTime.Text;

namespace CaseFlow.Persistence.Reporting;

/// <summary>One column of the ledger (台账) format: its English and Chinese header. The format is the contract, documented
/// in <c>workflows/reporting/ledger-format.md</c>.</summary>
public sealed record LedgerColumn(string Name, string ChineseName, bool Required);

/// <summary>One request of a ledger, valid.</summary>
public sealed record LedgerEntry
{
    public required string AgencyCode { get; init; }
    public required string TrackingNumber { get; init; }
    public required ApplicantType ApplicantType { get; init; }
    public string? ApplicantName { get; init; }
    public required LocalDate ReceivedOn { get; init; }
    public LocalDate? ClosedOn { get; init; }
    public Outcome? Outcome { get; init; }
    public string? Handler { get; init; }
    public string? Description { get; init; }
    public int SourceRow { get; init; }
}

/// <summary>A ledger file read into rows of text cells by column name, with the spreadsheet row number of each row (the
/// header is row 1).</summary>
public sealed record LedgerSheet(IReadOnlyList<string> Headers, IReadOnlyList<(int RowNumber, IReadOnlyList<string?> Cells)> Rows);

/// <summary>A refused ledger: every problem, each as <c>第N行 field: problem</c>.</summary>
public sealed class LedgerRefusedException(IReadOnlyList<string> errors)
    : Exception($"共{errors.Count}个问题，未导入任何数据 / {errors.Count} problem(s), nothing imported: {string.Join("; ", errors.Take(20))}{(errors.Count > 20 ? $"; … 另有{errors.Count - 20}个（--errors-file 写出全部） / and {errors.Count - 20} more (--errors-file writes them all)" : "")}")
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

/// <summary>The ledger column format: header names, value syntax and the rules every row must satisfy.</summary>
/// <remarks>Dates are ISO <c>YYYY-MM-DD</c> (Art. 31 receipt date; the closing date is the day the reply or other
/// decision was served). Applicant type by code 1–6, Chinese name or English name (<see cref="ApplicantType"/>); outcome
/// by code 101–603, Chinese name or English name (<see cref="Outcome"/>, Art. 36–39). A closed request has exactly one
/// outcome (国办公开办函〔2021〕30号).</remarks>
public static class LedgerFormat
{
    public static readonly LedgerColumn AgencyCode = new("agency_code", "机关代码", false);
    public static readonly LedgerColumn TrackingNumber = new("tracking_number", "申请编号", true);
    public static readonly LedgerColumn ApplicantTypeColumn = new("applicant_type", "申请人类型", true);
    public static readonly LedgerColumn ApplicantName = new("applicant_name", "申请人", false);
    public static readonly LedgerColumn ReceivedOn = new("received_on", "收到申请日期", true);
    public static readonly LedgerColumn ClosedOn = new("closed_on", "办结日期", false);
    public static readonly LedgerColumn OutcomeColumn = new("outcome", "答复类型", false);
    public static readonly LedgerColumn Handler = new("handler", "承办人", false);
    public static readonly LedgerColumn Description = new("description", "申请内容", false);

    /// <summary>The columns in the order export writes them.</summary>
    public static IReadOnlyList<LedgerColumn> Columns { get; } =
        [AgencyCode, TrackingNumber, ApplicantTypeColumn, ApplicantName, ReceivedOn, ClosedOn, OutcomeColumn, Handler, Description];

    private static readonly LocalDatePattern Iso = LocalDatePattern.Iso;

    /// <summary>Maps a sheet's header row onto <paramref name="columns"/> (by English or Chinese name), adding a problem for
    /// each unknown, repeated or missing required column. Shared by the ledger and the challenges formats.</summary>
    public static Dictionary<LedgerColumn, int> IndexHeaders(IReadOnlyList<string> headers, IReadOnlyList<LedgerColumn> columns, List<string> errors)
    {
        var index = new Dictionary<LedgerColumn, int>();
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i].Trim();
            if (header.Length == 0)
                continue;
            var column = columns.FirstOrDefault(c => string.Equals(c.Name, header, StringComparison.OrdinalIgnoreCase) || c.ChineseName == header);
            if (column is null)
                errors.Add($"第1行 '{header}': 未知的列（见 ledger-format.md） / unknown column (see ledger-format.md)");
            else if (!index.TryAdd(column, i))
                errors.Add($"第1行 {column.Name}: 列重复 / column given twice");
        }
        foreach (var column in columns.Where(c => c.Required && !index.ContainsKey(c)))
            errors.Add($"第1行 {column.Name}: 缺少必填列（{column.ChineseName}） / required column missing ({column.ChineseName})");
        return index;
    }

    /// <summary>Validates every row of a sheet. Returns the entries, or every problem found (nothing is partly valid).</summary>
    /// <param name="agencyCode">The agency of the whole file (<c>--agency</c>); a row's own agency_code must then be empty or
    /// equal. Without it every row names its agency.</param>
    /// <param name="today">Receipt and closing dates after today are refused.</param>
    public static (IReadOnlyList<LedgerEntry> Entries, IReadOnlyList<string> Errors) Validate(LedgerSheet sheet, string? agencyCode, LocalDate today)
    {
        var errors = new List<string>();
        var index = IndexHeaders(sheet.Headers, Columns, errors);
        if (agencyCode is null && !index.ContainsKey(AgencyCode))
            errors.Add($"第1行 {AgencyCode.Name}: 未给 --agency 时须有此列（{AgencyCode.ChineseName}） / required column missing ({AgencyCode.ChineseName}) when no --agency is given");
        if (errors.Count > 0)
            return ([], errors);

        var entries = new List<LedgerEntry>();
        var seen = new Dictionary<(string, string), int>();
        foreach (var (rowNumber, cells) in sheet.Rows)
        {
            if (cells.All(string.IsNullOrWhiteSpace))
                continue;
            string? Cell(LedgerColumn column) =>
                index.TryGetValue(column, out var i) && i < cells.Count && !string.IsNullOrWhiteSpace(cells[i]) ? cells[i]!.Trim() : null;
            void Error(LedgerColumn column, string problem) => errors.Add($"第{rowNumber}行 {column.Name}: {problem}");
            var before = errors.Count;

            var agency = Cell(AgencyCode);
            if (agencyCode is not null && agency is not null && agency != agencyCode)
                Error(AgencyCode, $"'{agency}' 与 --agency {agencyCode} 不同 / differs from --agency {agencyCode}");
            agency ??= agencyCode;
            if (agency is null)
                Error(AgencyCode, "必填 / is required");
            else if (agency.Length > 64)
                Error(AgencyCode, "超过64个字符 / is longer than 64 characters");

            var tracking = Cell(TrackingNumber);
            if (tracking is null)
                Error(TrackingNumber, "必填 / is required");
            else if (tracking.Length > 32)
                Error(TrackingNumber, "超过32个字符 / is longer than 32 characters");
            else if (agency is not null && !seen.TryAdd((agency, tracking), rowNumber))
                Error(TrackingNumber, $"'{tracking}' 已在第{seen[(agency, tracking)]}行出现 / already appears in 第{seen[(agency, tracking)]}行");

            var typeText = Cell(ApplicantTypeColumn);
            var type = typeText is null ? null : ParseApplicantType(typeText);
            if (typeText is null)
                Error(ApplicantTypeColumn, "必填（1–6 或 自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他） / is required (1–6 or 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他)");
            else if (type is null)
                Error(ApplicantTypeColumn, $"'{typeText}' 不是申请人类型（1–6 或 自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他） / is not an applicant type (1–6 or 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他)");

            var received = Date(Cell(ReceivedOn), ReceivedOn, required: true);
            var closed = Date(Cell(ClosedOn), ClosedOn, required: false);
            if (received > today)
                Error(ReceivedOn, $"{received:uuuu-MM-dd} 晚于今天 / is in the future");
            if (closed > today)
                Error(ClosedOn, $"{closed:uuuu-MM-dd} 晚于今天 / is in the future");
            if (received is { } r && closed is { } c && c < r)
                Error(ClosedOn, $"{c:uuuu-MM-dd} 早于收到申请日期 {r:uuuu-MM-dd} / is before received_on {r:uuuu-MM-dd}");

            var outcomeText = Cell(OutcomeColumn);
            var outcome = outcomeText is null ? null : ParseOutcome(outcomeText);
            if (outcomeText is not null && outcome is null)
                Error(OutcomeColumn, $"'{outcomeText}' 不是答复类型（代码101–603或其名称，见 ledger-format.md） / is not an outcome (code 101–603 or its name, see ledger-format.md)");
            else if (Cell(ClosedOn) is not null && outcomeText is null)
                Error(OutcomeColumn, "填写办结日期时必填：已办结的申请有且只有一种答复类型 / is required when closed_on is given: a closed request has exactly one outcome");
            else if (Cell(ClosedOn) is null && outcomeText is not null)
                Error(ClosedOn, "填写答复类型时必填 / is required when outcome is given");

            var name = Cell(ApplicantName);
            if (name?.Length > 200)
                Error(ApplicantName, "超过200个字符 / is longer than 200 characters");
            var handler = Cell(Handler);
            if (handler?.Length > 100)
                Error(Handler, "超过100个字符 / is longer than 100 characters");

            if (errors.Count == before)
                entries.Add(new LedgerEntry
                {
                    AgencyCode = agency!, TrackingNumber = tracking!, ApplicantType = type!.Value, ApplicantName = name, ReceivedOn = received!.Value,
                    ClosedOn = closed, Outcome = outcome, Handler = handler, Description = Cell(Description), SourceRow = rowNumber,
                });

            LocalDate? Date(string? text, LedgerColumn column, bool required)
            {
                if (text is null)
                {
                    if (required)
                        Error(column, "必填（YYYY-MM-DD） / is required (YYYY-MM-DD)");
                    return null;
                }
                if (ParseDate(text) is { } parsed)
                    return parsed;
                Error(column, $"'{text}' 不是日期（YYYY-MM-DD、YYYY/M/D 或 YYYY年M月D日） / is not a date");
                return null;
            }
        }
        return (entries, errors);
    }

    private static readonly System.Text.RegularExpressions.Regex DateForms = new(
        @"^(?<y>\d{4})(?:-(?<m>\d{1,2})-(?<d>\d{1,2})|/(?<m>\d{1,2})/(?<d>\d{1,2})|年(?<m>\d{1,2})月(?<d>\d{1,2})日)$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>A date as offices write it: ISO <c>2023-03-01</c>, Excel's <c>2023/3/1</c>, or <c>2023年3月1日</c>; null
    /// when it is none of these or no such day exists (2023-02-30).</summary>
    public static LocalDate? ParseDate(string text)
    {
        var match = DateForms.Match(text.Trim());
        if (!match.Success)
            return null;
        var (y, m, d) = (int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture));
        return m is >= 1 and <= 12 && d >= 1 && d <= CalendarSystem.Iso.GetDaysInMonth(y, m) ? new LocalDate(y, m, d) : null;
    }

    // Words offices write for an applicant type in their ledgers (documented in ledger-format.md). 法人或其他组织 is the
    // national group header; a ledger that does not say which kind of organisation is counted under 其他.
    private static readonly Dictionary<string, ApplicantType> ApplicantSynonyms = new()
    {
        ["公民"] = ApplicantType.NaturalPerson, ["个人"] = ApplicantType.NaturalPerson, ["群众"] = ApplicantType.NaturalPerson,
        ["企业"] = ApplicantType.Business, ["公司"] = ApplicantType.Business, ["商业企业法人"] = ApplicantType.Business,
        ["研究机构"] = ApplicantType.ResearchInstitution, ["高校"] = ApplicantType.ResearchInstitution,
        ["公益组织"] = ApplicantType.NonProfit, ["社会组织"] = ApplicantType.NonProfit,
        ["律师事务所"] = ApplicantType.LegalServiceProvider, ["律所"] = ApplicantType.LegalServiceProvider, ["律师"] = ApplicantType.LegalServiceProvider,
        ["法人或其他组织"] = ApplicantType.OtherOrganization, ["其他组织"] = ApplicantType.OtherOrganization, ["其它"] = ApplicantType.OtherOrganization,
    };

    public static ApplicantType? ParseApplicantType(string text)
    {
        text = text.Trim();
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            return Enum.IsDefined((ApplicantType)code) ? (ApplicantType)code : null;
        foreach (var type in ApplicantTypes.ReportColumns)
            if (type.ChineseName() == text || string.Equals(type.ToString(), text, StringComparison.OrdinalIgnoreCase))
                return type;
        return ApplicantSynonyms.TryGetValue(text, out var synonym) ? synonym : null;
    }

    // Besides the full name: the national table's row label (the part after the colon, e.g. 本机关不掌握相关政府信息),
    // the name with an ASCII colon, and a few words offices use (documented in ledger-format.md).
    private static readonly Dictionary<string, Outcome> OutcomeSynonyms = new()
    {
        ["公开"] = Outcome.Disclosed, ["同意公开"] = Outcome.Disclosed, ["全部公开"] = Outcome.Disclosed,
        ["已公开"] = Outcome.AlreadyPublic, ["主动公开"] = Outcome.AlreadyPublic,
        ["部分公开部分不予公开"] = Outcome.PartlyDisclosed, ["同意部分公开"] = Outcome.PartlyDisclosed,
        ["信息不存在"] = Outcome.CannotProvideNotHeld, ["不掌握"] = Outcome.CannotProvideNotHeld,
        ["非本机关负责公开"] = Outcome.CannotProvideNotThisAgency,
    };

    public static Outcome? ParseOutcome(string text)
    {
        text = text.Trim();
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            return Enum.IsDefined((Outcome)code) ? (Outcome)code : null;
        foreach (var outcome in Outcomes.All)
        {
            var name = outcome.ChineseName();
            if (name == text || name.Replace('：', ':') == text || string.Equals(outcome.ToString(), text, StringComparison.OrdinalIgnoreCase))
                return outcome;
        }
        // The row label alone, where it names one outcome (其他 alone is ambiguous and not accepted).
        var byLabel = Outcomes.All.Where(o => o.ChineseName().Split('：') is [_, var label] && label == text && label != "其他").ToList();
        if (byLabel.Count == 1)
            return byLabel[0];
        return OutcomeSynonyms.TryGetValue(text, out var synonym) ? synonym : null;
    }

    /// <summary>The cells export writes for an entry, in <see cref="Columns"/> order: codes for types and outcomes, ISO dates.</summary>
    public static string[] Cells(LedgerEntry e) =>
    [
        e.AgencyCode, e.TrackingNumber, ((int)e.ApplicantType).ToString(CultureInfo.InvariantCulture), e.ApplicantName ?? "",
        Iso.Format(e.ReceivedOn), e.ClosedOn is { } c ? Iso.Format(c) : "",
        e.Outcome is { } o ? ((int)o).ToString(CultureInfo.InvariantCulture) : "", e.Handler ?? "", e.Description ?? "",
    ];

    /// <summary>The header row export writes: Chinese name with the English name, both accepted on import.</summary>
    public static string[] Header(bool chinese) => Columns.Select(c => chinese ? c.ChineseName : c.Name).ToArray();
}
