using CaseFlow.Workflows.DisclosureRequest;
using MassTransit;

namespace CaseFlow.Workflows.Consultations;

/// <summary>A consultation (征求意见 / 会商) of a disclosure request, Art. 32–34 of the Regulations, as a child workflow:
/// it tells the request when it starts and when it ends, so the request keeps its clock and its state.</summary>
public sealed class ConsultationStateMachine : MassTransitStateMachine<ConsultationState>
{
    public ConsultationStateMachine()
    {
        InstanceState(x => x.CurrentState);
        Event(() => StartConsultation, e => e.CorrelateById(x => x.Message.ConsultationId));
        Event(() => RecordOpinion, e => ById(e));
        Event(() => RecordLetterServed, e => ById(e));
        Event(() => SendConsultationReminder, e => ById(e));
        Event(() => WithdrawConsultation, e => ById(e));
        Event(() => ConsultationDeadlineReached, e => e.CorrelateById(x => x.Message.ConsultationId).OnMissingInstance(m => m.Discard()));

        // Art. 32, 34: a written consultation letter (征求意见书) to the third party or the other agency; or an internal
        // joint consultation (会商) with legal advisers and departments, with a due date the caseworker sets.
        Initially(
            When(StartConsultation)
                .ReadTheRequest()
                .Guard(x => ConsultationRules.Start(x.Saga.Request, x.Message, x.Saga.RequestAttachments,
                    x.Saga.AddressedAgencyName, x.Saga.ColleagueAccounts, x.Today()), then => then
                    .RecordTheConsultation()
                    .TransitionTo(AwaitingOpinions)
                    .ScheduleTimers()
                    .EmitStarted()
                    .Notify(NoticeKinds.Invitation)
                    .Accept()));

        During(AwaitingOpinions,
            // An opinion arrives (entered by the adviser, or from paper by the caseworker); the last one ends the
            // consultation on the day it arrived.
            When(RecordOpinion)
                .Guard(x => ConsultationRules.Opinion(x.Saga, x.Message, x.Today()), then => then
                    .RecordTheOpinion()
                    .TellTheCaseworker()
                    .If(x => x.Saga.AllOpinionsIn, allIn => allIn
                        .EndWith(_ => ConsultationEnd.AllOpinionsIn, x => x.Saga.Opinions.Max(o => o.ReceivedOn))
                        .TransitionTo(Concluded)
                        .EmitEnded())
                    .ScheduleTimers()
                    .Accept()),
            // Art. 32, 34: the 15 working days count from the day after the addressee received the letter.
            When(RecordLetterServed)
                .Guard(x => ConsultationRules.Service(x.Saga, x.Message, x.Today()), then => then
                    .RecordTheService()
                    .ScheduleTimers()
                    .Emit(x => new ConsultationLetterServed
                    {
                        RequestId = x.Saga.RequestId, Actor = x.Message.Actor, ConsultationId = x.Saga.CorrelationId,
                        LetterReceivedOn = x.Saga.LetterReceivedOn!.Value, WindowDueOn = x.Saga.WindowDueOn,
                    })
                    .Accept()),
            When(SendConsultationReminder)
                .Guard(x => ConsultationRules.Reminder(x.Saga, x.Message, x.Today()), then => then
                    .Then(x => x.Saga.RemindersSentOn.Add(x.Message.SentOn))
                    .Notify(NoticeKinds.Reminder)
                    .Accept()),
            When(WithdrawConsultation)
                .Guard(x => ConsultationRules.Withdrawal(x.Saga, x.Message, x.Today()), then => then
                    .Then(x => x.Saga.WithdrawalReason = x.Message.Reason)
                    .EndWith(_ => ConsultationEnd.Withdrawn, x => x.Message.WithdrawnOn)
                    .TransitionTo(Withdrawn)
                    .ScheduleTimers()
                    .EmitEnded()
                    .Accept()),
            // Art. 32: a third party's silence leaves the decision to the agency; Art. 34: another agency's silence is
            // deemed consent. An internal consultation past its due date stays open and is reported overdue.
            When(ConsultationDeadlineReached, x => x.Message.Kind == ConsultationDeadlineKinds.WindowEnds)
                .If(x => x.Message.DueOn == x.Saga.WindowDueOn, ended => ended
                    .IfElse(x => x.Saga.IsExternal,
                        silence => silence
                            .EndWith(x => x.Saga.Kind == ConsultationKind.OtherAgency ? ConsultationEnd.SilenceDeemedConsent : ConsultationEnd.SilenceAgencyDecides,
                                x => x.Saga.WindowDueOn)
                            .TransitionTo(Concluded)
                            .ScheduleTimers()
                            .EmitEnded(),
                        overdue => overdue
                            .Notify(NoticeKinds.Overdue))),
            When(ConsultationDeadlineReached, x => x.Message.Kind == ConsultationDeadlineKinds.Reminder)
                .If(x => x.Message.DueOn == x.Saga.WindowDueOn, near => near
                    .Notify(NoticeKinds.Reminder)));

        // Timers that fire after the consultation ended are stale.
        DuringAny(Ignore(ConsultationDeadlineReached));

        OnUnhandledEvent(context => context.Refuse(context.Saga.RequestId, context.Saga.CurrentState,
            new Refusal("该征求意见已结束。", "This consultation has ended.")));
    }

    public State AwaitingOpinions { get; private set; } = null!;
    public State Concluded { get; private set; } = null!;
    public State Withdrawn { get; private set; } = null!;

    public Event<StartConsultation> StartConsultation { get; private set; } = null!;
    public Event<RecordOpinion> RecordOpinion { get; private set; } = null!;
    public Event<RecordLetterServed> RecordLetterServed { get; private set; } = null!;
    public Event<SendConsultationReminder> SendConsultationReminder { get; private set; } = null!;
    public Event<WithdrawConsultation> WithdrawConsultation { get; private set; } = null!;
    public Event<ConsultationDeadlineReached> ConsultationDeadlineReached { get; private set; } = null!;

    public static readonly Refusal NoSuchConsultation = new("没有这项征求意见。", "No such consultation.");

    /// <summary>A command to a consultation that does not exist is refused, not lost.</summary>
    private static void ById<T>(IEventCorrelationConfigurator<ConsultationState, T> e) where T : class, Contracts.IRequestCommand, IConsultationMessage =>
        e.CorrelateById(x => x.Message.ConsultationId)
            .OnMissingInstance(m => m.ExecuteAsync(x => x.Refuse(x.Message.RequestId, "", NoSuchConsultation)));
}
