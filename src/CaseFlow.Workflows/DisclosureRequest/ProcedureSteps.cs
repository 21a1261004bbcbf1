using CaseFlow.Contracts;
using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Requests;
using CaseFlow.Workflows.Infrastructure;
using MassTransit;
using NodaTime;

namespace CaseFlow.Workflows.DisclosureRequest;

/// <summary>The steps that record what happened in the procedure. Statutory windows come from the clock.</summary>
public static class ProcedureSteps
{
    private static Domain.Deadlines.StatutoryClock Clock<T>(this BehaviorContext<DisclosureRequestState, T> context) where T : class =>
        context.GetServiceOrCreateInstance<CalendarCatalog>().ClockFor(context.Saga.CalendarId);

    /// <summary>登记 (Art. 29): the applicant, the information asked for, the form of provision, the channel.</summary>
    public static EventActivityBinder<DisclosureRequestState, RegisterRequest> RecordTheApplication(
        this EventActivityBinder<DisclosureRequestState, RegisterRequest> binder) =>
        binder.ThenAsync(async x =>
        {
            var m = x.Message;
            var r = x.Saga;
            r.AgencyCode = m.AgencyCode;
            r.Applicant = new Applicant
            {
                Type = Enum.Parse<ApplicantType>(m.ApplicantType), Name = m.ApplicantName, IdDocument = m.ApplicantIdDocument,
                Phone = m.ApplicantPhone, Email = m.ApplicantEmail, Address = m.ApplicantAddress,
            };
            r.Channel = Enum.Parse<Channel>(m.Channel);
            r.Description = m.Description;
            r.FormOfProvision = m.FormOfProvision;
            r.Purpose = m.Purpose;
            r.Handler = m.Handler;
            r.ReceiptEvidence = m.ReceiptEvidence;
            r.ReceivedOn = m.ReceivedOn;
            if (m.ReferredFromRequestId is { } from)
                r.ReferredFrom = new ReferralSource(from, m.ReferredFromAgencyCode ?? "", m.ReferredFromTrackingNumber ?? "", m.ReferredFromLetter ?? "");
            r.RegisteredAt = x.GetServiceOrCreateInstance<IClock>().GetCurrentInstant();
            // The agency's calendar (a regional overlay where it has one); agencies not registered use the default.
            r.CalendarId = await Persistence.Workplace.Agencies.CalendarIdAsync(x.GetPayload<Persistence.DbSession>(), m.AgencyCode)
                ?? x.GetServiceOrCreateInstance<Microsoft.Extensions.Options.IOptions<WorkflowOptions>>().Value.DefaultCalendarId;
        });

    /// <summary>收费通知: the payment window is 20 working days from the day after service.</summary>
    public static EventActivityBinder<DisclosureRequestState, IssueFeeNotice> RecordTheFeeNotice(
        this EventActivityBinder<DisclosureRequestState, IssueFeeNotice> binder) =>
        binder.Then(x => x.Saga.Fee = new ProcessingFee(x.Message.ServedOn, x.Message.Amount, x.Message.Basis,
            x.Clock().FeePaymentDue(x.Message.ServedOn).DueOn));

    /// <summary>答复: on time means served on or before the reply due date in force when served.</summary>
    public static EventActivityBinder<DisclosureRequestState, ServeReply> RecordTheReply(
        this EventActivityBinder<DisclosureRequestState, ServeReply> binder) =>
        binder.Then(x => x.Saga.Replied(x.Message, letterDocumentNumber: null));

    /// <summary>Records the reply and closes the request under its outcome; on time means served on or before the reply
    /// due date in force when served.</summary>
    public static void Replied(this DisclosureRequestState r, ServeReply m, string? letterDocumentNumber)
    {
        r.Reply = new Reply(m.Outcome, m.Reasons, m.LegalBasis, m.ServedOn, m.OnTheSpot, Domain.Deadlines.ReplyClockStatus.OnTimeWhenServed(m.ServedOn, r.ReplyDueOn))
        {
            LetterDocumentNumber = letterDocumentNumber,
        };
        // Art. 39 ¶1: a petition, complaint or report is not handled as an OGI request.
        r.Close(m.Outcome == Outcome.NotProcessedPetition ? CloseReason.NotAnOgiRequest : CloseReason.Replied, m.Outcome, m.ServedOn);
    }

    /// <summary>The request's record of a consultation its workflow started: what its clock and page need.</summary>
    public static EventActivityBinder<DisclosureRequestState, Consultations.ConsultationStarted> RecordTheConsultation(
        this EventActivityBinder<DisclosureRequestState, Consultations.ConsultationStarted> binder) =>
        binder.Then(x =>
        {
            var m = x.Message;
            if (x.Saga.Consultations.Any(c => c.Id == m.ConsultationId))
                return;
            x.Saga.Consultations.Add(new Consultation
            {
                Id = m.ConsultationId, Kind = m.Kind, Participants = m.Participants, Question = m.Question, SentOn = m.SentOn,
                LetterReceivedOn = m.LetterReceivedOn, DocumentNumber = m.DocumentNumber, WindowDueOn = m.WindowDueOn,
            });
        });

