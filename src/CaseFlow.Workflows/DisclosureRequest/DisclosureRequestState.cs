using CaseFlow.Domain.Deadlines;
using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Requests;
using MassTransit;
using NodaTime;

namespace CaseFlow.Workflows.DisclosureRequest;

/// <summary>One disclosure request (政府信息公开申请) as the workflow keeps it. Persisted as JSON in its saga row,
/// with the list and report columns promoted.</summary>
public sealed class DisclosureRequestState : SagaStateMachineInstance, ISagaVersion, IWorkflowState
{
    public Guid CorrelationId { get; set; }
    Guid IWorkflowState.AnsweredRequestId => CorrelationId;
    public int Version { get; set; }
    public string CurrentState { get; set; } = "";

    public string AgencyCode { get; set; } = "";
    /// <summary>The agency's calendar: <c>cn</c> or <c>cn+overlay</c>.</summary>
    public string CalendarId { get; set; } = "cn";
    public string TrackingNumber { get; set; } = "";
    public Applicant Applicant { get; set; } = new();
    public Channel Channel { get; set; }
    public string Description { get; set; } = "";
    public string FormOfProvision { get; set; } = "";
    public string? Purpose { get; set; }
    public string? Handler { get; set; }
    public string? ReceiptEvidence { get; set; }
    public Instant RegisteredAt { get; set; }

    /// <summary>收到申请之日 (Art. 31); empty until confirmed.</summary>
    public LocalDate? ReceivedOn { get; set; }
    public CorrectionNotice? CorrectionNotice { get; set; }
    /// <summary>收到补正的申请之日: the reply clock restarts (Art. 30).</summary>
    public LocalDate? CorrectedOn { get; set; }
    public List<Consultation> Consultations { get; set; } = [];
    /// <summary>Art. 32: disclosure decided despite a third party's refusal, in the public interest.</summary>
    public PublicInterestOverride? PublicInterestOverride { get; set; }
    public Extension? Extension { get; set; }
    public ProcessingFee? Fee { get; set; }
    public Reply? Reply { get; set; }
    /// <summary>Art. 35: the applicant was asked for the reasons of an application whose number or frequency clearly
    /// exceeds a reasonable range; and, if the reasons are reasonable, the later reply date set.</summary>
    public ExcessiveRequestInquiry? ExcessiveInquiry { get; set; }
    /// <summary>转送 (Art. 36(五)): the competent agency the 402 reply named, and the copy forwarded to it.</summary>
    public Referral? ReferredTo { get; set; }
    /// <summary>This request is a copy forwarded by another agency of the installation (Art. 36(五)).</summary>
    public ReferralSource? ReferredFrom { get; set; }

    /// <summary>重新答复 (issue 14): the day the decision that reopened the request was received; the reply period runs
    /// from it (<see cref="Domain.Deadlines.ClockEvents.ReopenedOn"/>). Null when never reopened.</summary>
    public LocalDate? ReopenedOn { get; set; }
    /// <summary>The reply date the reopening decision set, when it set one.</summary>
    public LocalDate? ReopenedReplyDueOn { get; set; }
    /// <summary>The reply periods before the reopenings, oldest first; each stays counted in its year (ReopenedRequests).</summary>
    public List<EarlierReplyPeriod> EarlierReplies { get; set; } = [];

    public CloseReason? CloseReason { get; set; }
    public Outcome? Outcome { get; set; }
    public LocalDate? ClosedOn { get; set; }

    // What the statutory clock last said; recomputed by the RecomputeDeadlines step, never by arithmetic here.
    public LocalDate? CorrectionNoticeDueOn { get; set; }
    public LocalDate? ReplyDueOn { get; set; }
    public bool Provisional { get; set; }
    public bool ClockStopped { get; set; }
    public int PausedWorkingDays { get; set; }
    public string? CalendarVersion { get; set; }
    /// <summary>The reply due date passed with no reply served (督办): set when the reply-due timer fires (which tells the
    /// supervisors), cleared as soon as <see cref="ReplyClockStatus"/> no longer finds the request overdue (its clock
    /// stopped, or its due date moved).</summary>
    public bool Overdue { get; set; }

    // What ReplyClockStatus last decided (the RecomputeDeadlines and Close steps); stored as columns of the row.
    /// <summary>The reply clock is counting down (Art. 33); false while not received, awaiting correction, consulting a
    /// third party or another agency, awaiting a fee, and once closed.</summary>
    public bool ClockRunning { get; set; }
    /// <summary>The day the reply clock stopped (or, not yet received, the day of registration) while it is stopped.</summary>
    public LocalDate? StoppedSince { get; set; }
    /// <summary>Closed by a reply served on or before the reply due date in force when served (OGI-RULES §3).</summary>
    public bool? OnTime { get; set; }
    /// <summary>On time and with no extension approved (Art. 33 ¶1).</summary>
    public bool? OnTimeWithoutExtension { get; set; }
    /// <summary>The outcome the closed request counts under in table 三.</summary>
    public Outcome? CountedOutcome { get; set; }

