using CaseFlow.Domain.Deadlines;
using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Requests;
using NodaTime;

namespace CaseFlow.Domain.Tests.Deadlines;

/// <summary>One row per stage and situation of an open request: is the reply clock running, since when is it stopped,
/// what is due, is it overdue. Received Fri 2024-09-27: 20 working days → due Wed 2024-10-30 (National Day skipped).</summary>
public class ReplyClockStatusTests
{
    private static readonly StatutoryClock Clock = TestCalendars.Clock;
    private static readonly LocalDate Received = 27.September(2024);

    /// <summary>An open request: (article, stage, events or null when not received, correction notice issued on, today)
    /// → (running, why stopped, stopped since, reply due in force, overdue).</summary>
    public sealed record Open(string Article, RequestStage Stage, ClockEvents? Events, LocalDate? NoticeOn, LocalDate Today,
        bool Running, ClockStop? Stop, LocalDate? Since, LocalDate? DueOn, bool Overdue)
    {
        public override string ToString() => Article;
    }

    private static ClockEvents Events(LocalDate? correctedOn = null, int extension = 0, params ExcludedSpan[] spans) =>
        new(Received) { CorrectedOn = correctedOn, ExtensionWorkingDays = extension, ExcludedSpans = spans };

    private static ExcludedSpan Span(LocalDate from, LocalDate? to, ExclusionReason reason = ExclusionReason.ThirdPartyConsultation) => new(from, to, reason);

    public static TheoryData<Open> OpenRows() =>
    [
        new("Art. 31: not received yet — the clock has not started; waiting since registration",
            RequestStage.Registered, null, null, 2.December(2024), false, ClockStop.NotStarted, 27.September(2024), null, false),
        new("Art. 33 ¶1: in progress on the due date itself — not overdue",
            RequestStage.InProgress, Events(), null, 30.October(2024), true, null, null, 30.October(2024), false),
        new("Art. 33 ¶1: in progress the day after the due date — overdue",
            RequestStage.InProgress, Events(), null, 31.October(2024), true, null, null, 30.October(2024), true),
        new("Art. 30: awaiting correction long after the old due date — stopped since the notice, never overdue",
            RequestStage.AwaitingCorrection, Events(), 8.October(2024), 2.December(2024), false, ClockStop.AwaitingCorrection, 8.October(2024), null, false),
        new("Art. 30: awaiting correction with a consultation also open — the correction decides",
            RequestStage.AwaitingCorrection, Events(null, 0, Span(9.October(2024), null)), 8.October(2024), 2.December(2024), false, ClockStop.AwaitingCorrection, 8.October(2024), null, false),
        new("Art. 30: the correction received 2024-10-10 restarts the period — due 2024-11-06, not overdue on it",
            RequestStage.InProgress, Events(10.October(2024)), 8.October(2024), 6.November(2024), true, null, null, 6.November(2024), false),
        new("Art. 30: corrected on 2024-10-10 — overdue the day after 2024-11-06",
            RequestStage.InProgress, Events(10.October(2024)), 8.October(2024), 7.November(2024), true, null, null, 6.November(2024), true),
        new("Art. 33 ¶3: a third-party consultation open since 2024-10-14 — stopped, never overdue",
            RequestStage.Consulting, Events(null, 0, Span(14.October(2024), null)), null, 2.December(2024), false, ClockStop.Consultation, 14.October(2024), null, false),
        new("Art. 33 ¶3: an other-agency consultation sent today — stopped since today",
            RequestStage.Consulting, Events(null, 0, Span(2.December(2024), null, ExclusionReason.OtherAgencyConsultation)), null, 2.December(2024), false, ClockStop.Consultation, 2.December(2024), null, false),
        new("Art. 33 ¶3: overlapping consultations, the first ended — stopped since the first began",
            RequestStage.Consulting, Events(null, 0, Span(14.October(2024), 25.October(2024)), Span(21.October(2024), null, ExclusionReason.OtherAgencyConsultation)), null, 2.December(2024), false, ClockStop.Consultation, 14.October(2024), null, false),
        new("Art. 33 ¶3: a consultation 2024-10-14..25 took 9 working days — due 2024-11-12, not overdue on it",
            RequestStage.InProgress, Events(null, 0, Span(14.October(2024), 25.October(2024))), null, 12.November(2024), true, null, null, 12.November(2024), false),
        new("Art. 33 ¶3: after the consultation — overdue the day after 2024-11-12",
            RequestStage.InProgress, Events(null, 0, Span(14.October(2024), 25.October(2024))), null, 13.November(2024), true, null, null, 12.November(2024), true),
        new("Art. 42: a fee notice served 2024-10-21 and not paid — stopped, never overdue",
            RequestStage.AwaitingFeePayment, Events(null, 0, Span(21.October(2024), null, ExclusionReason.FeeNotice)), null, 2.December(2024), false, ClockStop.FeeNotice, 21.October(2024), null, false),
        new("Art. 33 ¶2: an extension awaiting the decision — the clock runs on, overdue after the due date",
            RequestStage.AwaitingExtensionDecision, Events(), null, 31.October(2024), true, null, null, 30.October(2024), true),
        new("Art. 33 ¶2, ¶3: an extension awaiting the decision while a consultation is open — stopped",
            RequestStage.AwaitingExtensionDecision, Events(null, 0, Span(14.October(2024), null, ExclusionReason.OtherAgencyConsultation)), null, 2.December(2024), false, ClockStop.Consultation, 14.October(2024), null, false),
        new("Art. 33 ¶2: 20 working days' extension approved — due 2024-11-27, not overdue on it",
            RequestStage.InProgress, Events(null, 20), null, 27.November(2024), true, null, null, 27.November(2024), false),
        new("Art. 33 ¶2: extended — overdue the day after 2024-11-27",
            RequestStage.InProgress, Events(null, 20), null, 28.November(2024), true, null, null, 27.November(2024), true),
    ];

