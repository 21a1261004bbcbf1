namespace CaseFlow.Domain.Replies;

/// <summary>The decision served on the applicant (答复类型), each coded to one row of table 三.</summary>
/// <remarks>Art. 36–39 and 30, 35, 42; rows per 国办公开办函〔2021〕30号. A partly disclosed request counts
/// only in 三(二). The numeric values are stable: they are stored and exchanged.</remarks>
public enum Outcome
{
    /// <summary>已主动公开，告知获取方式、途径 — Art. 36(一), row 三(一).</summary>
    AlreadyPublic = 101,
    /// <summary>予以公开 — Art. 36(二), row 三(一).</summary>
    Disclosed = 102,
    /// <summary>部分公开（区分处理） — Art. 37, row 三(二).</summary>
    PartlyDisclosed = 200,
    /// <summary>不予公开：属于国家秘密 — Art. 14, row 三(三)1.</summary>
    WithheldStateSecret = 301,
    /// <summary>不予公开：其他法律行政法规禁止公开 — Art. 14, row 三(三)2.</summary>
    WithheldProhibitedByLaw = 302,
    /// <summary>不予公开：危及“三安全一稳定” — Art. 14, row 三(三)3.</summary>
    WithheldEndangersSecurity = 303,
    /// <summary>不予公开：保护第三方合法权益 — Art. 15, 32, row 三(三)4.</summary>
    WithheldThirdPartyRights = 304,
    /// <summary>不予公开：属于三类内部事务信息 — Art. 16 ¶1, row 三(三)5.</summary>
    WithheldInternalAffairs = 305,
    /// <summary>不予公开：属于四类过程性信息 — Art. 16 ¶2, row 三(三)6.</summary>
    WithheldProcessInformation = 306,
    /// <summary>不予公开：属于行政执法案卷 — Art. 16 ¶2, row 三(三)7.</summary>
    WithheldEnforcementFile = 307,
    /// <summary>不予公开：属于行政查询事项 — Art. 36(七), row 三(三)8.</summary>
    WithheldAdministrativeQuery = 308,
    /// <summary>无法提供：经检索没有所申请公开信息 — Art. 36(四), row 三(四)1.</summary>
    CannotProvideNotHeld = 401,
    /// <summary>无法提供：不属于本行政机关负责公开 — Art. 36(五), row 三(四)1.</summary>
    CannotProvideNotThisAgency = 402,
    /// <summary>无法提供：没有现成信息需要另行制作 — Art. 38, row 三(四)2.</summary>
    CannotProvideNeedsCreation = 403,
    /// <summary>无法提供：补正后申请内容仍不明确 — Art. 30, row 三(四)3.</summary>
    CannotProvideStillUnclear = 404,
    /// <summary>不予处理：信访举报投诉类申请 — Art. 39 ¶1, row 三(五)1.</summary>
    NotProcessedPetition = 501,
    /// <summary>不予处理：重复申请 — Art. 36(六), row 三(五)2.</summary>
    NotProcessedRepeat = 502,
    /// <summary>不予处理：要求提供公开出版物 — Art. 39 ¶2, row 三(五)3.</summary>
    NotProcessedPublication = 503,
    /// <summary>不予处理：无正当理由大量反复申请 — Art. 35, row 三(五)4.</summary>
    NotProcessedExcessive = 504,
    /// <summary>不予处理：要求确认或重新出具已获取信息 — row 三(五)5.</summary>
    NotProcessedConfirmation = 505,
    /// <summary>其他处理：申请人无正当理由逾期不补正 — Art. 30, row 三(六)1.</summary>
    OtherNotCorrected = 601,
    /// <summary>其他处理：申请人逾期未缴纳信息处理费 — Art. 42, row 三(六)2.</summary>
    OtherFeeNotPaid = 602,
    /// <summary>其他处理：其他（含撤回申请） — row 三(六)3.</summary>
    OtherHandling = 603,
}

