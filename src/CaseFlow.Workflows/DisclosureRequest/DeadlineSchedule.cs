using CaseFlow.Domain.Deadlines;
using CaseFlow.Persistence.Deadlines;
using NodaTime;

namespace CaseFlow.Workflows.DisclosureRequest;

/// <summary>Which timers a request needs, derived from its state alone (so recomputing is always safe).</summary>
/// <remarks>A window that ends on day D fires at the start of D+1 (the act may still be done on D); a warning fires
/// at the start of its day. Times are China Standard Time.</remarks>
public static class DeadlineSchedule
{
    public static IReadOnlyList<DesiredDeadline> For(DisclosureRequestState r, string state, StatutoryClock clock,
        IReadOnlyList<int> warningLeadWorkingDays, LocalDate today)
    {
        var timers = new List<DesiredDeadline>();
        if (r.IsClosed || r.ReceivedOn is null)
            return timers;
        DesiredDeadline Ends(string kind, string subject, LocalDate dueOn) => new(kind, subject, dueOn, ChinaTime.StartOf(dueOn.PlusDays(1)));

        if (state == nameof(DisclosureRequestStateMachine.AwaitingCorrection) && r.CorrectionNotice is { } notice)
            timers.Add(Ends(DeadlineKinds.CorrectionPeriodEnds, "", notice.PeriodEndsOn));
        if (state == nameof(DisclosureRequestStateMachine.AwaitingFeePayment) && r.Fee is { PaidOn: null } fee)
            timers.Add(Ends(DeadlineKinds.FeePaymentDue, "", fee.PaymentDueOn));
        // Art. 35: the window for the applicant's reasons, until it ran out or a later date was decided.
        if (r.ExcessiveInquiry is { ReasonablePeriodEndsOn: null, WindowEndedOn: null } inquiry)
            timers.Add(Ends(DeadlineKinds.ReasonsWindowEnds, "", inquiry.ReplyWindowEndsOn));

        // Only a running clock is timed (ReplyClockStatus decides, in the RecomputeDeadlines step): while a span is open
        // the due date moves day by day, and it is timed again when the span closes.
        if (r.ClockRunning && r.ReplyDueOn is { } due && !r.Overdue)
        {
            timers.Add(Ends(DeadlineKinds.ReplyDue, "", due));
            foreach (var lead in warningLeadWorkingDays.Distinct())
            {
                var warnOn = clock.Before(due, lead).DueOn;
                if (warnOn >= today)
                    timers.Add(new DesiredDeadline(DeadlineKinds.ReplyDueWarning, lead.ToString(System.Globalization.CultureInfo.InvariantCulture), due, ChinaTime.StartOf(warnOn)));
            }
        }
        return timers;
    }
}
