using CaseFlow.Workflows.DisclosureRequest;
using MassTransit;

namespace CaseFlow.Workflows.RecordCorrections;

/// <summary>A request to correct government information records about oneself (更正申请, Art. 41 of the Regulations):
/// registered with its evidence, decided (corrected / referred to the agency with the power / refused with reasons) by a
/// numbered letter that is the decision, and closed when that letter is served. Not a disclosure request.</summary>
public sealed class RecordCorrectionStateMachine : MassTransitStateMachine<RecordCorrectionState>
{
    public RecordCorrectionStateMachine()
    {
        InstanceState(x => x.CurrentState);
        Event(() => RegisterRecordCorrection, e => e.CorrelateById(x => x.Message.RequestId));
        Event(() => DecideRecordCorrection, e => ById(e));
        Event(() => RecordCorrectionLetterServed, e => ById(e));

        // Art. 41: 公民、法人或者其他组织有证据证明行政机关提供的与其自身相关的政府信息记录不准确的，可以要求行政机关更正。
        Initially(
            When(RegisterRecordCorrection)
                .Guard((_, m, today) => RecordCorrectionRules.Register(m, today), then => then
                    .RecordTheApplication()
                    .TransitionTo(Registered)
                    .Accept()));

        During(Registered,
            // Art. 41: 有权更正的行政机关审核属实的，应当予以更正并告知申请人；不属于本行政机关职能范围的，行政机关可以转送有权更正的
            // 行政机关处理并告知申请人，或者告知申请人向有权更正的行政机关提出. The letter that tells the applicant is the decision.
            When(DecideRecordCorrection)
                .ReadTheCompetentAgency()
                .Guard(RecordCorrectionRules.Decide, then => then
                    .DecideAndIssueTheLetter()
                    .TransitionTo(AwaitingService)
                    .AnswerWithTheLetter()));

        During(AwaitingService,
            When(RecordCorrectionLetterServed)
                .Guard(RecordCorrectionRules.Service, then => then
                    .RecordTheService()
                    .TransitionTo(Closed)
                    .Accept()));

        OnUnhandledEvent(context => context.Refuse(context.Saga.CorrelationId, context.Saga.CurrentState, NotNow(context.Saga.CurrentState)));
    }

    public State Registered { get; private set; } = null!;
    public State AwaitingService { get; private set; } = null!;
    public State Closed { get; private set; } = null!;

    public Event<RegisterRecordCorrection> RegisterRecordCorrection { get; private set; } = null!;
    public Event<DecideRecordCorrection> DecideRecordCorrection { get; private set; } = null!;
    public Event<RecordCorrectionLetterServed> RecordCorrectionLetterServed { get; private set; } = null!;

    public static readonly Refusal NoSuchCorrection = new("没有这件更正申请。", "No such correction request.");

    private static Refusal NotNow(string state) => state switch
    {
        "Registered" => new("该更正申请尚未作出处理决定。", "This correction request has not been decided yet."),
        "AwaitingService" => new("该更正申请已作出处理决定。", "This correction request has been decided already."),
        "Closed" => new("该更正申请已办结。", "This correction request is closed."),
        _ => new("该更正申请已登记。", "This correction request is registered already."),
    };

    /// <summary>A command to a correction request that does not exist is refused, not lost.</summary>
    private static void ById<T>(IEventCorrelationConfigurator<RecordCorrectionState, T> e) where T : class, IRecordCorrectionMessage =>
        e.CorrelateById(x => x.Message.RequestId)
            .OnMissingInstance(m => m.ExecuteAsync(x => x.Refuse(x.Message.RequestId, "", NoSuchCorrection)));
}