/// <summary>The outcome rows of table 三 of the annual report, in the national order.</summary>
public enum ReportRow
{
    Disclosed, PartlyDisclosed,
    WithheldStateSecret, WithheldProhibitedByLaw, WithheldEndangersSecurity, WithheldThirdPartyRights,
    WithheldInternalAffairs, WithheldProcessInformation, WithheldEnforcementFile, WithheldAdministrativeQuery,
    CannotProvideNotHeld, CannotProvideNeedsCreation, CannotProvideStillUnclear,
    NotProcessedPetition, NotProcessedRepeat, NotProcessedPublication, NotProcessedExcessive, NotProcessedConfirmation,
    OtherNotCorrected, OtherFeeNotPaid, OtherHandling,
}

/// <summary>Facts about each outcome: its report row, article and family.</summary>
public static class Outcomes
{
    public static IReadOnlyList<Outcome> All { get; } = Enum.GetValues<Outcome>();

    /// <summary>The table 三 row an outcome is counted in (国办公开办函〔2021〕30号).</summary>
    public static ReportRow Row(this Outcome outcome) => outcome switch
    {
        Outcome.AlreadyPublic or Outcome.Disclosed => ReportRow.Disclosed,
        Outcome.PartlyDisclosed => ReportRow.PartlyDisclosed,
        Outcome.WithheldStateSecret => ReportRow.WithheldStateSecret,
        Outcome.WithheldProhibitedByLaw => ReportRow.WithheldProhibitedByLaw,
        Outcome.WithheldEndangersSecurity => ReportRow.WithheldEndangersSecurity,
        Outcome.WithheldThirdPartyRights => ReportRow.WithheldThirdPartyRights,
        Outcome.WithheldInternalAffairs => ReportRow.WithheldInternalAffairs,
        Outcome.WithheldProcessInformation => ReportRow.WithheldProcessInformation,
        Outcome.WithheldEnforcementFile => ReportRow.WithheldEnforcementFile,
        Outcome.WithheldAdministrativeQuery => ReportRow.WithheldAdministrativeQuery,
        Outcome.CannotProvideNotHeld or Outcome.CannotProvideNotThisAgency => ReportRow.CannotProvideNotHeld,
        Outcome.CannotProvideNeedsCreation => ReportRow.CannotProvideNeedsCreation,
        Outcome.CannotProvideStillUnclear => ReportRow.CannotProvideStillUnclear,
        Outcome.NotProcessedPetition => ReportRow.NotProcessedPetition,
        Outcome.NotProcessedRepeat => ReportRow.NotProcessedRepeat,
        Outcome.NotProcessedPublication => ReportRow.NotProcessedPublication,
        Outcome.NotProcessedExcessive => ReportRow.NotProcessedExcessive,
        Outcome.NotProcessedConfirmation => ReportRow.NotProcessedConfirmation,
        Outcome.OtherNotCorrected => ReportRow.OtherNotCorrected,
        Outcome.OtherFeeNotPaid => ReportRow.OtherFeeNotPaid,
        Outcome.OtherHandling => ReportRow.OtherHandling,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown outcome."),
    };

    /// <summary>The row's label as printed in the national format, e.g. 三(三)4.</summary>
    public static string Label(this ReportRow row) => row switch
    {
        ReportRow.Disclosed => "三(一)",
        ReportRow.PartlyDisclosed => "三(二)",
        >= ReportRow.WithheldStateSecret and <= ReportRow.WithheldAdministrativeQuery =>
            $"三(三){row - ReportRow.WithheldStateSecret + 1}",
        >= ReportRow.CannotProvideNotHeld and <= ReportRow.CannotProvideStillUnclear =>
            $"三(四){row - ReportRow.CannotProvideNotHeld + 1}",
        >= ReportRow.NotProcessedPetition and <= ReportRow.NotProcessedConfirmation =>
            $"三(五){row - ReportRow.NotProcessedPetition + 1}",
        _ => $"三(六){row - ReportRow.OtherNotCorrected + 1}",
    };