    [Theory]
    [MemberData(nameof(OpenRows))]
    public void An_open_request(Open row)
    {
        var status = ReplyClockStatus.Decide(new RequestClockFacts
        {
            Stage = row.Stage,
            RegisteredOn = Received,
            Events = row.Events,
            Deadlines = row.Events is null ? null : Clock.Compute(row.Events, asOf: row.Today),
            CorrectionNoticeIssuedOn = row.NoticeOn,
        }, row.Today);

        Assert.Equal((row.Running, row.Stop, row.Since, row.DueOn, row.Overdue),
            (status.ClockRunning, status.StoppedBecause, status.StoppedSince, status.ReplyDueOn, status.Overdue));
        Assert.Equal((null, null, null), (status.OnTime, status.OnTimeWithoutExtension, status.CountedOutcome));
    }

    /// <summary>A closed request: (article, stage, close reason, recorded outcome, closed on, reply due in force then,
    /// extension days) → (on time, on time without extension, counted outcome). Never running, never overdue.</summary>
    public sealed record Closed(string Article, RequestStage Stage, CloseReason Reason, Outcome? Recorded, LocalDate ClosedOn, LocalDate? DueOn,
        int Extension, bool? OnTime, bool? WithoutExtension, Outcome Counted)
    {
        public override string ToString() => Article;
    }