    public bool IsClosed => ClosedOn is not null;

    /// <summary>The workflow state as the domain names it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public RequestStage Stage => Enum.TryParse<RequestStage>(CurrentState, out var stage) ? stage
        : IsClosed ? RequestStage.Closed : RequestStage.Registered;

    /// <summary>The facts <see cref="ReplyClockStatus.Decide"/> works from; <paramref name="deadlines"/> as just computed
    /// (null while not received or once closed).</summary>
    public RequestClockFacts ClockFacts(RequestDeadlines? deadlines) => new()
    {
        Stage = Stage,
        RegisteredOn = RegisteredAt.InZone(ChinaTime.Zone).Date,
        Deadlines = deadlines,
        Events = ReceivedOn is null ? null : ClockEvents(),
        CorrectionNoticeIssuedOn = CorrectionNotice?.IssuedOn,
        ReplyDueOn = ReplyDueOn,
        ExtensionWorkingDays = Extension is { Approved: true } e ? e.ApprovedDays : 0,
        CloseReason = CloseReason,
        Outcome = Outcome,
        ClosedOn = ClosedOn,
    };

    public bool HasOpenExternalConsultation => Consultations.Any(c => c.IsExternal && c.EndedOn is null);

    /// <summary>The clock events of this request, for the statutory clock.</summary>
    public ClockEvents ClockEvents() => new(ReceivedOn ?? throw new InvalidOperationException("The receipt date is not yet confirmed."))
    {
        CorrectedOn = CorrectedOn,
        ExtensionWorkingDays = Extension is { Approved: true } e ? e.ApprovedDays : 0,
        ReasonablePeriodEndsOn = ExcessiveInquiry?.ReasonablePeriodEndsOn,
        ReopenedOn = ReopenedOn,
        ReopenedReplyDueOn = ReopenedReplyDueOn,
        // A reopened request's new period does not inherit the spans of the earlier one (ClockEvents.ReopenedOn).
        ExcludedSpans = Consultations.Where(c => c.IsExternal && (ReopenedOn is null || c.SentOn >= ReopenedOn))
            .Select(c => new ExcludedSpan(c.SentOn, c.EndedOn,
                c.Kind == ConsultationKind.ThirdParty ? ExclusionReason.ThirdPartyConsultation : ExclusionReason.OtherAgencyConsultation,
                string.Join("、", new[] { c.DocumentNumber ?? "" }.Concat(c.Participants).Where(x => x.Length > 0))))
            .Concat(Fee is { } fee && (ReopenedOn is null || fee.ServedOn >= ReopenedOn) ? [new ExcludedSpan(fee.ServedOn, fee.PaidOn, ExclusionReason.FeeNotice)] : [])
            .ToList(),
    };
}

public sealed record Applicant
{
    public ApplicantType Type { get; init; } = ApplicantType.NaturalPerson;
    public string Name { get; init; } = "";
    public string IdDocument { get; init; } = "";
    public string Phone { get; init; } = "";
    public string? Email { get; init; }
    public string? Address { get; init; }
}

/// <summary>补正告知 (Art. 30): what to correct and by when.</summary>
public sealed record CorrectionNotice(LocalDate IssuedOn, IReadOnlyList<string> Items, LocalDate PeriodEndsOn);

public enum ConsultationKind
{
    /// <summary>会商: legal advisers, legal affairs office, justice office, other departments; the clock runs on.</summary>
    Internal = 1,
    /// <summary>征求第三方意见 (Art. 32): 15 working days; silence → the agency decides.</summary>
    ThirdParty = 2,
    /// <summary>征求其他机关意见 (Art. 34): 15 working days; silence → deemed consent.</summary>
    OtherAgency = 3,
}

public enum ConsultationEnd
{
    AllOpinionsIn = 1,
    /// <summary>Window closed with silence: third party → the agency decides (Art. 32).</summary>
    SilenceAgencyDecides = 2,
    /// <summary>Window closed with silence: other agency → deemed consent to disclose (Art. 34).</summary>
    SilenceDeemedConsent = 3,
    Withdrawn = 4,
}

public enum OpinionPosition
{
    Agree = 1,
    Disagree = 2,
    Conditional = 3,
}

public sealed record Opinion(string Participant, OpinionPosition Position, string Reasoning, LocalDate ReceivedOn);

public sealed record Consultation
{
    public required Guid Id { get; init; }
    public required ConsultationKind Kind { get; init; }
    public required IReadOnlyList<string> Participants { get; init; }
    public required string Question { get; init; }
    /// <summary>征求意见书 sent on (A of the excluded span).</summary>
    public required LocalDate SentOn { get; init; }
    /// <summary>The addressee received the letter (送达); the 15-working-day window counts from here.</summary>
    public LocalDate? LetterReceivedOn { get; init; }
    public string? DocumentNumber { get; init; }
    /// <summary>End of the opinion window (statutory for external, set by the caseworker for internal).</summary>
    public LocalDate? WindowDueOn { get; init; }
    public List<Opinion> Opinions { get; init; } = [];
    public LocalDate? EndedOn { get; set; }
    public ConsultationEnd? End { get; set; }