    /// <summary>The article the outcome rests on, as cited in the reply letter.</summary>
    public static string Article(this Outcome outcome) => outcome switch
    {
        Outcome.AlreadyPublic => "第三十六条第（一）项",
        Outcome.Disclosed => "第三十六条第（二）项",
        Outcome.PartlyDisclosed => "第三十七条",
        Outcome.WithheldStateSecret or Outcome.WithheldProhibitedByLaw or Outcome.WithheldEndangersSecurity => "第十四条、第三十六条第（三）项",
        Outcome.WithheldThirdPartyRights => "第十五条、第三十二条、第三十六条第（三）项",
        Outcome.WithheldInternalAffairs => "第十六条第一款、第三十六条第（三）项",
        Outcome.WithheldProcessInformation or Outcome.WithheldEnforcementFile => "第十六条第二款、第三十六条第（三）项",
        Outcome.WithheldAdministrativeQuery => "第三十六条第（七）项",
        Outcome.CannotProvideNotHeld => "第三十六条第（四）项",
        Outcome.CannotProvideNotThisAgency => "第三十六条第（五）项",
        Outcome.CannotProvideNeedsCreation => "第三十八条",
        Outcome.CannotProvideStillUnclear => "第三十条",
        Outcome.NotProcessedPetition => "第三十九条第一款",
        Outcome.NotProcessedRepeat => "第三十六条第（六）项",
        Outcome.NotProcessedPublication => "第三十九条第二款",
        Outcome.NotProcessedExcessive => "第三十五条",
        Outcome.NotProcessedConfirmation => "第三十六条",
        Outcome.OtherNotCorrected => "第三十条",
        Outcome.OtherFeeNotPaid => "第四十二条",
        Outcome.OtherHandling => "—",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown outcome."),
    };

    /// <summary>True where the outcome discloses information, wholly or in part.</summary>
    public static bool Discloses(this Outcome outcome) =>
        outcome is Outcome.Disclosed or Outcome.AlreadyPublic or Outcome.PartlyDisclosed;

    /// <summary>True where the outcome refuses the applicant anything (a partial disclosure included), so the letter must state the rights of
    /// administrative reconsideration and litigation.</summary>
    public static bool IsAdverse(this Outcome outcome) => outcome is not (Outcome.Disclosed or Outcome.AlreadyPublic);

    public static string ChineseName(this Outcome outcome) => outcome switch
    {
        Outcome.AlreadyPublic => "已主动公开",
        Outcome.Disclosed => "予以公开",
        Outcome.PartlyDisclosed => "部分公开",
        Outcome.WithheldStateSecret => "不予公开：属于国家秘密",
        Outcome.WithheldProhibitedByLaw => "不予公开：其他法律行政法规禁止公开",
        Outcome.WithheldEndangersSecurity => "不予公开：危及“三安全一稳定”",
        Outcome.WithheldThirdPartyRights => "不予公开：保护第三方合法权益",
        Outcome.WithheldInternalAffairs => "不予公开：属于三类内部事务信息",
        Outcome.WithheldProcessInformation => "不予公开：属于四类过程性信息",
        Outcome.WithheldEnforcementFile => "不予公开：属于行政执法案卷",
        Outcome.WithheldAdministrativeQuery => "不予公开：属于行政查询事项",
        Outcome.CannotProvideNotHeld => "无法提供：本机关不掌握相关政府信息",
        Outcome.CannotProvideNotThisAgency => "无法提供：不属于本机关负责公开",
        Outcome.CannotProvideNeedsCreation => "无法提供：没有现成信息需要另行制作",
        Outcome.CannotProvideStillUnclear => "无法提供：补正后申请内容仍不明确",
        Outcome.NotProcessedPetition => "不予处理：信访举报投诉类申请",
        Outcome.NotProcessedRepeat => "不予处理：重复申请",
        Outcome.NotProcessedPublication => "不予处理：要求提供公开出版物",
        Outcome.NotProcessedExcessive => "不予处理：无正当理由大量反复申请",
        Outcome.NotProcessedConfirmation => "不予处理：要求行政机关确认或重新出具已获取信息",
        Outcome.OtherNotCorrected => "其他处理：逾期不补正",
        Outcome.OtherFeeNotPaid => "其他处理：逾期未缴纳信息处理费",
        Outcome.OtherHandling => "其他处理：其他",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown outcome."),
    };
}
