using CaseFlow.Domain.Replies;

namespace CaseFlow.Domain.Correspondence;

/// <summary>The standard letters of a request (文书), each served on someone.</summary>
/// <remarks>The numeric values are stable: they are stored.</remarks>
public enum LetterType
{
    /// <summary>受理回执: acknowledges the application and states the receipt date (Art. 31, 45).</summary>
    Receipt = 1,
    /// <summary>补正告知书: the one-time notice to make an unclear application precise (Art. 30).</summary>
    CorrectionNotice = 2,
    /// <summary>征求意见书: asks a third party (Art. 32) or another agency (Art. 34) for its opinion.</summary>
    ConsultationLetter = 3,
    /// <summary>延期答复告知书: tells the applicant the reply period is extended (Art. 33 ¶2).</summary>
    ExtensionNotice = 4,
    /// <summary>收费通知书: the information-processing fee (Art. 42; 国办函〔2020〕109号).</summary>
    FeeNotice = 5,
    /// <summary>答复书: the decision (Art. 36–39), one variant per <see cref="Outcome"/>.</summary>
    Reply = 6,
    /// <summary>公开决定告知书: tells the third parties who refused disclosure what the agency decided to disclose despite
    /// their refusal, and why.</summary>
    /// <remarks>Art. 32, last sentence: 行政机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知第三方.</remarks>
    OverrideNotice = 7,
    /// <summary>更正申请答复书: the decision on a request to correct records (Art. 41): corrected, referred to the agency with
    /// the power, or refused with reasons. A letter of the record-correction workflow, not of a disclosure request.</summary>
    RecordCorrectionReply = 8,
    /// <summary>说明理由通知书: asks the applicant whose applications clearly exceed a reasonable range in number or frequency
    /// for the reasons, by a reply window the agency sets (Art. 35). Issuing it is the request for reasons.</summary>
    ReasonsRequest = 9,
    /// <summary>延迟答复告知书: tells the applicant the later reasonable reply date the agency set after the reasons (Art. 35).
    /// Issuing it sets that date.</summary>
    ReasonablePeriodNotice = 10,
}

/// <summary>Names, number abbreviations and template names of the letter types.</summary>
public static class LetterTypes
{
    /// <summary>The letters of a disclosure request (every type but <see cref="LetterType.RecordCorrectionReply"/>, which
    /// belongs to the Art. 41 workflow and has its own templates).</summary>
    public static IReadOnlyList<LetterType> All { get; } = Enum.GetValues<LetterType>().Where(t => t != LetterType.RecordCorrectionReply).ToList();

    /// <summary>The outcomes served as a reply letter (答复书): every outcome of Art. 36–39 and Art. 30 (三(四)3). The
    /// three 其他处理 rows close a request without a reply (deemed abandoned, withdrawn), so they have no 答复书.</summary>
    public static IReadOnlyList<Outcome> ReplyOutcomes { get; } =
        Outcomes.All.Where(o => o is not (Outcome.OtherNotCorrected or Outcome.OtherFeeNotPaid or Outcome.OtherHandling)).ToList();

    public static string ChineseName(this LetterType type) => type switch
    {
        LetterType.Receipt => "受理回执",
        LetterType.CorrectionNotice => "补正告知书",
        LetterType.ConsultationLetter => "征求意见书",
        LetterType.ExtensionNotice => "延期答复告知书",
        LetterType.FeeNotice => "收费通知书",
        LetterType.Reply => "答复书",
        LetterType.OverrideNotice => "公开决定告知书",
        LetterType.RecordCorrectionReply => "更正申请答复书",
        LetterType.ReasonsRequest => "说明理由通知书",
        LetterType.ReasonablePeriodNotice => "延迟答复告知书",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown letter type."),
    };

    public static string EnglishName(this LetterType type) => type switch
    {
        LetterType.Receipt => "Receipt",
        LetterType.CorrectionNotice => "Correction notice",
        LetterType.ConsultationLetter => "Consultation letter",
        LetterType.ExtensionNotice => "Extension notice",
        LetterType.FeeNotice => "Fee notice",
        LetterType.Reply => "Reply",
        LetterType.OverrideNotice => "Notice of disclosure to the third party",
        LetterType.RecordCorrectionReply => "Reply to a request to correct records",
        LetterType.ReasonsRequest => "Request for reasons (Art. 35)",
        LetterType.ReasonablePeriodNotice => "Notice of a later reasonable reply date (Art. 35)",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown letter type."),
    };

    /// <summary>The abbreviation in the document number, e.g. 补告 in 〔2026〕补告第12号.</summary>
    public static string NumberAbbreviation(this LetterType type) => type switch
    {
        LetterType.Receipt => "受",
        LetterType.CorrectionNotice => "补告",
        LetterType.ConsultationLetter => "征",
        LetterType.ExtensionNotice => "延告",
        LetterType.FeeNotice => "费告",
        LetterType.Reply => "答",
        LetterType.OverrideNotice => "告",
        LetterType.RecordCorrectionReply => "更答",
        LetterType.ReasonsRequest => "说告",
        LetterType.ReasonablePeriodNotice => "迟告",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown letter type."),
    };

    /// <summary>The kebab-case name used in URLs and template file names: <c>correction-notice</c>.</summary>
    public static string Slug(this LetterType type) => type switch
    {
        LetterType.Receipt => "receipt",
        LetterType.CorrectionNotice => "correction-notice",
        LetterType.ConsultationLetter => "consultation-letter",
        LetterType.ExtensionNotice => "extension-notice",
        LetterType.FeeNotice => "fee-notice",
        LetterType.Reply => "reply",
        LetterType.OverrideNotice => "override-notice",
        LetterType.RecordCorrectionReply => "record-correction-reply",
        LetterType.ReasonsRequest => "reasons-request",
        LetterType.ReasonablePeriodNotice => "reasonable-period-notice",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown letter type."),
    };

    public static LetterType? FromSlug(string? slug) => All.Cast<LetterType?>().FirstOrDefault(t => t!.Value.Slug() == slug);

    /// <summary>The template of a letter: <c>correction-notice</c>, or for a reply <c>reply-304</c> (the outcome code).</summary>
    public static string TemplateName(LetterType type, Outcome? outcome) => type == LetterType.Reply
        ? $"reply-{(int)(outcome ?? throw new ArgumentException("A reply letter needs its outcome.", nameof(outcome)))}"
        : type.Slug();

    /// <summary>〔2026〕补告第12号, after the agency's own prefix if it has one (e.g. 示府办依公开).</summary>
    /// <remarks>The form of 《党政机关公文格式》GB/T 9704-2012 §7.2.4: year in hexagonal brackets 〔〕, sequence without
    /// leading zeros, ending in 号.</remarks>
    public static string DocumentNumber(string? agencyPrefix, LetterType type, int year, long sequence)
    {
        if (sequence < 1)
            throw new ArgumentOutOfRangeException(nameof(sequence), sequence, "Document numbers start at 1.");
        return $"{agencyPrefix?.Trim()}〔{year}〕{type.NumberAbbreviation()}第{sequence}号";
    }
}
