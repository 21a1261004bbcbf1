using NodaTime;

namespace CaseFlow.Domain.Deadlines;

/// <summary>A due date and whether it rests on an unsettled calendar year.</summary>
/// <remarks>A provisional deadline is shown as such and recomputed when the year's calendar is loaded (OGI-RULES §1).</remarks>
public readonly record struct Deadline(LocalDate DueOn, bool Provisional);

/// <summary>An excluded span after merging overlaps, with the working days it took out of the reply period.</summary>
public sealed record CountedExclusion(LocalDate StartOn, LocalDate EndOn, IReadOnlyList<ExcludedSpan> Spans, int WorkingDays, bool Open);

/// <summary>All deadlines of one request, computed by <see cref="StatutoryClock"/>. <see cref="ClockStopped"/> is
/// true while an excluded span is still open: the reply due date then moves on day by day.</summary>
public sealed record RequestDeadlines(
    LocalDate ReceivedOn,
    Deadline CorrectionNoticeDue,
    LocalDate ClockStartsOn,
    Deadline ReplyDueWithoutExtension,
    Deadline ReplyDue,
    int ExtensionWorkingDays,
    int PausedWorkingDays,
    IReadOnlyList<CountedExclusion> Exclusions,
    string CalendarVersion,
    bool ClockStopped)
{

    public bool Provisional => CorrectionNoticeDue.Provisional || ReplyDue.Provisional;

    /// <summary>The Art. 33 due date when a later reasonable reply date (Art. 35) replaced it as <see cref="ReplyDue"/>;
    /// null otherwise.</summary>
    public Deadline? StatutoryReplyDue { get; init; }
}
