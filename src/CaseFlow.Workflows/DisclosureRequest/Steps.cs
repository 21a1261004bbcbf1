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
    public static LocalDate Today<T>(this BehaviorContext<DisclosureRequestState, T> context) where T : class =>
        ChinaTime.Today(context.GetServiceOrCreateInstance<IClock>());

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

    /// <summary>Writes a message to the outbox, to be published once the transaction commits.</summary>
    public static EventActivityBinder<DisclosureRequestState, T> Emit<T, TMessage>(this EventActivityBinder<DisclosureRequestState, T> binder,
        Func<BehaviorContext<DisclosureRequestState, T>, TMessage> message)
        where T : class
        where TMessage : class =>
        binder.ThenAsync(context => OutboxWriter.AddAsync(context.Db(), message(context), context.GetServiceOrCreateInstance<IClock>().GetCurrentInstant()));

    /// <summary>Answers the sender: accepted, with the state the request is now in.</summary>
    public static EventActivityBinder<DisclosureRequestState, T> Accept<T>(this EventActivityBinder<DisclosureRequestState, T> binder)
        where T : class =>
        binder.ThenAsync(context => context.Answer(new CommandResult { RequestId = context.Saga.CorrelationId, Accepted = true, State = context.Saga.CurrentState }));

    /// <summary>Proceeds with <paramref name="then"/> when <paramref name="rule"/> finds nothing wrong; otherwise answers
    /// with the refusal and changes nothing.</summary>
    public static EventActivityBinder<DisclosureRequestState, T> Guard<T>(this EventActivityBinder<DisclosureRequestState, T> binder,
        Func<DisclosureRequestState, T, LocalDate, Refusal?> rule,
        Func<EventActivityBinder<DisclosureRequestState, T>, EventActivityBinder<DisclosureRequestState, T>> then)
        where T : class =>
        binder.IfElse(context => rule(context.Saga, context.Message, context.Today()) is null, then,
            refused => refused.ThenAsync(context =>
            {
                var refusal = rule(context.Saga, context.Message, context.Today())!;
                return context.Refuse(refusal);
            }));

    /// <summary>As <see cref="Guard{T}"/>, for a rule that needs what earlier steps of the message found.</summary>
    public static EventActivityBinder<DisclosureRequestState, T> GuardWith<T>(this EventActivityBinder<DisclosureRequestState, T> binder,
        Func<BehaviorContext<DisclosureRequestState, T>, Refusal?> rule,
        Func<EventActivityBinder<DisclosureRequestState, T>, EventActivityBinder<DisclosureRequestState, T>> then)
        where T : class =>
        binder.IfElse(context => rule(context) is null, then,
            refused => refused.ThenAsync(context => context.Refuse(rule(context)!)));

    public static Task Refuse(this ConsumeContext context, Guid requestId, string state, Refusal refusal) =>
        context.Answer(new CommandResult { RequestId = requestId, Accepted = false, State = state, Reason = refusal.Zh, ReasonEn = refusal.En });

    private static Task Refuse<T>(this BehaviorContext<DisclosureRequestState, T> context, Refusal refusal) where T : class =>
        context.Refuse(context.Saga.CorrelationId, context.Saga.CurrentState, refusal);

    private static Task Answer(this ConsumeContext context, CommandResult result) =>
        context.ResponseAddress is null ? Task.CompletedTask : context.RespondAsync(result);

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
