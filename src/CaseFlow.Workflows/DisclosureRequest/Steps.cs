using System.Text.Json;
using CaseFlow.Contracts;
using CaseFlow.Domain.Deadlines;
using CaseFlow.Domain.Requests;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Deadlines;
using CaseFlow.Persistence.Messaging;
using CaseFlow.Persistence.Requests;
using CaseFlow.Workflows.Infrastructure;
using MassTransit;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CaseFlow.Workflows.DisclosureRequest;

/// <summary>Settings of the workflow (<c>Workflows:</c>).</summary>
public sealed class WorkflowOptions
{
    /// <summary>Warnings before the reply due date, in working days (督办预警).</summary>
    public List<int> WarningLeadWorkingDays { get; set; } = [5, 2];

    /// <summary>The calendar id for agencies with no overlay chosen.</summary>
    public string DefaultCalendarId { get; set; } = "cn";
}

/// <summary>The named steps the state machine is written in. Each does one visible thing, through the message's
/// database transaction.</summary>
public static class Steps
{
    private static DbSession Db(this PipeContext context) => context.GetPayload<DbSession>();

    /// <summary>Asks the statutory clock for every deadline, records them, and makes the request's timers match.</summary>
    public static EventActivityBinder<DisclosureRequestState, T> RecomputeDeadlines<T>(this EventActivityBinder<DisclosureRequestState, T> binder)
        where T : class =>
        binder.ThenAsync(async context =>
        {
            var r = context.Saga;
            var clock = context.GetServiceOrCreateInstance<CalendarCatalog>().ClockFor(r.CalendarId);
            var options = context.GetServiceOrCreateInstance<IOptions<WorkflowOptions>>().Value;
            var today = context.Today();
            if (!r.IsClosed)
            {
                RequestDeadlines? deadlines = null;
                if (r.ReceivedOn is not null)
                {
                    deadlines = clock.Compute(r.ClockEvents(), asOf: today);
                    r.CorrectionNoticeDueOn = deadlines.CorrectionNoticeDue.DueOn;
                    r.ReplyDueOn = deadlines.ReplyDue.DueOn;
                    r.Provisional = deadlines.Provisional;
                    r.ClockStopped = deadlines.ClockStopped;
                    r.PausedWorkingDays = deadlines.PausedWorkingDays;
                    r.CalendarVersion = clock.Calendar.Version;
                }
                // The domain decides whether the clock runs and since when it stopped; the timer that finds the request
                // overdue sets Overdue (and tells the supervisors), which stays only while the domain agrees.
                var status = ReplyClockStatus.Decide(r.ClockFacts(deadlines), today);
                r.ClockRunning = status.ClockRunning;
                r.StoppedSince = status.StoppedSince;
                if (r.Overdue && !status.Overdue)
                    r.Overdue = false;
            }
            await DeadlineStore.SyncAsync(context.Db(), r.CorrelationId,
                DeadlineSchedule.For(r, r.CurrentState, clock, options.WarningLeadWorkingDays, today));
        });

    /// <summary>Gives the request its tracking number: per agency per year, unique.</summary>
    public static EventActivityBinder<DisclosureRequestState, T> AssignTrackingNumber<T>(this EventActivityBinder<DisclosureRequestState, T> binder)
        where T : class =>
        binder.ThenAsync(async context =>
            context.Saga.TrackingNumber = await RequestStore.NextTrackingNumberAsync(context.Db(), context.Saga.AgencyCode,
                context.Saga.RegisteredAt.InZone(ChinaTime.Zone).Year));

    /// <summary>Closes the request with its reason and the outcome it is counted under.</summary>
    public static void Close(this DisclosureRequestState r, CloseReason reason, Domain.Replies.Outcome outcome, LocalDate on)
    {
        r.CloseReason = reason;
        r.Outcome = outcome;
        r.ClosedOn = on;
        r.ClockStopped = false;
        r.Decide();
    }

    /// <summary>Records what <see cref="ReplyClockStatus"/> decides for a closed request: on time, on time without
    /// extension, the counted outcome; the clock no longer runs.</summary>
    public static void Decide(this DisclosureRequestState r)
    {
        var status = ReplyClockStatus.Decide(r.ClockFacts(null), r.ClosedOn ?? LocalDate.MinIsoValue);
        r.ClockRunning = status.ClockRunning;
        r.StoppedSince = status.StoppedSince;
        r.OnTime = status.OnTime;
        r.OnTimeWithoutExtension = status.OnTimeWithoutExtension;
        r.CountedOutcome = status.CountedOutcome;
    }
}

/// <summary>Serialises messages into the outbox.</summary>
public static class OutboxWriter
{
    public static Task AddAsync<TMessage>(DbSession session, TMessage message, Instant now) where TMessage : class =>
        Outbox.AddAsync(session, NewId.NextGuid(), typeof(TMessage).FullName!, JsonSerializer.Serialize(message, CaseFlowJson.Options), now);
}
