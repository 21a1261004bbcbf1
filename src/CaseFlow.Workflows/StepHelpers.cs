using CaseFlow.Contracts;
using CaseFlow.Persistence;
using CaseFlow.Workflows.DisclosureRequest;
using MassTransit;
using NodaTime;

namespace CaseFlow.Workflows;

/// <summary>What the shared step helpers need of a workflow's state: where it stands and which request its answers name.</summary>
public interface IWorkflowState : SagaStateMachineInstance
{
    string CurrentState { get; }

    /// <summary>The request id every answer (<see cref="CommandResult.RequestId"/>) carries: the request's own id, or, for
    /// a consultation, the request it belongs to.</summary>
    Guid AnsweredRequestId { get; }
}

/// <summary>The step helpers both state machines are written with (issue 15 item 1): today's date, guards that answer a
/// refusal and change nothing, the outbox, and the answer to the sender. One copy, generic over the saga state.</summary>
public static class StepHelpers
{
    public static LocalDate Today<TSaga, T>(this BehaviorContext<TSaga, T> context)
        where TSaga : class, IWorkflowState
        where T : class =>
        ChinaTime.Today(context.GetServiceOrCreateInstance<IClock>());

    /// <summary>Writes a message to the outbox, to be published once the transaction commits.</summary>
    public static EventActivityBinder<TSaga, T> Emit<TSaga, T, TMessage>(this EventActivityBinder<TSaga, T> binder,
        Func<BehaviorContext<TSaga, T>, TMessage> message)
        where TSaga : class, IWorkflowState
        where T : class
        where TMessage : class =>
        binder.ThenAsync(context => OutboxWriter.AddAsync(context.GetPayload<DbSession>(), message(context),
            context.GetServiceOrCreateInstance<IClock>().GetCurrentInstant()));

    /// <summary>Answers the sender: accepted, with the state the workflow is now in.</summary>
    public static EventActivityBinder<TSaga, T> Accept<TSaga, T>(this EventActivityBinder<TSaga, T> binder)
        where TSaga : class, IWorkflowState
        where T : class =>
        binder.ThenAsync(context => context.Answer(new CommandResult
        {
            RequestId = context.Saga.AnsweredRequestId, Accepted = true, State = context.Saga.CurrentState,
        }));

    /// <summary>Proceeds with <paramref name="then"/> when <paramref name="rule"/> (state, message, today) finds nothing
    /// wrong; otherwise answers with the refusal and changes nothing.</summary>
    public static EventActivityBinder<TSaga, T> Guard<TSaga, T>(this EventActivityBinder<TSaga, T> binder,
        Func<TSaga, T, LocalDate, Refusal?> rule,
        Func<EventActivityBinder<TSaga, T>, EventActivityBinder<TSaga, T>> then)
        where TSaga : class, IWorkflowState
        where T : class =>
        binder.GuardWith(context => rule(context.Saga, context.Message, context.Today()), then);

    /// <summary>As the other overload, for a rule that reads the whole context (what earlier steps of the message found).</summary>
    public static EventActivityBinder<TSaga, T> Guard<TSaga, T>(this EventActivityBinder<TSaga, T> binder,
        Func<BehaviorContext<TSaga, T>, Refusal?> rule,
        Func<EventActivityBinder<TSaga, T>, EventActivityBinder<TSaga, T>> then)
        where TSaga : class, IWorkflowState
        where T : class =>
        binder.GuardWith(rule, then);

    /// <summary>Proceeds with <paramref name="then"/> when <paramref name="rule"/> finds nothing wrong; otherwise answers
    /// with the refusal and changes nothing.</summary>
    public static EventActivityBinder<TSaga, T> GuardWith<TSaga, T>(this EventActivityBinder<TSaga, T> binder,
        Func<BehaviorContext<TSaga, T>, Refusal?> rule,
        Func<EventActivityBinder<TSaga, T>, EventActivityBinder<TSaga, T>> then)
        where TSaga : class, IWorkflowState
        where T : class =>
        binder.IfElse(context => rule(context) is null, then,
            refused => refused.ThenAsync(context =>
                context.Refuse(context.Saga.AnsweredRequestId, context.Saga.CurrentState, rule(context)!)));

    /// <summary>Answers the sender with a refusal (for a command no state accepts, or one naming no workflow).</summary>
    public static Task Refuse(this ConsumeContext context, Guid requestId, string state, Refusal refusal) =>
        context.Answer(new CommandResult { RequestId = requestId, Accepted = false, State = state, Reason = refusal.Zh, ReasonEn = refusal.En });

    private static Task Answer(this ConsumeContext context, CommandResult result) =>
        context.ResponseAddress is null ? Task.CompletedTask : context.RespondAsync(result);
}