    public static TheoryData<Closed> ClosedRows() =>
    [
        new("Art. 36(二): disclosed, served on the due date — on time, without extension, 三(一)",
            RequestStage.Replied, CloseReason.Replied, Outcome.Disclosed, 30.October(2024), 30.October(2024), 0, true, true, Outcome.Disclosed),
        new("Art. 37: partly disclosed a day late — not on time, 三(二)",
            RequestStage.Replied, CloseReason.Replied, Outcome.PartlyDisclosed, 31.October(2024), 30.October(2024), 0, false, false, Outcome.PartlyDisclosed),
        new("Art. 33 ¶2, 36(四): served within the extended date — on time, not without extension",
            RequestStage.Replied, CloseReason.Replied, Outcome.CannotProvideNotHeld, 20.November(2024), 27.November(2024), 20, true, false, Outcome.CannotProvideNotHeld),
        new("Art. 33 ¶2: extended and still late",
            RequestStage.Replied, CloseReason.Replied, Outcome.WithheldStateSecret, 28.November(2024), 27.November(2024), 20, false, false, Outcome.WithheldStateSecret),
        new("Art. 39 ¶1: a petition answered as not an OGI request — timed as a reply, 三(五)1",
            RequestStage.Replied, CloseReason.NotAnOgiRequest, Outcome.NotProcessedPetition, 29.October(2024), 30.October(2024), 0, true, true, Outcome.NotProcessedPetition),
        new("Art. 39 ¶1: not an OGI request with no code recorded — 三(五)1",
            RequestStage.Closed, CloseReason.NotAnOgiRequest, null, 29.October(2024), 30.October(2024), 0, true, true, Outcome.NotProcessedPetition),
        new("Art. 30: deemed abandoned, not corrected — no reply to time, 三(六)1",
            RequestStage.Closed, CloseReason.DeemedAbandoned, Outcome.OtherNotCorrected, 2.December(2024), 30.October(2024), 0, null, null, Outcome.OtherNotCorrected),
        new("Art. 42: deemed abandoned, fee not paid — 三(六)2",
            RequestStage.Closed, CloseReason.DeemedAbandoned, Outcome.OtherFeeNotPaid, 2.December(2024), 30.October(2024), 0, null, null, Outcome.OtherFeeNotPaid),
        new("Art. 30: deemed abandoned with no code recorded — 三(六)1",
            RequestStage.Closed, CloseReason.DeemedAbandoned, null, 2.December(2024), null, 0, null, null, Outcome.OtherNotCorrected),
        new("三(六)3: withdrawn by the applicant",
            RequestStage.Closed, CloseReason.Withdrawn, Outcome.OtherHandling, 2.December(2024), 30.October(2024), 0, null, null, Outcome.OtherHandling),
        new("三(六)3: withdrawn with no code recorded",
            RequestStage.Closed, CloseReason.Withdrawn, null, 2.December(2024), null, 0, null, null, Outcome.OtherHandling),
        new("Art. 33: a reply with no due date in force (never received) is not on time",
            RequestStage.Replied, CloseReason.Replied, Outcome.Disclosed, 2.December(2024), null, 0, false, false, Outcome.Disclosed),
    ];

    [Theory]
    [MemberData(nameof(ClosedRows))]
    public void A_closed_request(Closed row)
    {
        var status = ReplyClockStatus.Decide(new RequestClockFacts
        {
            Stage = row.Stage, CloseReason = row.Reason, Outcome = row.Recorded, ClosedOn = row.ClosedOn, ReplyDueOn = row.DueOn,
            ExtensionWorkingDays = row.Extension,
        }, 31.December(2024));

        Assert.Equal((row.OnTime, row.WithoutExtension, row.Counted), (status.OnTime, status.OnTimeWithoutExtension, status.CountedOutcome));
        Assert.Equal((false, (ClockStop?)null, (LocalDate?)null, false), (status.ClockRunning, status.StoppedBecause, status.StoppedSince, status.Overdue));
    }

    [Fact]
    public void Overdue_needs_a_running_clock_and_a_due_date_before_today()
    {
        Assert.True(ReplyClockStatus.IsOverdue(true, 30.October(2024), 31.October(2024)));
        Assert.False(ReplyClockStatus.IsOverdue(true, 30.October(2024), 30.October(2024)));
        Assert.False(ReplyClockStatus.IsOverdue(false, 30.October(2024), 31.October(2024)));
        Assert.False(ReplyClockStatus.IsOverdue(true, null, 31.October(2024)));
    }
}
