using CaseFlow.Domain.Correspondence;
using CaseFlow.Domain.RecordCorrections;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Consultations;
using CaseFlow.Persistence.Correspondence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Workflows.Infrastructure;
using MassTransit;
using NodaTime;

namespace CaseFlow.Workflows.RecordCorrections;

/// <summary>The named steps the correction workflow is written in, each through the message's database transaction.</summary>
public static class RecordCorrectionSteps
{
    private static DbSession Db(this PipeContext context) => context.GetPayload<DbSession>();

    private static Instant Now(this ConsumeContext context) => context.GetServiceOrCreateInstance<IClock>().GetCurrentInstant();

    /// <summary>登记: the applicant, the record, the evidence, and the soft due date in the agency's calendar.</summary>
    public static EventActivityBinder<RecordCorrectionState, RegisterRecordCorrection> RecordTheApplication(
        this EventActivityBinder<RecordCorrectionState, RegisterRecordCorrection> binder) =>
        binder.ThenAsync(async x =>
        {
            var m = x.Message;
            var s = x.Saga;
            s.AgencyCode = m.AgencyCode;
            s.CalendarId = await Agencies.CalendarIdAsync(x.Db(), m.AgencyCode) ?? "cn";
            s.ApplicantName = m.ApplicantName.Trim();
            s.ApplicantIdDocument = m.ApplicantIdDocument.Trim();
            s.ApplicantContact = m.ApplicantContact.Trim();
            s.Record = m.Record.Trim();
            s.Evidence = m.Evidence.Trim();
            s.ReceivedOn = m.ReceivedOn;
            var due = RecordCorrectionRule.Due(x.GetServiceOrCreateInstance<CalendarCatalog>().ClockFor(s.CalendarId), m.ReceivedOn);
            (s.DueOn, s.DueProvisional) = (due.DueOn, due.Provisional);
            s.RegisteredBy = m.Actor;
            s.RegisteredAt = x.Now();
        });

    /// <summary>The agency with the power, when chosen from the installation: its name as the agencies table has it.</summary>
    public static EventActivityBinder<RecordCorrectionState, DecideRecordCorrection> ReadTheCompetentAgency(
        this EventActivityBinder<RecordCorrectionState, DecideRecordCorrection> binder) =>
        binder.ThenAsync(async x => x.Saga.ChosenAgencyName = x.Message.CompetentAgencyCode is { Length: > 0 } code
            ? await ConsultationStore.AgencyNameAsync(x.Db(), code)
            : null);

    /// <summary>处理决定 and its letter in one transaction: the letter is numbered and stored (frozen), and the decision it
    /// states is recorded with its number.</summary>
    public static EventActivityBinder<RecordCorrectionState, DecideRecordCorrection> DecideAndIssueTheLetter(
        this EventActivityBinder<RecordCorrectionState, DecideRecordCorrection> binder) =>
        binder.ThenAsync(async x =>
        {
            var m = x.Message;
            var s = x.Saga;
            var letter = await Letters.IssueAsync(x.Db(), new LetterToIssue
            {
                RequestId = s.CorrelationId, AgencyCode = s.AgencyCode, Type = LetterType.RecordCorrectionReply, Year = m.DecidedOn.Year,
                Title = m.LetterTitle, Addressee = s.ApplicantName, Content = m.LetterContent, Facts = m.LetterFacts, PrivacyReview = "[]",
                IssuedBy = m.Actor, IssuedAt = x.Now(),
            });
            s.Outcome = m.Outcome;
            s.Change = m.Outcome == RecordCorrectionOutcome.Corrected ? m.Change!.Trim() : null;
            s.CompetentAgencyCode = m.Outcome == RecordCorrectionOutcome.Referred && m.CompetentAgencyCode is { Length: > 0 } code ? code : null;
            s.CompetentAgencyName = m.Outcome == RecordCorrectionOutcome.Referred ? (s.ChosenAgencyName ?? m.CompetentAgencyName!.Trim()) : null;
            s.Reasons = m.Outcome == RecordCorrectionOutcome.Refused ? m.Reasons!.Trim() : null;
            s.DecidedOn = m.DecidedOn;
            s.DecidedBy = m.Actor;
            s.LetterId = letter.Id;
            s.DocumentNumber = letter.DocumentNumber;
        });

    /// <summary>送达: the service of the decision letter is recorded with the letter; the case is closed.</summary>
    public static EventActivityBinder<RecordCorrectionState, RecordCorrectionLetterServed> RecordTheService(
        this EventActivityBinder<RecordCorrectionState, RecordCorrectionLetterServed> binder) =>
        binder.ThenAsync(async x =>
        {
            var m = x.Message;
            var s = x.Saga;
            await Letters.RecordServiceAsync(x.Db(), new LetterService
            {
                Id = Guid.NewGuid().ToString(), LetterId = s.LetterId!, RequestId = s.CorrelationId.ToString(), Method = m.Method,
                ServedOn = m.ServedOn, Evidence = m.Evidence.Trim(), RecordedBy = m.Actor, RecordedAt = x.Now(),
            });
            s.ServedOn = m.ServedOn;
            s.ServiceMethod = m.Method;
        });

    /// <summary>Answers the sender with the letter the decision issued.</summary>
    public static EventActivityBinder<RecordCorrectionState, DecideRecordCorrection> AnswerWithTheLetter(
        this EventActivityBinder<RecordCorrectionState, DecideRecordCorrection> binder) =>
        binder.ThenAsync(x => x.ResponseAddress is null ? Task.CompletedTask : x.RespondAsync(new Contracts.CommandResult
        {
            RequestId = x.Saga.CorrelationId, Accepted = true, State = x.Saga.CurrentState, LetterId = x.Saga.LetterId,
            DocumentNumber = x.Saga.DocumentNumber,
        }));
}
