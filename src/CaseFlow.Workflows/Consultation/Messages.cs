using CaseFlow.Contracts;
using CaseFlow.Workflows.DisclosureRequest;
using NodaTime;

namespace CaseFlow.Workflows.Consultations;

/// <summary>A message to a consultation, correlated by its id.</summary>
public interface IConsultationMessage
{
    Guid ConsultationId { get; }
}

/// <summary>催办: the caseworker reminds the participants who have not answered.</summary>
public sealed record SendConsultationReminder : IRequestCommand, IConsultationMessage
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required Guid ConsultationId { get; init; }
    public required LocalDate SentOn { get; init; }
}

/// <summary>送达: the addressee of an external consultation received the letter on <see cref="ReceivedOn"/>; the 15 working
/// days count from the day after (Art. 32, 34).</summary>
public sealed record RecordLetterServed : IRequestCommand, IConsultationMessage
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required Guid ConsultationId { get; init; }
    public required LocalDate ReceivedOn { get; init; }
}

/// <summary>撤回征求意见: the caseworker ends the consultation before every opinion is in.</summary>
public sealed record WithdrawConsultation : IRequestCommand, IConsultationMessage
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required Guid ConsultationId { get; init; }
    public required LocalDate WithdrawnOn { get; init; }
    public required string Reason { get; init; }
}

/// <summary>System: a consultation timer fired (its window closed, or a reminder is due). Stale firings are
/// recognised by state and ignored.</summary>
public sealed record ConsultationDeadlineReached : IConsultationMessage
{
    public required Guid ConsultationId { get; init; }
    public string Actor { get; init; } = "system";
    public required string Kind { get; init; }
    public required int Generation { get; init; }
    public required LocalDate DueOn { get; init; }
}

/// <summary>Event to the request: a consultation letter went out. The request records it for its clock (an external
/// one excludes its span, Art. 33 ¶3) and its page.</summary>
public sealed record ConsultationStarted : IRequestCommand
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
    public required LocalDate WindowDueOn { get; init; }
}

/// <summary>Event to the request: the letter was served, so the opinion window moved (the excluded span does not: it runs
/// from the letter to the end).</summary>
public sealed record ConsultationLetterServed : IRequestCommand
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required Guid ConsultationId { get; init; }
    public required LocalDate LetterReceivedOn { get; init; }
    public required LocalDate WindowDueOn { get; init; }
}

/// <summary>Event to the request: the consultation ended (all opinions in, silence, or withdrawn), with its opinions.</summary>
public sealed record ConsultationEnded : IRequestCommand
{
    public required Guid RequestId { get; init; }
    public required string Actor { get; init; }
    public required Guid ConsultationId { get; init; }
    public required LocalDate EndedOn { get; init; }
    public required ConsultationEnd End { get; init; }
    public required IReadOnlyList<Opinion> Opinions { get; init; }
}

/// <summary>The kinds of consultation timer (subject is always empty: the timer row belongs to the consultation).</summary>
public static class ConsultationDeadlineKinds
{
    /// <summary>The opinion window closed: silence for external consultations (Art. 32, 34); overdue for internal ones.</summary>
    public const string WindowEnds = "consultation-window-ends";
    /// <summary>Two working days before the window closes: remind those who have not answered.</summary>
    public const string Reminder = "consultation-reminder";

    public static bool IsConsultationKind(string kind) => kind.StartsWith("consultation-", StringComparison.Ordinal);
}

/// <summary>Event for people: a consultation invites, reminds or is overdue. Delivered in the app and by e-mail to
/// <see cref="Recipients"/> (user names of the agency; external participants are written to on paper).</summary>
public sealed record ConsultationNotice
{
    public required Guid NoticeId { get; init; }
    public required Guid ConsultationId { get; init; }
    public required Guid RequestId { get; init; }
    public required string AgencyCode { get; init; }
    public required string TrackingNumber { get; init; }
    /// <summary><c>invitation</c> | <c>reminder</c> | <c>overdue</c> | <c>opinion-received</c>.</summary>
    public required string Kind { get; init; }
    public required IReadOnlyList<string> Recipients { get; init; }
    public required string Question { get; init; }
    public required LocalDate DueOn { get; init; }
    /// <summary>For <c>opinion-received</c>: who gave the opinion (a user name, or the third party or agency as written).</summary>
    public string? Participant { get; init; }
}

public static class NoticeKinds
{
    /// <summary>To the caseworker who follows the consultation: an opinion arrived (issue 12: the next person hears of it).</summary>
    public const string OpinionReceived = "opinion-received";
    public const string Invitation = "invitation";
    public const string Reminder = "reminder";
    public const string Overdue = "overdue";
}