    /// <summary>The consultation ended: an external one's excluded span closes on that day (OGI-RULES §3).</summary>
    public static EventActivityBinder<DisclosureRequestState, Consultations.ConsultationEnded> RecordTheConsultationEnd(
        this EventActivityBinder<DisclosureRequestState, Consultations.ConsultationEnded> binder) =>
        binder.Then(x =>
        {
            var consultation = x.Saga.Consultations.FirstOrDefault(c => c.Id == x.Message.ConsultationId);
            if (consultation is null || consultation.EndedOn is not null)
                return;
            consultation.Opinions.Clear();
            consultation.Opinions.AddRange(x.Message.Opinions);
            consultation.EndedOn = x.Message.EndedOn;
            consultation.End = x.Message.End;
        });

    /// <summary>With no external consultation open, the case is back in progress.</summary>
    public static EventActivityBinder<DisclosureRequestState, T> ResumeWhenConsultationsEnd<T>(
        this EventActivityBinder<DisclosureRequestState, T> binder, State inProgress)
        where T : class =>
        binder.If(x => !x.Saga.HasOpenExternalConsultation && x.Saga.CurrentState == nameof(DisclosureRequestStateMachine.Consulting),
            resume => resume.TransitionTo(inProgress));

    public static EventActivityBinder<DisclosureRequestState, T> EmitRequestClosed<T>(this EventActivityBinder<DisclosureRequestState, T> binder)
        where T : class =>
        binder.Emit(x => new RequestClosed
        {
            RequestId = x.Saga.CorrelationId, AgencyCode = x.Saga.AgencyCode, TrackingNumber = x.Saga.TrackingNumber,
            Reason = x.Saga.CloseReason!.Value.ToString(), Outcome = x.Saga.Outcome!.Value.ToString(), ClosedOn = x.Saga.ClosedOn!.Value,
            OnTime = x.Saga.Reply?.OnTime,
        });
}

/// <summary>Refusals that do not depend on a command's facts.</summary>
public static class Refusals
{
    public static readonly Refusal NoSuchRequest = new("没有这件申请。", "No such request.");

    public static Refusal NotInThisState(string state, string command) => new(
        $"申请处于「{StateNames.Chinese(state)}」状态，不能{CommandNames.Chinese(command)}。",
        $"A request in state {state} does not accept {command}.");
}

/// <summary>How a clerk says each state.</summary>
public static class StateNames
{
    public static string Chinese(string state) => state switch
    {
        "Initial" or "" => "未登记",
        nameof(DisclosureRequestStateMachine.Registered) => "已登记、待确认收到日期",
        nameof(DisclosureRequestStateMachine.InProgress) => "办理中",
        nameof(DisclosureRequestStateMachine.AwaitingCorrection) => "待补正",
        nameof(DisclosureRequestStateMachine.Consulting) => "征求意见中",
        nameof(DisclosureRequestStateMachine.AwaitingExtensionDecision) => "延期待审批",
        nameof(DisclosureRequestStateMachine.AwaitingFeePayment) => "待缴费",
        nameof(DisclosureRequestStateMachine.Replied) => "已答复",
        nameof(DisclosureRequestStateMachine.Closed) => "已终止",
        _ => state,
    };
}

public static class CommandNames
{
    public static string Chinese(string command) => command switch
    {
        nameof(RegisterRequest) => "重复登记",
        nameof(ConfirmReceipt) => "确认收到申请日期",
        nameof(IssueCorrectionNotice) => "发出补正告知",
        nameof(RecordCorrectedApplication) => "登记补正申请",
        nameof(StartConsultation) => "发起征求意见",
        nameof(RecordOpinion) => "登记意见",
        nameof(RecordPublicInterestOverride) => "登记公共利益决定",
        nameof(RecordOverrideLetter) => "登记告知第三方的书面通知",
        nameof(RequestExtension) => "申请延期",
        nameof(DecideExtension) => "审批延期",
        nameof(IssueFeeNotice) => "发出收费通知",
        nameof(RecordPayment) => "登记缴费",
        nameof(ServeReply) => "答复",
        nameof(IssueLetter) => "签发文书",
        nameof(RecordLetterService) => "登记送达",
        nameof(WithdrawRequest) => "撤回",
        nameof(ReassignHandler) => "改派承办人",
        nameof(AskForReasons) => "要求说明理由",
        nameof(SetReasonablePeriod) => "确定合理的答复期限",
        nameof(ReopenAfterChallenge) => "因复议、诉讼纠正重新答复",
        _ => command,
    };
}
