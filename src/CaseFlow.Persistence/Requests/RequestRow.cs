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
    public bool Overdue { get; init; }
    public int? Outcome { get; init; }
    public int? CloseReason { get; init; }
    public LocalDate? ClosedOn { get; init; }
    /// <summary>Working days of an approved extension (Art. 33 ¶2); 0 without one.</summary>
    public int ExtensionDays { get; init; }
    public string? CalendarVersion { get; init; }
    public required Instant RegisteredAt { get; init; }
    public required Instant UpdatedAt { get; init; }
    public required string Data { get; init; }
}
