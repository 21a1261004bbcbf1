using CaseFlow.Domain.Deadlines;
using NodaTime;

namespace CaseFlow.Domain.RecordCorrections;

/// <summary>How a request to correct records (更正申请, Art. 41) ends.</summary>
/// <remarks>The numeric values are stored. Not a disclosure request: none of these is a row of table 三.</remarks>
public enum RecordCorrectionOutcome
{
    /// <summary>予以更正: the agency has the power, found the record inaccurate, corrected it and tells the applicant (Art. 41).</summary>
    Corrected = 1,
    /// <summary>转送有权机关: not within this agency's functions; sent to (or the applicant told of) the agency with the power (Art. 41).</summary>
    Referred = 2,
    /// <summary>不予更正: the evidence does not show the record is inaccurate; the applicant is told the reasons.</summary>
    Refused = 3,
}

/// <summary>Why a correction request, its decision or its letter's service may not be recorded, naming the field.</summary>
public sealed record CorrectionRefusal(string Field, string Zh, string En);

/// <summary>更正政府信息记录 (Art. 41): a citizen, legal person or other organisation with evidence that government
/// information the agency provided about itself is inaccurate may ask for it to be corrected. The agency with the power
/// checks it, corrects it and tells the applicant; an agency without the power may send it to the agency with the power
/// and tell the applicant, or tell the applicant to ask that agency.</summary>
/// <remarks>
/// <para>Art. 41 sets no period. <b>Convention:</b> CaseFlow gives a correction request the reply period of Art. 33 ¶2 by
/// analogy, 20 working days counted from the day after it is received (<see cref="DueWorkingDays"/>). It is a soft due
/// date: shown and listed, overdue when passed, but it has no statutory effect and no extension procedure.</para>
/// <para>A correction request is not a disclosure request (依申请公开): it has its own workflow and never counts in
/// table 三 of the annual report.</para>
/// </remarks>
public static class RecordCorrectionRule
{
    /// <summary><b>Convention</b> (Art. 41 sets none): 20 working days, by analogy with Art. 33 ¶2.</summary>
    public const int DueWorkingDays = StatutoryPeriods.ReplyWorkingDays;

    public const int MaxNameLength = 200;
    public const int MaxTextLength = 4000;

    public static IReadOnlyList<RecordCorrectionOutcome> Outcomes { get; } = Enum.GetValues<RecordCorrectionOutcome>();

    /// <summary>The soft due date: the 20th working day after receipt (Convention, by analogy with Art. 33 ¶2).</summary>
    public static Deadline Due(StatutoryClock clock, LocalDate receivedOn) => clock.After(receivedOn, DueWorkingDays);

    /// <summary>Open past its due date (the decision letter not yet served).</summary>
    public static bool Overdue(LocalDate dueOn, LocalDate? servedOn, LocalDate today) => servedOn is null && today > dueOn;

    /// <summary>Art. 41 (and Art. 29 by analogy): who asks (name, identity, contact), which record, and the evidence that it
    /// is inaccurate; received on a day that has come.</summary>
    public static CorrectionRefusal? RefuseRegistration(string? applicantName, string? idDocument, string? contact, string? record,
        string? evidence, LocalDate? receivedOn, LocalDate today)
    {
        if (Blank(applicantName, MaxNameLength))
            return new("applicantName", $"请填写申请人姓名或名称（不超过{MaxNameLength}个字）。", $"Give the applicant's name (at most {MaxNameLength} characters).");
        if (Blank(idDocument, MaxNameLength))
            return new("applicantIdDocument", "请填写申请人的身份证明。", "Give the applicant's identity document.");
        if (Blank(contact, MaxNameLength))
            return new("applicantContact", "请填写申请人的联系方式。", "Give the applicant's contact.");
        if (Blank(record, MaxTextLength))
            return new("record", $"请写明要求更正的政府信息记录（不超过{MaxTextLength}个字）。", $"Describe the record to be corrected (at most {MaxTextLength} characters).");
        if (Blank(evidence, MaxTextLength))
            return new("evidence", "第四十一条：申请人须有证据证明记录不准确，请写明所附证据。", "Art. 41: the applicant needs evidence that the record is inaccurate; describe it.");
        if (receivedOn is not { } on)
            return new("receivedOn", "收到日期格式应为 YYYY-MM-DD。", "The receipt date must be YYYY-MM-DD.");
        if (on > today)
            return new("receivedOn", "收到日期不能晚于今天。", "The receipt date cannot be after today.");
        return null;
    }

