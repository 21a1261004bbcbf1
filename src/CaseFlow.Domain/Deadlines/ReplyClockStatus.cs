using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Requests;
using NodaTime;

namespace CaseFlow.Domain.Deadlines;

/// <summary>Where a request stands in its procedure, as the workflow's states name it (the domain does not know the
/// workflow engine). Open: <see cref="Registered"/> … <see cref="AwaitingFeePayment"/>; closed: <see cref="Replied"/>,
/// <see cref="Closed"/>.</summary>
public enum RequestStage
{
    /// <summary>登记, receipt date not yet confirmed (Art. 31): the reply clock has not started.</summary>
    Registered = 1,
    InProgress = 2,
    /// <summary>An external consultation (third party, other agency) is open (Art. 32, 34; Art. 33 ¶3).</summary>
    Consulting = 3,
    /// <summary>An extension waits for the head of the office (Art. 33 ¶2): the clock runs on.</summary>
    AwaitingExtensionDecision = 4,
    /// <summary>A correction notice was issued (Art. 30): the reply clock restarts when the correction arrives.</summary>
    AwaitingCorrection = 5,
    /// <summary>A fee notice was served (Art. 42): the span until payment does not count.</summary>
    AwaitingFeePayment = 6,
    Replied = 7,
    Closed = 8,
}

/// <summary>Why the reply clock is not running on an open request.</summary>
public enum ClockStop
{
    /// <summary>The receipt date is not confirmed yet (Art. 31): the clock has not started.</summary>
    NotStarted = 1,
    /// <summary>Awaiting the corrected application (Art. 30): the period restarts from its receipt.</summary>
    AwaitingCorrection = 2,
    /// <summary>A third-party or other-agency consultation is open (Art. 33 ¶3).</summary>
    Consultation = 3,
    /// <summary>A fee notice is served and not yet paid (Art. 42; 国办函〔2020〕109号).</summary>
    FeeNotice = 4,
}

/// <summary>What the reply clock's decision is made from: the request's stage, its deadlines as the statutory clock
/// computed them, and how it was closed.</summary>
public sealed record RequestClockFacts
{
    public required RequestStage Stage { get; init; }
    /// <summary>The day the request was registered (China time): a request not yet received waits since then.</summary>
    public LocalDate? RegisteredOn { get; init; }
    /// <summary>Every deadline from <see cref="StatutoryClock.Compute"/>, computed as of today; null while the receipt
    /// date is not confirmed.</summary>
    public RequestDeadlines? Deadlines { get; init; }
    /// <summary>The request's clock events (for the excluded spans still open).</summary>
    public ClockEvents? Events { get; init; }
    /// <summary>The day the correction notice was issued (Art. 30).</summary>
    public LocalDate? CorrectionNoticeIssuedOn { get; init; }
    /// <summary>For a closed request: the reply due date in force when it was closed (the clock is not recomputed
    /// after closing). For an open one the deadlines' <see cref="RequestDeadlines.ReplyDue"/> is used.</summary>
    public LocalDate? ReplyDueOn { get; init; }
    /// <summary>Approved extension in working days (Art. 33 ¶2).</summary>
    public int ExtensionWorkingDays { get; init; }
    public CloseReason? CloseReason { get; init; }
    public Outcome? Outcome { get; init; }
    public LocalDate? ClosedOn { get; init; }
}

