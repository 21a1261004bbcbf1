using CaseFlow.Contracts;
using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Requests;
using MassTransit;

namespace CaseFlow.Workflows.DisclosureRequest;

/// <summary>The procedure for a request for government information (依申请公开), Art. 29–45 of the Regulations.
/// It orchestrates only: deadlines come from the statutory clock, rules from <see cref="Rules"/>.</summary>
public sealed class DisclosureRequestStateMachine : MassTransitStateMachine<DisclosureRequestState>
{
    public DisclosureRequestStateMachine()
    {
        InstanceState(x => x.CurrentState);
        Event(() => RegisterRequest, e => e.CorrelateById(x => x.Message.RequestId));
        Event(() => ConfirmReceipt, e => ById(e));
        Event(() => IssueCorrectionNotice, e => ById(e));
        Event(() => RecordCorrectedApplication, e => ById(e));
        Event(() => ConsultationStarted, e => e.CorrelateById(x => x.Message.RequestId).OnMissingInstance(m => m.Discard()));
        Event(() => ConsultationEnded, e => e.CorrelateById(x => x.Message.RequestId).OnMissingInstance(m => m.Discard()));
        Event(() => ConsultationLetterServed, e => e.CorrelateById(x => x.Message.RequestId).OnMissingInstance(m => m.Discard()));
        Event(() => RecordPublicInterestOverride, e => ById(e));
        Event(() => RecordOverrideLetter, e => ById(e));
        Event(() => RequestExtension, e => ById(e));
        Event(() => DecideExtension, e => ById(e));
        Event(() => AskForReasons, e => ById(e));
        Event(() => SetReasonablePeriod, e => ById(e));
        Event(() => ReopenAfterChallenge, e => ById(e));
        Event(() => IssueFeeNotice, e => ById(e));
        Event(() => RecordPayment, e => ById(e));
        Event(() => ServeReply, e => ById(e));
        Event(() => IssueLetter, e => ById(e));
        Event(() => RecordLetterService, e => ById(e));
        Event(() => WithdrawRequest, e => ById(e));
        Event(() => ReassignHandler, e => ById(e));
        Event(() => DeadlineReached, e => e.CorrelateById(x => x.Message.RequestId).OnMissingInstance(m => m.Discard()));
        Event(() => RecomputeDeadlines, e => e.CorrelateById(x => x.Message.RequestId).OnMissingInstance(m => m.Discard()));

        // Art. 29, 31: an application is recorded (登记). When the receipt date is settled the clock starts at once;
        // otherwise the office first confirms it with the applicant.
        Initially(
            When(RegisterRequest)
                .Guard((_, m, today) => Rules.Register(m, today), then => then
                    .RecordTheApplication()
                    .AssignTrackingNumber()
                    .IfElse(x => x.Message.ReceivedOn is not null,
                        settled => settled.TransitionTo(InProgress),
                        unsettled => unsettled.TransitionTo(Registered))
                    .RecomputeDeadlines()
                    .Emit(x => new RequestRegistered
                    {
                        RequestId = x.Saga.CorrelationId, AgencyCode = x.Saga.AgencyCode, TrackingNumber = x.Saga.TrackingNumber,
                        ReceivedOn = x.Saga.ReceivedOn, ReplyDueOn = x.Saga.ReplyDueOn,
                    })
                    .Accept()));

        // Art. 31: the receipt date is the day both sides confirm (ordinary post, online, fax).
        During(Registered,
            When(ConfirmReceipt)
                .Guard((_, m, today) => Rules.Receipt(m.ReceivedOn, today), then => then
                    .Then(x => (x.Saga.ReceivedOn, x.Saga.ReceiptEvidence) = (x.Message.ReceivedOn, x.Message.ReceiptEvidence ?? x.Saga.ReceiptEvidence))
                    .TransitionTo(InProgress)
                    .RecomputeDeadlines()
                    .Accept()));

        During(InProgress,
            // Art. 30: one correction notice, within 7 working days of receipt, with the items and a reasonable period.
            When(IssueCorrectionNotice)
                .Guard(Rules.CorrectionNotice, then => then
                    .Then(x => x.Saga.CorrectionNotice = new CorrectionNotice(x.Message.IssuedOn, x.Message.Items, x.Message.CorrectionPeriodEndsOn))
                    .TransitionTo(AwaitingCorrection)
                    .RecomputeDeadlines()
                    .Accept()),
            // Art. 42: a fee notice served within the reply period; the span until payment does not count (convention).
            When(IssueFeeNotice)
                .Guard(Rules.FeeNotice, then => then
                    .RecordTheFeeNotice()
                    .TransitionTo(AwaitingFeePayment)
                    .RecomputeDeadlines()
                    .Accept()),
            // Art. 32: the agency finds that withholding would gravely affect the public interest and decides to disclose
            // despite a third party's refusal; it must then tell the third party in writing what it discloses and why.
            When(RecordPublicInterestOverride)
                .Guard(Rules.PublicInterestOverride, then => then
                    .Then(x => x.Saga.PublicInterestOverride = new PublicInterestOverride(x.Message.DecidedOn, x.Message.Reasons.Trim(), x.Message.Actor))
                    .Accept()),
            When(RecordOverrideLetter)
                .Guard(Rules.OverrideLetter, then => then
                    .Then(x => x.Saga.PublicInterestOverride = x.Saga.PublicInterestOverride! with
                    {
                        LetterSentOn = x.Message.SentOn, LetterDocumentNumber = x.Message.DocumentNumber.Trim(),
                    })
                    .Accept()),
            // Art. 35: an application whose number or frequency clearly exceeds a reasonable range: ask for the reasons
            // (the clock runs on); then a reply 不予处理 (504), or a later reasonable reply date told to the applicant, which
            // becomes the due date in force (the statutory clock's Art. 35 rule).
            When(AskForReasons)
                .Guard(Rules.ReasonsAsked, then => then
                    .Then(x => x.Saga.ExcessiveInquiry = Rules.InquiryOf(x.Message))
                    .RecomputeDeadlines()
                    .Accept()),
            When(SetReasonablePeriod)
                .Guard(Rules.ReasonablePeriod, then => then
                    .Then(x => x.Saga.ExcessiveInquiry = Rules.WithReasonablePeriod(x.Saga.ExcessiveInquiry!, x.Message))
                    .RecomputeDeadlines()
                    .Accept()),
            // Art. 36–39: the reply, with its outcome, reasons and legal basis; Art. 33 ¶1 on the spot.
            When(ServeReply)
                .Guard(Rules.ServeReply, then => then
                    .RecordTheReply()
                    .TransitionTo(Replied)
                    .RecomputeDeadlines()
                    .EmitRequestClosed()
                    .Accept()));

        During(InProgress, Consulting,
            // Art. 33 ¶2: once, before the reply due date, at most 20 working days, approved by the head of the office.
            When(RequestExtension)
                .Guard(Rules.ExtensionRequest, then => then
                    .Then(x => x.Saga.Extension = new Extension(x.Message.RequestedOn, x.Message.Days, x.Message.Reason))
                    .TransitionTo(AwaitingExtensionDecision)
                    .RecomputeDeadlines()
                    .TellTheSupervisors()
                    .Accept()));

        During(AwaitingExtensionDecision,
            When(DecideExtension)
                .Guard(Rules.ExtensionDecision, then => then
                    .Then(x => x.Saga.Extension = x.Saga.Extension! with
                    {
                        Approved = x.Message.Approved, ApprovedDays = x.Message.Approved ? x.Message.Days : 0,
                        DecidedOn = x.Message.DecidedOn, DecidedBy = x.Message.Actor,
                    })
                    .IfElse(x => x.Saga.HasOpenExternalConsultation,
                        consulting => consulting.TransitionTo(Consulting),
                        otherwise => otherwise.TransitionTo(InProgress))
                    .RecomputeDeadlines()
                    .TellTheHandler()
                    .Accept()));

        During(AwaitingCorrection,
            // Art. 30: the reply period restarts from the day the corrected application is received.
            When(RecordCorrectedApplication)
                .Guard(Rules.CorrectedApplication, then => then
                    .Then(x =>
                    {
                        x.Saga.CorrectedOn = x.Message.CorrectedOn;
                        if (!string.IsNullOrWhiteSpace(x.Message.CorrectedDescription))
                            x.Saga.Description = x.Message.CorrectedDescription;
                    })
                    .TransitionTo(InProgress)
                    .RecomputeDeadlines()
                    .Accept()),
            // Art. 30: no correction in the period without good reason → deemed abandoned (视为放弃申请).
            When(DeadlineReached, x => x.Message.Kind == DeadlineKinds.CorrectionPeriodEnds)
                .If(x => x.Message.DueOn == x.Saga.CorrectionNotice!.PeriodEndsOn, ended => ended
                    .Then(x => x.Saga.Close(CloseReason.DeemedAbandoned, Outcome.OtherNotCorrected, x.Today()))
                    .TransitionTo(Closed)
                    .RecomputeDeadlines()
                    .EmitRequestClosed()));

        During(AwaitingFeePayment,
            When(RecordPayment)
                .Guard(Rules.Payment, then => then
                    .Then(x => x.Saga.Fee = x.Saga.Fee! with { PaidOn = x.Message.PaidOn })
                    .TransitionTo(InProgress)
                    .RecomputeDeadlines()
                    .Accept()),
            // 国办函〔2020〕109号: not paid within 20 working days → deemed abandoned.
            When(DeadlineReached, x => x.Message.Kind == DeadlineKinds.FeePaymentDue)
                .If(x => x.Message.DueOn == x.Saga.Fee!.PaymentDueOn, ended => ended
                    .Then(x => x.Saga.Close(CloseReason.DeemedAbandoned, Outcome.OtherFeeNotPaid, x.Today()))
                    .TransitionTo(Closed)
                    .RecomputeDeadlines()
                    .EmitRequestClosed()));

        // The consultation workflow tells the request when a consultation starts and ends (Art. 32–34): an external one
        // stops the reply clock for its span (Art. 33 ¶3), an internal joint consultation (会商) never does. Consultations
        // start while the request is in progress; the request may move on before they end.
        During(InProgress,
            When(ConsultationStarted)
                .RecordTheConsultation()
                .If(x => x.Saga.HasOpenExternalConsultation, external => external.TransitionTo(Consulting))
                .RecomputeDeadlines());
        During(Consulting,
            When(ConsultationEnded)
                .RecordTheConsultationEnd()
                .ResumeWhenConsultationsEnd(InProgress)
                .RecomputeDeadlines());
        During(Consulting, AwaitingExtensionDecision, AwaitingCorrection, AwaitingFeePayment,
            When(ConsultationStarted)
                .RecordTheConsultation()
                .RecomputeDeadlines());
        During(OpenStates.Where(s => s != Registered),
            When(ConsultationLetterServed)
                .Then(x =>
                {
                    if (x.Saga.Consultations.FirstOrDefault(c => c.Id == x.Message.ConsultationId) is { } c)
                        x.Saga.Consultations[x.Saga.Consultations.IndexOf(c)] = c with { LetterReceivedOn = x.Message.LetterReceivedOn, WindowDueOn = x.Message.WindowDueOn };
                }));
        During(InProgress, AwaitingExtensionDecision, AwaitingCorrection, AwaitingFeePayment,
            When(ConsultationEnded)
                .RecordTheConsultationEnd()
                .RecomputeDeadlines());

        During(OpenStates,
            // 督办: the supervisor hands the request to another handler; nothing else changes.
            When(ReassignHandler)
                .Guard(Rules.Reassignment, then => then
                    .Then(x => x.Saga.Handler = x.Message.Handler.Trim())
                    .Accept()),
            // 撤回申请: counted in 三(六)3.
            When(WithdrawRequest)
                .Guard(Rules.Withdrawal, then => then
                    .Then(x => x.Saga.Close(CloseReason.Withdrawn, Outcome.OtherHandling, x.Message.WithdrawnOn))
                    .TransitionTo(Closed)
                    .RecomputeDeadlines()
                    .EmitRequestClosed()
                    .Accept()),
            // Art. 33: the reply due date passed with no reply: the request stays open, flagged for supervisors (督办).
            When(DeadlineReached, x => x.Message.Kind == DeadlineKinds.ReplyDue)
                .If(x => x.Message.DueOn == x.Saga.ReplyDueOn && !x.Saga.Overdue, missed => missed
                    .Then(x => x.Saga.Overdue = true)
                    .RecomputeDeadlines()
                    .Emit(x => new DeadlineMissed { RequestId = x.Saga.CorrelationId, Kind = x.Message.Kind, DueOn = x.Message.DueOn })),
            // Art. 35: the window for the reasons ran out: recorded, and the refusal or later date becomes the next step.
            When(DeadlineReached, x => x.Message.Kind == DeadlineKinds.ReasonsWindowEnds)
                .If(x => x.Saga.ExcessiveInquiry is { ReasonablePeriodEndsOn: null, WindowEndedOn: null } inquiry && inquiry.ReplyWindowEndsOn == x.Message.DueOn,
                    ended => ended
                        .Then(x => x.Saga.ExcessiveInquiry = x.Saga.ExcessiveInquiry! with { WindowEndedOn = x.Message.DueOn })
                        .RecomputeDeadlines()),
            When(DeadlineReached, x => x.Message.Kind == DeadlineKinds.ReplyDueWarning)
                .If(x => x.Message.DueOn == x.Saga.ReplyDueOn, near => near
                    .Emit(x => new DeadlineApproaching
                    {
                        RequestId = x.Saga.CorrelationId, Kind = DeadlineKinds.ReplyDue, Subject = x.Message.Subject, DueOn = x.Message.DueOn,
                        WorkingDaysLeft = int.Parse(x.Message.Subject, System.Globalization.CultureInfo.InvariantCulture),
                    })),
            // A newly loaded calendar year: deadlines are recomputed, and the change audited.
            When(RecomputeDeadlines)
                .RecomputeDeadlines());

        // Issue 14 (重新答复): a reconsideration decision or judgment that corrected the handling (结果纠正, e.g. 责令重新答复)
        // reopens the closed request into a new reply period from the day the decision was received (or to the date it set);
        // the earlier reply stays counted in its year (ReopenedRequests). Once per challenge. Followers hear RequestReopened
        // from the outbox, in the reopening's transaction.
        During(Replied, Closed,
            When(ReopenAfterChallenge)
                .FindTheChallenge()
                .GuardWith(ReopeningSteps.ReopeningRule, then => then
                    .ReopenTheRequest()
                    .TransitionTo(InProgress)
                    .RecomputeDeadlines()
                    .EmitRequestReopened()
                    .Accept()));

        // Issue 12: a letter that is an act is that act. Issuing numbers and stores the letter and performs its act in
        // this one step; a form already used (its token) answers with the letter it issued and numbers nothing.
        DuringAny(
            When(IssueLetter)
                .FindTheLetterOfThisForm()
                .IfElse(x => x.AlreadyIssued(),
                    again => again.AnswerWithTheLetter(),
                    fresh => fresh.Guard(Rules.Letter, then => then
                        .NumberAndStoreTheLetter()
                        // Art. 30: the correction notice letter is the correction notice.
                        .If(x => x.Message.Type == Domain.Correspondence.LetterType.CorrectionNotice && x.Message.ReplacesLetterId is null, notice => notice
                            .RecordTheCorrectionNotice()
                            .TransitionTo(AwaitingCorrection)
                            .RecomputeDeadlines())
                        // Art. 35: the 说明理由通知书 is the request for reasons; the 延迟答复告知书 sets the later reasonable date.
                        .If(x => x.Message.Type == Domain.Correspondence.LetterType.ReasonsRequest && x.Message.ReplacesLetterId is null, asked => asked
                            .RecordTheRequestForReasons()
                            .RecomputeDeadlines())
                        .If(x => x.Message.Type == Domain.Correspondence.LetterType.ReasonablePeriodNotice && x.Message.ReplacesLetterId is null, later => later
                            .RecordTheReasonablePeriod()
                            .RecomputeDeadlines())
                        // Art. 32: the notice of disclosure is the written notice to the third party.
                        .If(x => x.Message.Type == Domain.Correspondence.LetterType.OverrideNotice && x.Message.ReplacesLetterId is null, told => told
                            .RecordTheNoticeToTheThirdParty())
                        // Art. 33 ¶1: a reply on the spot is served in person at once: the request is replied.
                        .If(x => x.Message.Type == Domain.Correspondence.LetterType.Reply && x.Message.ServedInPersonEvidence is not null
                                 && x.Message.ReplacesLetterId is null, onTheSpot => onTheSpot
                            .ServeItInPerson()
                            .ForwardToTheCompetentAgency()
                            .TransitionTo(Replied)
                            .RecomputeDeadlines()
                            .EmitRequestClosed())
                        .AnswerWithTheLetter())),
            // 送达: serving the fee notice starts the payment window (Art. 42); serving the reply letter is the reply, and a
            // reply 402 forwards the copy to the competent agency of the installation the applicant consented to (Art. 36(五)).
            When(RecordLetterService)
                .FindTheLetterServed()
                .GuardWith(LetterSteps.ServiceRule, then => then
                    .RecordTheService()
                    .IfElse(x => x.ServiceAct() == ServiceActs.FeeNotice, fee => fee
                            .StartThePaymentWindow()
                            .TransitionTo(AwaitingFeePayment)
                            .RecomputeDeadlines(),
                        other => other.If(x => x.ServiceAct() == ServiceActs.Reply, reply => reply
                            .RecordTheReplyItServes()
                            .ForwardToTheCompetentAgency()
                            .TransitionTo(Replied)
                            .RecomputeDeadlines()
                            .EmitRequestClosed()))
                    .Accept()));

        // Timers that fire after the request moved on are stale: the state decides they no longer matter.
        DuringAny(
            Ignore(DeadlineReached),
            Ignore(RecomputeDeadlines),
            Ignore(ConsultationStarted),
            Ignore(ConsultationEnded),
            Ignore(ConsultationLetterServed));

        OnUnhandledEvent(context => context.Refuse(context.Saga.CorrelationId, context.Saga.CurrentState,
            Refusals.NotInThisState(context.Saga.CurrentState, context.Event.Name)));
    }

