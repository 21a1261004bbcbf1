using NodaTime;

namespace CaseFlow.Persistence.Requests;

/// <summary>A request's saga row: the whole state as JSON in <see cref="Data"/>, plus the columns lists and reports
/// filter and sort on, so that no list ever parses JSON.</summary>
public sealed record RequestRow
{
    public required string Id { get; init; }
    public required int Version { get; init; }
    public required string State { get; init; }
    public required string AgencyCode { get; init; }
    public required string TrackingNumber { get; init; }
    public required string ApplicantName { get; init; }
    public required int ApplicantType { get; init; }
    public required int Channel { get; init; }
    public string? Handler { get; init; }
    public required string Description { get; init; }
    public LocalDate? ReceivedOn { get; init; }
    public LocalDate? CorrectionDueOn { get; init; }
    public LocalDate? ReplyDueOn { get; init; }
    public bool Provisional { get; init; }
    /// <summary>Set by the workflow when the reply-due timer fired and still overdue; lists filter
    /// <see cref="ClockRunning"/> and the due date instead, which is exact before the timer fires.</summary>
    public bool Overdue { get; init; }
    /// <summary>The reply clock is running (ReplyClockStatus, stored by the workflow); false once closed.</summary>
    public bool ClockRunning { get; init; }
    /// <summary>The day an open request's reply clock stopped (or it was registered, while not received).</summary>
    public LocalDate? StoppedSince { get; init; }
    /// <summary>Closed by a reply served on or before the reply due date in force (null when not closed by a reply).</summary>
    public bool? OnTime { get; init; }
    public bool? OnTimeWithoutExtension { get; init; }
    /// <summary>The table 三 outcome the closed request counts under; null while open.</summary>
    public int? CountedOutcome { get; init; }
    public int? Outcome { get; init; }
    public int? CloseReason { get; init; }
    public LocalDate? ClosedOn { get; init; }
    /// <summary>Working days of an approved extension (Art. 33 ¶2); 0 without one.</summary>
    public int ExtensionDays { get; init; }
    public string? CalendarVersion { get; init; }
    public required Instant RegisteredAt { get; init; }
    public required Instant UpdatedAt { get; init; }
    public required string Data { get; init; }
    /// <summary>The fee notice's amount in fen (Art. 42; 国办函〔2020〕109号), once served.</summary>
    public long? FeeAmountFen { get; init; }
    /// <summary>The year the fee counts as charged (FeeYears.Charged, stored by the workflow).</summary>
    public int? FeeChargedYear { get; init; }
    /// <summary>The year the fee counts as collected (FeeYears.Collected), once paid.</summary>
    public int? FeeCollectedYear { get; init; }
}