/// <summary>The decisions about one request's reply clock, made once here and stored by the workflow as columns of the
/// request row (<c>clock_running</c>, <c>stopped_since</c>, <c>overdue</c>, <c>on_time</c>,
/// <c>on_time_without_extension</c>, <c>counted_outcome</c>); lists, counts, exports and the report only filter and
/// sum those columns.</summary>
/// <param name="ClockRunning">The reply period is counting down today (Art. 33).</param>
/// <param name="StoppedBecause">Why an open request's clock is not running; null when running or closed.</param>
/// <param name="StoppedSince">The day the clock stopped (or, not yet started, the day of registration).</param>
/// <param name="ReplyDueOn">The reply due date in force: null while the clock is stopped, since it is not in force
/// (it moves on day by day, or restarts, Art. 30).</param>
/// <param name="Overdue">Open, clock running, and the reply due date has passed (督办).</param>
/// <param name="OnTime">Answered by a reply served on or before the reply due date in force when served (OGI-RULES §3);
/// null when not closed by a reply.</param>
/// <param name="OnTimeWithoutExtension">On time and no extension approved (Art. 33 ¶1); null when not closed by a reply.</param>
/// <param name="CountedOutcome">The outcome a closed request counts under in table 三; null while open.</param>
public sealed record ReplyClockStatus(
    bool ClockRunning,
    ClockStop? StoppedBecause,
    LocalDate? StoppedSince,
    LocalDate? ReplyDueOn,
    bool Overdue,
    bool? OnTime,
    bool? OnTimeWithoutExtension,
    Outcome? CountedOutcome)
{
    /// <summary>True for the stages in which the request is closed.</summary>
    public static bool IsClosed(RequestStage stage) => stage is RequestStage.Replied or RequestStage.Closed;

    /// <summary>Decides every fact about the reply clock of a request on <paramref name="today"/>.</summary>
    public static ReplyClockStatus Decide(RequestClockFacts facts, LocalDate today)
    {
        if (IsClosed(facts.Stage) || facts.ClosedOn is not null)
        {
            var timeliness = ReplyTimeliness.Of(facts.CloseReason, facts.ClosedOn, facts.ReplyDueOn, facts.ExtensionWorkingDays);
            return new ReplyClockStatus(false, null, null, null, false, timeliness.OnTime, timeliness.OnTimeWithoutExtension,
                Counted(facts.CloseReason, facts.Outcome));
        }

        var (stop, since) = Stop(facts, today);
        if (stop is not null)
            return new ReplyClockStatus(false, stop, since, null, false, null, null, null);
        var due = facts.Deadlines!.ReplyDue.DueOn;
        return new ReplyClockStatus(true, null, null, due, IsOverdue(true, due, today), null, null, null);
    }

    /// <summary>Overdue (督办): the clock runs and the reply due date is before today — the due date itself is the last
    /// day to serve the reply (OGI-RULES §2). A stopped clock is never overdue: its date is not in force.</summary>
    public static bool IsOverdue(bool clockRunning, LocalDate? replyDueOn, LocalDate today) =>
        clockRunning && replyDueOn is { } due && due < today;

    /// <summary>On time: served on or before the reply due date in force when served (OGI-RULES §3; Art. 33).</summary>
    public static bool OnTimeWhenServed(LocalDate? servedOn, LocalDate? replyDueOn) =>
        servedOn is { } served && replyDueOn is { } due && served <= due;

    /// <summary>A reply was served: replied (Art. 36–38), or told it is not an OGI request (Art. 39 ¶1).</summary>
    public static bool IsAnsweredByReply(CloseReason? reason) => reason is Requests.CloseReason.Replied or Requests.CloseReason.NotAnOgiRequest;

    /// <summary>The outcome a closed request counts under in table 三 (国办公开办函〔2021〕30号): the outcome recorded when
    /// it closed; without one, by how it left the procedure — deemed abandoned → 三(六)1 (Art. 30), not an OGI request →
    /// 三(五)1 (Art. 39 ¶1), otherwise (withdrawn, replied without a code) → 三(六)3. The workflow records 三(六)2 for a fee
    /// not paid (Art. 42) as the outcome.</summary>
    public static Outcome Counted(CloseReason? reason, Outcome? recorded) => recorded ?? reason switch
    {
        Requests.CloseReason.DeemedAbandoned => Replies.Outcome.OtherNotCorrected,
        Requests.CloseReason.NotAnOgiRequest => Replies.Outcome.NotProcessedPetition,
        _ => Replies.Outcome.OtherHandling,
    };

    private static (ClockStop?, LocalDate?) Stop(RequestClockFacts facts, LocalDate today)
    {
        if (facts.Stage == RequestStage.Registered || facts.Deadlines is null)
            return (ClockStop.NotStarted, facts.RegisteredOn);
        // Art. 30: the period restarts from the corrected application; the date computed before is not in force.
        if (facts.Stage == RequestStage.AwaitingCorrection)
            return (ClockStop.AwaitingCorrection, facts.CorrectionNoticeIssuedOn ?? today);
        if (!facts.Deadlines.ClockStopped)
            return (null, null);
        // Art. 33 ¶3, Art. 42: an excluded span is open. It stopped where the merged span holding it began.
        var open = (facts.Events?.ExcludedSpans ?? []).Where(s => s.EndOn is null).ToList();
        var reason = open.Any(s => s.Reason == ExclusionReason.FeeNotice) ? ClockStop.FeeNotice : ClockStop.Consultation;
        var merged = facts.Deadlines.Exclusions.Where(e => e.Open).Select(e => (LocalDate?)e.StartOn).Min();
        var earliestOpen = open.Select(s => (LocalDate?)LocalDate.Max(s.StartOn, facts.Deadlines.ClockStartsOn)).Min();
        var since = merged is { } m && earliestOpen is { } e2 ? LocalDate.Min(m, e2) : merged ?? earliestOpen ?? today;
        return (reason, since);
    }
}