    public bool IsExternal => Kind is ConsultationKind.ThirdParty or ConsultationKind.OtherAgency;
}

/// <summary>Art. 32: the agency decided to disclose despite a third party's refusal because withholding would gravely
/// affect the public interest; the third party must be told in writing (the letter's date and document number).</summary>
public sealed record PublicInterestOverride(LocalDate DecidedOn, string Reasons, string DecidedBy)
{
    public LocalDate? LetterSentOn { get; init; }
    public string? LetterDocumentNumber { get; init; }
}

/// <summary>延长答复期限 (Art. 33 ¶2): requested with reasons, decided by the head of the OGI office.</summary>
public sealed record Extension(LocalDate RequestedOn, int RequestedDays, string Reason)
{
    public bool? Approved { get; init; }
    public int ApprovedDays { get; init; }
    public LocalDate? DecidedOn { get; init; }
    public string? DecidedBy { get; init; }
}

/// <summary>信息处理费 (Art. 42; 国办函〔2020〕109号).</summary>
public sealed record ProcessingFee(LocalDate ServedOn, decimal Amount, string Basis, LocalDate PaymentDueOn)
{
    public LocalDate? PaidOn { get; init; }
}

/// <summary>答复 (Art. 36–39).</summary>
public sealed record Reply(Outcome Outcome, string Reasons, string LegalBasis, LocalDate ServedOn, bool OnTheSpot, bool OnTime)
{
    /// <summary>The reply letter whose service is this reply (答复书文号).</summary>
    public string? LetterDocumentNumber { get; init; }
}

/// <summary>转送 (Art. 36(五)): the reply 402 told the applicant which agency is competent; when that agency is on the
/// installation and the applicant consented, a copy was forwarded to it as a new request (<see cref="RequestId"/>) on
/// <see cref="ForwardedOn"/>. An agency outside the installation is named only (<see cref="AgencyCode"/> empty).</summary>
public sealed record Referral(string? AgencyCode, string AgencyName, Guid? RequestId, string? Consent, LocalDate? ForwardedOn, string LetterDocumentNumber);

/// <summary>Where a forwarded request came from (Art. 36(五)): the other agency, its tracking number and its 402 reply.</summary>
public sealed record ReferralSource(Guid RequestId, string AgencyCode, string TrackingNumber, string LetterDocumentNumber);

/// <summary>Art. 35 (要求说明理由): asked on <see cref="AskedOn"/> with a reply window the agency set; then either a reply
/// 不予处理 (504, table 三(五)4) or a later reasonable reply date (<see cref="ReasonablePeriodEndsOn"/>) told to the applicant.</summary>
public sealed record ExcessiveRequestInquiry(LocalDate AskedOn, LocalDate ReplyWindowEndsOn, string Grounds, string AskedBy)
{
    /// <summary>延迟答复的合理期限: the reply due date in force from now on (the statutory clock's Art. 35 rule).</summary>
    public LocalDate? ReasonablePeriodEndsOn { get; init; }
    public LocalDate? ReasonablePeriodDecidedOn { get; init; }
    public string? ReasonablePeriodReasons { get; init; }
    public string? DecidedBy { get; init; }
    /// <summary>The reply window ended with no later date set: recorded by the reasons-window timer (the day it ended).</summary>
    public LocalDate? WindowEndedOn { get; init; }
    /// <summary>The number of the 说明理由通知书 that asked (when asked by letter).</summary>
    public string? AskedByLetter { get; init; }
    /// <summary>The number of the 延迟答复告知书 that told the later date (when set by letter).</summary>
    public string? ReasonablePeriodLetter { get; init; }
}

/// <summary>A reply period that ended before a challenge's correction reopened the request (issue 14): from
/// <see cref="StartsOn"/> to <see cref="ClosedOn"/>, counted under <see cref="CountedOutcome"/>, with the reply, extension and
/// Art. 35 decision that belonged to it; then the decision (<see cref="DecisionReference"/>) received on
/// <see cref="ReopenedOn"/> on the challenge (<see cref="ChallengeKind"/>, <see cref="ChallengeFiledOn"/>).</summary>
public sealed record EarlierReplyPeriod(int PeriodNo, LocalDate StartsOn, LocalDate ClosedOn, CloseReason CloseReason, Outcome CountedOutcome,
    bool? OnTime, Reply? Reply, Extension? Extension, ExcessiveRequestInquiry? ExcessiveInquiry,
    Domain.Reporting.ChallengeKind ChallengeKind, LocalDate ChallengeFiledOn, string DecisionReference, LocalDate ReopenedOn, LocalDate? ReplyDueOnSet,
    string ReopenedBy);
