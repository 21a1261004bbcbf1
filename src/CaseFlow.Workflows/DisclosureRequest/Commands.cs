using CaseFlow.Contracts;
using CaseFlow.Domain.Replies;
using NodaTime;

namespace CaseFlow.Workflows.DisclosureRequest;

/// <summary>补正告知 (Art. 30): once, within 7 working days of receipt, listing what to correct and a reasonable period.</summary>
public sealed record IssueCorrectionNotice : IRequestCommand
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required LocalDate IssuedOn { get; init; }
    public required IReadOnlyList<string> Items { get; init; }
    public required LocalDate CorrectionPeriodEndsOn { get; init; }
}

/// <summary>收到补正的申请 (Art. 30): the reply clock restarts from <see cref="CorrectedOn"/>.</summary>
public sealed record RecordCorrectedApplication : IRequestCommand
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required LocalDate CorrectedOn { get; init; }
    public string? CorrectedDescription { get; init; }
    /// <summary>Why a correction after the period is accepted (正当理由, Art. 30); required when late.</summary>
    public string? GoodReasonForDelay { get; init; }
}

/// <summary>征求意见 / 会商 (Art. 32, 34): a consultation letter sent to the participants. Handled by the consultation
/// workflow, which tells the request through <c>ConsultationStarted</c>.</summary>
public sealed record StartConsultation : IRequestCommand, Consultations.IConsultationMessage
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required Guid ConsultationId { get; init; }
    public required ConsultationKind Kind { get; init; }
    public required IReadOnlyList<string> Participants { get; init; }
    public required string Question { get; init; }
    public required LocalDate SentOn { get; init; }
    public LocalDate? LetterReceivedOn { get; init; }
    public string? DocumentNumber { get; init; }
    /// <summary>For an internal joint consultation, the due date the caseworker sets.</summary>
    public LocalDate? DueOn { get; init; }
    /// <summary>Attachment ids of the request shared with the participants, read-only.</summary>
    public IReadOnlyList<Guid> Materials { get; init; } = [];
    /// <summary>Other agency (Art. 34): the agency of this installation addressed, which answers in the app; its name
    /// becomes a participant. Null for an agency outside the installation (a typed participant, on paper).</summary>
    public string? AddressedAgencyCode { get; init; }
    /// <summary>Internal joint consultation: colleagues of other agencies of the installation invited by user name.</summary>
    public IReadOnlyList<string> Colleagues { get; init; } = [];
}

/// <summary>An opinion on a consultation, entered by the participant or recorded from paper by the caseworker.</summary>
public sealed record RecordOpinion : IRequestCommand, Consultations.IConsultationMessage
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required Guid ConsultationId { get; init; }
    public required string Participant { get; init; }
    public required OpinionPosition Position { get; init; }
    public required string Reasoning { get; init; }
    public required LocalDate ReceivedOn { get; init; }
    /// <summary>The articles the opinion relies on (e.g. 第十五条、第三十二条).</summary>
    public string? CitedArticles { get; init; }
    /// <summary>Entered by the caseworker from a letter received on paper, not by the participant in the app.</summary>
    public bool FromPaper { get; init; }
}

/// <summary>Art. 32: despite a third party's refusal, the agency decides to disclose because withholding would gravely
/// affect the public interest (公共利益), with its reasons.</summary>
public sealed record RecordPublicInterestOverride : IRequestCommand
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required LocalDate DecidedOn { get; init; }
    public required string Reasons { get; init; }
}

/// <summary>Art. 32: the written notice to the third party of the information to be disclosed and why was sent.</summary>
public sealed record RecordOverrideLetter : IRequestCommand
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required LocalDate SentOn { get; init; }
    public required string DocumentNumber { get; init; }
}

/// <summary>申请延长答复期限 (Art. 33 ¶2): before the reply due date, once, at most 20 working days.</summary>
public sealed record RequestExtension : IRequestCommand
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required LocalDate RequestedOn { get; init; }
    public required int Days { get; init; }
    public required string Reason { get; init; }
}

/// <summary>The head of the OGI office approves or refuses the extension (Art. 33 ¶2).</summary>
public sealed record DecideExtension : IRequestCommand
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required bool Approved { get; init; }
    public int Days { get; init; }
    public required LocalDate DecidedOn { get; init; }
}