    /// <summary>Every state in which the request is still open.</summary>
    private IEnumerable<State> OpenStates => [Registered, InProgress, Consulting, AwaitingExtensionDecision, AwaitingCorrection, AwaitingFeePayment];

    public State Registered { get; private set; } = null!;
    public State InProgress { get; private set; } = null!;
    public State AwaitingCorrection { get; private set; } = null!;
    public State Consulting { get; private set; } = null!;
    public State AwaitingExtensionDecision { get; private set; } = null!;
    public State AwaitingFeePayment { get; private set; } = null!;
    public State Replied { get; private set; } = null!;
    public State Closed { get; private set; } = null!;

    public Event<RegisterRequest> RegisterRequest { get; private set; } = null!;
    public Event<ConfirmReceipt> ConfirmReceipt { get; private set; } = null!;
    public Event<IssueCorrectionNotice> IssueCorrectionNotice { get; private set; } = null!;
    public Event<RecordCorrectedApplication> RecordCorrectedApplication { get; private set; } = null!;
    public Event<Consultations.ConsultationStarted> ConsultationStarted { get; private set; } = null!;
    public Event<Consultations.ConsultationEnded> ConsultationEnded { get; private set; } = null!;
    public Event<Consultations.ConsultationLetterServed> ConsultationLetterServed { get; private set; } = null!;
    public Event<RecordPublicInterestOverride> RecordPublicInterestOverride { get; private set; } = null!;
    public Event<RecordOverrideLetter> RecordOverrideLetter { get; private set; } = null!;
    public Event<RequestExtension> RequestExtension { get; private set; } = null!;
    public Event<DecideExtension> DecideExtension { get; private set; } = null!;
    public Event<AskForReasons> AskForReasons { get; private set; } = null!;
    public Event<SetReasonablePeriod> SetReasonablePeriod { get; private set; } = null!;
    public Event<ReopenAfterChallenge> ReopenAfterChallenge { get; private set; } = null!;
    public Event<IssueFeeNotice> IssueFeeNotice { get; private set; } = null!;
    public Event<RecordPayment> RecordPayment { get; private set; } = null!;
    public Event<ServeReply> ServeReply { get; private set; } = null!;
    public Event<IssueLetter> IssueLetter { get; private set; } = null!;
    public Event<RecordLetterService> RecordLetterService { get; private set; } = null!;
    public Event<WithdrawRequest> WithdrawRequest { get; private set; } = null!;
    public Event<ReassignHandler> ReassignHandler { get; private set; } = null!;
    public Event<DeadlineReached> DeadlineReached { get; private set; } = null!;
    public Event<RecomputeDeadlines> RecomputeDeadlines { get; private set; } = null!;

    /// <summary>A command to a request that does not exist is refused, not lost.</summary>
    private static void ById<T>(IEventCorrelationConfigurator<DisclosureRequestState, T> e) where T : class, IRequestCommand =>
        e.CorrelateById(x => x.Message.RequestId)
            .OnMissingInstance(m => m.ExecuteAsync(x => x.Refuse(x.Message.RequestId, "", Refusals.NoSuchRequest)));
}