    /// <summary>The decision: what was changed (corrected), the agency with the power (referred), or the reasons (refused);
    /// decided on a day between receipt and today.</summary>
    public static CorrectionRefusal? RefuseDecision(RecordCorrectionOutcome? outcome, string? change, string? competentAgency, string? reasons,
        LocalDate? decidedOn, LocalDate receivedOn, LocalDate today)
    {
        if (outcome is not { } o || !Enum.IsDefined(o))
            return new("outcome", "请选择处理结果：予以更正、转送有权机关或不予更正。", "Choose the outcome: corrected, referred or refused.");
        switch (o)
        {
            case RecordCorrectionOutcome.Corrected when Blank(change, MaxTextLength):
                return new("change", "予以更正的，请写明更正的内容。", "Say what was corrected.");
            case RecordCorrectionOutcome.Referred when Blank(competentAgency, MaxNameLength):
                return new("competentAgency", "转送的，请选择或填写有权更正的行政机关（第四十一条）。", "Choose or name the agency with the power to correct (Art. 41).");
            case RecordCorrectionOutcome.Refused when Blank(reasons, MaxTextLength):
                return new("reasons", "不予更正的，须说明理由。", "Give the reasons for refusing.");
        }
        if (decidedOn is not { } on)
            return new("decidedOn", "决定日期格式应为 YYYY-MM-DD。", "The decision date must be YYYY-MM-DD.");
        if (on < receivedOn || on > today)
            return new("decidedOn", "决定日期须在收到申请之日与今天之间。", "The decision date must be between receipt and today.");
        return null;
    }

    /// <summary>送达 of the decision letter: a day between the decision and today, a method and its evidence.</summary>
    public static CorrectionRefusal? RefuseService(LocalDate? servedOn, string? method, string? evidence, LocalDate decidedOn, LocalDate today,
        IReadOnlyCollection<string> methods)
    {
        if (servedOn is not { } on)
            return new("servedOn", "送达日期格式应为 YYYY-MM-DD。", "The service date must be YYYY-MM-DD.");
        if (on < decidedOn || on > today)
            return new("servedOn", "送达日期须在决定之日与今天之间。", "The service date must be between the decision and today.");
        if (method is null || !methods.Contains(method))
            return new("method", "请选择送达方式。", "Choose how the letter was served.");
        if (Blank(evidence, MaxNameLength))
            return new("evidence", "请填写送达凭证（送达回证、邮件单号等）。", "Give the evidence of service (receipt, tracking number).");
        return null;
    }

    /// <summary>The decision letter's template (<c>workflows/templates/record-correction/</c>).</summary>
    public static string TemplateName(RecordCorrectionOutcome outcome) => outcome switch
    {
        RecordCorrectionOutcome.Corrected => "corrected",
        RecordCorrectionOutcome.Referred => "referred",
        RecordCorrectionOutcome.Refused => "refused",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown outcome."),
    };

    public static string ChineseName(this RecordCorrectionOutcome outcome) => outcome switch
    {
        RecordCorrectionOutcome.Corrected => "予以更正",
        RecordCorrectionOutcome.Referred => "转送有权机关",
        RecordCorrectionOutcome.Refused => "不予更正",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown outcome."),
    };

    public static string EnglishName(this RecordCorrectionOutcome outcome) => outcome switch
    {
        RecordCorrectionOutcome.Corrected => "Corrected",
        RecordCorrectionOutcome.Referred => "Referred to the competent agency",
        RecordCorrectionOutcome.Refused => "Refused",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown outcome."),
    };

    private static bool Blank(string? value, int max) => string.IsNullOrWhiteSpace(value) || value.Trim().Length > max;
}