/// <summary>督办 (issue 7): a supervisor hands an open request to another handler; the state and the clock are unchanged.</summary>
public sealed record ReassignHandler : IRequestCommand
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required string Handler { get; init; }
}

/// <summary>要求说明理由 (Art. 35): the number or frequency of the applicant's applications clearly exceeds a reasonable
/// range; the applicant is asked for the reasons, to be given by <see cref="ReplyWindowEndsOn"/> (a window the agency sets).
/// The reply clock runs on.</summary>
public sealed record AskForReasons : IRequestCommand
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required LocalDate AskedOn { get; init; }
    public required LocalDate ReplyWindowEndsOn { get; init; }
    /// <summary>Why the applications exceed a reasonable range (e.g. the early warning: 30 applications in 10 days).</summary>
    public required string Grounds { get; init; }
}

/// <summary>确定延迟答复的合理期限 (Art. 35): the reasons are reasonable but the reply cannot be made within the Art. 33
/// period; the agency sets a later reply date and tells the applicant. The reply is on time when served by it.</summary>
public sealed record SetReasonablePeriod : IRequestCommand
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required LocalDate DecidedOn { get; init; }
    public required LocalDate ReplyDueOn { get; init; }
    public required string Reasons { get; init; }
}

/// <summary>重新答复 (issue 14): a reconsideration decision or judgment corrected the handling of the closed request (结果纠正,
/// e.g. 责令重新答复); the request is reopened into a new reply period counting from <see cref="DecisionReceivedOn"/>, or
/// due on <see cref="ReplyDueOn"/> when the decision set a date. Once per challenge, identified as in the challenges
/// file by (tracking number, kind, filed on).</summary>
public sealed record ReopenAfterChallenge : IRequestCommand
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required Domain.Reporting.ChallengeKind ChallengeKind { get; init; }
    public required LocalDate ChallengeFiledOn { get; init; }
    /// <summary>The day the agency received the decision or judgment (the new period's start, not counted itself).</summary>
    public required LocalDate DecisionReceivedOn { get; init; }
    /// <summary>The reply date the decision set (限期重新答复), when it set one; otherwise 20 working days (Art. 33 ¶1).</summary>
    public LocalDate? ReplyDueOn { get; init; }
    /// <summary>The decision or judgment (复议决定书/判决书 文号 and what it ordered).</summary>
    public required string DecisionReference { get; init; }
}

/// <summary>收费通知 (Art. 42; 国办函〔2020〕109号): served within the reply period.</summary>
public sealed record IssueFeeNotice : IRequestCommand
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required LocalDate ServedOn { get; init; }
    public required decimal Amount { get; init; }
    public required string Basis { get; init; }
}

public sealed record RecordPayment : IRequestCommand
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required LocalDate PaidOn { get; init; }
}

/// <summary>答复 (Art. 36–39): the outcome, its reasons and legal basis, served on the applicant.</summary>
public sealed record ServeReply : IRequestCommand
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required Outcome Outcome { get; init; }
    public required string Reasons { get; init; }
    public required string LegalBasis { get; init; }
    public required LocalDate ServedOn { get; init; }
    /// <summary>当场答复 (Art. 33 ¶1).</summary>
    public bool OnTheSpot { get; init; }
}

/// <summary>撤回申请: the applicant withdraws (counted in 三(六)3).</summary>
public sealed record WithdrawRequest : IRequestCommand
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required LocalDate WithdrawnOn { get; init; }
    public string? Reason { get; init; }
}

/// <summary>System: a loaded calendar changed; recompute the deadlines (and audit the change).</summary>
public sealed record RecomputeDeadlines : IRequestCommand
{
    public required Guid RequestId { get; init; }
    public string Actor { get; init; } = "system";
    public required string CalendarVersion { get; init; }
}

/// <summary>System: a deadline timer fired. Stale or repeated firings are recognised by state and ignored.</summary>
public sealed record DeadlineReached : IRequestCommand
{
    public required Guid RequestId { get; init; }
    public string Actor { get; init; } = "system";
    public required string Kind { get; init; }
    public required string Subject { get; init; }
    public required int Generation { get; init; }
    public required LocalDate DueOn { get; init; }
}

