using NodaTime;

namespace CaseFlow.Domain.Deadlines;

/// <summary>Why a span of working days does not count against the reply period.</summary>
public enum ExclusionReason
{
    /// <summary>征求第三方意见 (Art. 32; Art. 33 ¶3).</summary>
    ThirdPartyConsultation = 1,
    /// <summary>征求其他机关意见 (Art. 34; Art. 33 ¶3).</summary>
    OtherAgencyConsultation = 2,
    /// <summary>收费通知送达至缴费 (Convention, 国办函〔2020〕109号).</summary>
    FeeNotice = 3,
}

/// <summary>A span whose working days in (<see cref="StartOn"/>, <see cref="EndOn"/>] do not count.</summary>
/// <remarks><b>Convention</b> (OGI-RULES §3): for a consultation sent on A whose last opinion arrives (or whose window
/// closes) on B, the working days in (A, B] do not count; overlapping spans count once. <see cref="EndOn"/> is null
/// while the span is still open.</remarks>
public sealed record ExcludedSpan(LocalDate StartOn, LocalDate? EndOn, ExclusionReason Reason, string? Reference = null);

/// <summary>Everything the statutory clock of one request depends on.</summary>
public sealed record ClockEvents(LocalDate ReceivedOn)
{
    /// <summary>收到补正的申请之日: the reply clock restarts from this day (Art. 30).</summary>
    public LocalDate? CorrectedOn { get; init; }

    public IReadOnlyList<ExcludedSpan> ExcludedSpans { get; init; } = [];

    /// <summary>Approved extension in working days, 0 when none (Art. 33 ¶2).</summary>
    public int ExtensionWorkingDays { get; init; }
    /// <summary>延迟答复的合理期限 (Art. 35): the later reply date the agency set and told the applicant, after asking for
    /// the reasons of an application whose number or frequency clearly exceeds a reasonable range; null when none.</summary>
    public LocalDate? ReasonablePeriodEndsOn { get; init; }

    /// <summary>重新答复: the day the agency received a reconsideration decision or judgment that corrected its handling
    /// (结果纠正, e.g. 责令重新答复) and reopened the request; the new reply period counts from this day. Null when the request
    /// was never reopened.</summary>
    /// <remarks><b>Convention</b> (OGI-RULES §3, issue 14): the Regulations set no period for a reply ordered anew; the
    /// new reply period is the Art. 33 ¶1 period (20 working days, the day of receipt of the decision not counting),
    /// unless the decision itself sets a date (<see cref="ReopenedReplyDueOn"/>), which then is the due date. Spans
    /// and the extension of the earlier period do not carry over.</remarks>
    public LocalDate? ReopenedOn { get; init; }
    /// <summary>The reply date the reopening decision set (复议决定书/判决书 限期重新答复), when it set one.</summary>
    public LocalDate? ReopenedReplyDueOn { get; init; }

    /// <summary>The day the reply period runs from: the day the reopening decision was received (issue 14), else the
    /// corrected application (Art. 30), else receipt (Art. 31).</summary>
    public LocalDate ClockStartsOn => ReopenedOn ?? CorrectedOn ?? ReceivedOn;

    /// <summary>Checks the events against the Regulations; each problem names its field.</summary>
    public IReadOnlyList<ClockInputError> Validate()
    {
        List<ClockInputError>? errors = null;
        void Add(string field, string message) => (errors ??= []).Add(new ClockInputError(field, message));
        if (ReceivedOn < StatutoryPeriods.RegulationsInForceOn)
            Add("received", $"{ReceivedOn:uuuu-MM-dd} is before the revised Regulations took effect on 2019-05-15");
        if (CorrectedOn is { } corrected && corrected < ReceivedOn)
            Add("corrected", $"{corrected:uuuu-MM-dd} is before the receipt date {ReceivedOn:uuuu-MM-dd}");
        if (ExtensionWorkingDays < 0)
            Add("extension-days", $"{ExtensionWorkingDays} is negative");
        if (ExtensionWorkingDays > StatutoryPeriods.MaxExtensionWorkingDays)
            Add("extension-days", $"{ExtensionWorkingDays} exceeds the 20 working days Art. 33 allows");
        if (ReasonablePeriodEndsOn is { } reasonable && reasonable <= ReceivedOn)
            Add("reasonable-period", $"{reasonable:uuuu-MM-dd} is not after the receipt date {ReceivedOn:uuuu-MM-dd}");
        if (ReopenedOn is { } reopened && reopened < (CorrectedOn ?? ReceivedOn))
            Add("reopened", $"{reopened:uuuu-MM-dd} is before the clock start {CorrectedOn ?? ReceivedOn:uuuu-MM-dd}");
        if (ReopenedReplyDueOn is { } set && (ReopenedOn is not { } from || set <= from))
            Add("reopened-due", ReopenedOn is null
                ? $"{set:uuuu-MM-dd} is given without a reopening date"
                : $"{set:uuuu-MM-dd} is not after the reopening date {ReopenedOn:uuuu-MM-dd}");
        for (var i = 0; i < ExcludedSpans.Count; i++)
        {
            var span = ExcludedSpans[i];
            if (span.EndOn is { } end && end < span.StartOn)
                Add("pause", $"{span.StartOn:uuuu-MM-dd}..{end:uuuu-MM-dd} ends before it starts");
            if (span.StartOn < ReceivedOn)
                Add("pause", $"{span.StartOn:uuuu-MM-dd} is before the receipt date {ReceivedOn:uuuu-MM-dd}");
        }
        return errors ?? (IReadOnlyList<ClockInputError>)[];
    }
}

/// <summary>A problem with clock input, naming the field (CLI flag / JSON field) it concerns.</summary>
public sealed record ClockInputError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}
