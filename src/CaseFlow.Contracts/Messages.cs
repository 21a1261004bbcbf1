using NodaTime;

namespace CaseFlow.Contracts;

/// <summary>A command to one disclosure request. <see cref="Actor"/> is who gives it (user name, or the integrator's
/// client id); every accepted command is written to the request's audit trail with it.</summary>
public interface IRequestCommand
{
    Guid RequestId { get; }
    string Actor { get; }
}

/// <summary>登记: records a new request (Art. 29, 45). An online portal publishes this when an applicant submits.</summary>
/// <remarks>Leave <see cref="ReceivedOn"/> empty when the receipt date is yet to be confirmed with the applicant
/// (ordinary post, online, fax: Art. 31); give it when it is settled (in person, registered post signed for).</remarks>
public sealed record RegisterRequest : IRequestCommand
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required string AgencyCode { get; init; }
    /// <summary>NaturalPerson | Business | ResearchInstitution | NonProfit | LegalServiceProvider | OtherOrganization.</summary>
    public required string ApplicantType { get; init; }
    public required string ApplicantName { get; init; }
    /// <summary>Identity document type and number (身份证明), e.g. "居民身份证 110105194912310021".</summary>
    public required string ApplicantIdDocument { get; init; }
    /// <summary>Contact: phone number (联系方式).</summary>
    public required string ApplicantPhone { get; init; }
    public string? ApplicantEmail { get; init; }
    public string? ApplicantAddress { get; init; }
    /// <summary>InPerson | RegisteredPost | OrdinaryPost | Online | Fax.</summary>
    public required string Channel { get; init; }
    /// <summary>What information is asked for (name, document number or other description, Art. 29 ¶2(二)).</summary>
    public required string Description { get; init; }
    /// <summary>Form of provision (Art. 29 ¶2(三), Art. 40): Paper | Electronic | Inspection.</summary>
    public required string FormOfProvision { get; init; }
    public string? Purpose { get; init; }
    public LocalDate? ReceivedOn { get; init; }
    /// <summary>Receipt evidence (Art. 31): who signed for it, the confirmation call, the portal's confirmation id.</summary>
    public string? ReceiptEvidence { get; init; }
    public string? Handler { get; init; }
    /// <summary>转送 (Art. 36(五)): the request of another agency of the installation this one is a forwarded copy of; set
    /// by the workflow that forwards it, never by a person.</summary>
    public Guid? ReferredFromRequestId { get; init; }
    /// <summary>The agency that forwarded this request (its code).</summary>
    public string? ReferredFromAgencyCode { get; init; }
    /// <summary>The forwarding agency's tracking number of the request.</summary>
    public string? ReferredFromTrackingNumber { get; init; }
    /// <summary>The document number of the forwarding agency's reply (402) that names this agency.</summary>
    public string? ReferredFromLetter { get; init; }
}

/// <summary>确认收到申请之日 (Art. 31): the office confirms the receipt date with the applicant; the clock starts.</summary>
public sealed record ConfirmReceipt : IRequestCommand
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required LocalDate ReceivedOn { get; init; }
    public string? ReceiptEvidence { get; init; }
}

/// <summary>The answer to every command: accepted (with the state it left the request in) or refused with a reason a
/// person can act on (Chinese, with English). A refused command changed nothing.</summary>
public sealed record CommandResult
{
    public required Guid RequestId { get; init; }
    public required bool Accepted { get; init; }
    public required string State { get; init; }
    public string? Reason { get; init; }
    public string? ReasonEn { get; init; }
    /// <summary>For a letter issued (or found issued with the same form token): its id and document number.</summary>
    public string? LetterId { get; init; }
    public string? DocumentNumber { get; init; }
}

/// <summary>Published when a request has been registered.</summary>
public sealed record RequestRegistered
{
    public required Guid RequestId { get; init; }
    public required string AgencyCode { get; init; }
    public required string TrackingNumber { get; init; }
    public LocalDate? ReceivedOn { get; init; }
    public LocalDate? ReplyDueOn { get; init; }
}

/// <summary>Published when a deadline is near: the reply due date (by default 5 and 2 working days before) or the
/// end of an opinion window.</summary>
public sealed record DeadlineApproaching
{
    public required Guid RequestId { get; init; }
    public required string Kind { get; init; }
    public required string Subject { get; init; }
    public required LocalDate DueOn { get; init; }
    public required int WorkingDaysLeft { get; init; }
}

/// <summary>Published when the reply due date has passed with no reply served: the request stays open, flagged overdue.</summary>
public sealed record DeadlineMissed
{
    public required Guid RequestId { get; init; }
    public required string Kind { get; init; }
    public required LocalDate DueOn { get; init; }
}

/// <summary>Published when a request leaves the procedure: replied, deemed abandoned, withdrawn, or not an OGI request.</summary>
public sealed record RequestClosed
{
    public required Guid RequestId { get; init; }
    public required string AgencyCode { get; init; }
    public required string TrackingNumber { get; init; }
    /// <summary>Replied | DeemedAbandoned | Withdrawn | NotAnOgiRequest.</summary>
    public required string Reason { get; init; }
    /// <summary>The outcome (annual-report row) the request is counted in.</summary>
    public required string Outcome { get; init; }
    public required LocalDate ClosedOn { get; init; }
    /// <summary>For replies: served on or before the reply due date in force.</summary>
    public bool? OnTime { get; init; }
}

/// <summary>Published when a closed request is reopened into a new reply period (重新答复, issue 14): a reconsideration
/// decision or judgment corrected its handling (结果纠正, e.g. 责令重新答复). The request is open again until the new
/// reply; a follower that marked it closed on <see cref="RequestClosed"/> marks it open. The earlier reply stays counted
/// in its year; the next reply publishes <see cref="RequestClosed"/> again.</summary>
public sealed record RequestReopened
{
    public required Guid RequestId { get; init; }
    public required string AgencyCode { get; init; }
    public required string TrackingNumber { get; init; }
    /// <summary>The new reply period's start: the day the decision or judgment was received (not counted itself).</summary>
    public required LocalDate ReopenedOn { get; init; }
    /// <summary>The new reply period's due date: the date the decision set, else 20 working days from
    /// <see cref="ReopenedOn"/> (Art. 33 ¶1).</summary>
    public required LocalDate ReplyDueOn { get; init; }
    /// <summary><c>reconsideration</c> | <c>litigation</c>: the challenge whose correction reopened the request, with
    /// the day it was filed (the challenge's key with the tracking number, as in the challenges file).</summary>
    public required string ChallengeKind { get; init; }
    public required LocalDate ChallengeFiledOn { get; init; }
    /// <summary>The decision's or judgment's number and what it ordered.</summary>
    public required string DecisionReference { get; init; }
    /// <summary>1 for the first reopening, 2 for the second, …: the number of earlier replies now kept.</summary>
    public required int Reopening { get; init; }
}