/// <summary>The kinds of deadline timer.</summary>
public static class DeadlineKinds
{
    /// <summary>The reply due date passed (Art. 33): the request becomes overdue.</summary>
    public const string ReplyDue = "reply-due";
    /// <summary>A warning before the reply due date; subject = working days left.</summary>
    public const string ReplyDueWarning = "reply-due-warning";
    /// <summary>The correction period ended without a correction (Art. 30).</summary>
    public const string CorrectionPeriodEnds = "correction-period-ends";
    /// <summary>The fee payment window closed unpaid (国办函〔2020〕109号).</summary>
    public const string FeePaymentDue = "fee-payment-due";
    /// <summary>The window the agency set for the applicant's reasons ended (Art. 35): the refusal or later date is due.</summary>
    public const string ReasonsWindowEnds = "reasons-window-ends";
}

/// <summary>签发文书: numbers and stores a letter as drafted and performs the procedural act the letter is, in one step of
/// the request (one transaction): the correction notice is the correction notice (Art. 30), the notice of disclosure to
/// a third party records that it was told in writing (Art. 32), an on-the-spot reply is served in person and closes the
/// request (Art. 33 ¶1). A letter re-issued to replace an earlier one (<see cref="ReplacesLetterId"/>) does not repeat
/// the act.</summary>
/// <remarks><see cref="FormToken"/> makes issuing idempotent: a second command with the same token (a double submit,
/// the back button, a second tab) numbers nothing and answers with the letter already issued.</remarks>
public sealed record IssueLetter : IRequestCommand
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required string FormToken { get; init; }
    public required Domain.Correspondence.LetterType Type { get; init; }
    public Outcome? Outcome { get; init; }
    public required string Title { get; init; }
    public required string Addressee { get; init; }
    /// <summary>The content with the number placeholder where the document number goes.</summary>
    public required string Content { get; init; }
    /// <summary>JSON: the facts and fields the letter was rendered from.</summary>
    public required string Facts { get; init; }
    /// <summary>JSON: the privacy review (and, for a reviewed draft, the review).</summary>
    public required string PrivacyReview { get; init; }
    public string? ReplacesLetterId { get; init; }
    public required LocalDate IssuedOn { get; init; }
    /// <summary>Correction notice: the items to correct (Art. 30).</summary>
    public IReadOnlyList<string> CorrectionItems { get; init; } = [];
    /// <summary>Correction notice: the end of the correction period (Art. 30).</summary>
    public LocalDate? CorrectionPeriodEndsOn { get; init; }
    /// <summary>Reply: the reasons the letter gives (Art. 36). 说明理由通知书: the grounds (why the applications exceed a
    /// reasonable range); 延迟答复告知书: why the later date (Art. 35).</summary>
    public string? Reasons { get; init; }
    /// <summary>说明理由通知书 (Art. 35): the end of the reply window the agency sets.</summary>
    public LocalDate? ReasonsWindowEndsOn { get; init; }
    /// <summary>延迟答复告知书 (Art. 35): the later reasonable reply date.</summary>
    public LocalDate? ReasonableReplyDueOn { get; init; }
    /// <summary>当场答复 (Art. 33 ¶1): the reply letter is handed over in person now; its service is recorded with this
    /// evidence and the request is replied in the same step.</summary>
    public string? ServedInPersonEvidence { get; init; }
    /// <summary>The reviewed draft this letter issues, marked issued in the same transaction (审核/签发, Art. 45).</summary>
    public string? DraftId { get; init; }
    /// <summary>JSON: the review steps of the draft, stored with it when it is marked issued.</summary>
    public string? DraftReviews { get; init; }
}

/// <summary>送达: records how and when an issued letter reached its addressee, and performs what its service does, in one
/// step: serving the fee notice starts the payment window (Art. 42; 国办函〔2020〕109号); serving the reply letter is the
/// reply (Art. 36–39), with the letter's outcome, reasons and legal basis and the service date as the reply date.</summary>
public sealed record RecordLetterService : IRequestCommand
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required string LetterId { get; init; }
    /// <summary><c>InPerson</c> | <c>Post</c> | <c>Email</c> | <c>Online</c>.</summary>
    public required string Method { get; init; }
    public required LocalDate ServedOn { get; init; }
    public required string Evidence { get; init; }
}
