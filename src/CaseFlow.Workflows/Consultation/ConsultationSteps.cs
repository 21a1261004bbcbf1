using CaseFlow.Persistence.Consultations;
using CaseFlow.Contracts;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Deadlines;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using MassTransit;
using NodaTime;

namespace CaseFlow.Workflows.Consultations;

/// <summary>The named steps the consultation workflow is written in, each through the message's database transaction.</summary>
public static class ConsultationSteps
{
    /// <summary>Reminders go out this many working days before the window closes.</summary>
    public const int ReminderLeadWorkingDays = 2;

    private static DbSession Db(this PipeContext context) => context.GetPayload<DbSession>();

    private static Domain.Deadlines.StatutoryClock Clock<T>(this BehaviorContext<ConsultationState, T> context) where T : class =>
        context.GetServiceOrCreateInstance<CalendarCatalog>().ClockFor(context.Saga.CalendarId);

    /// <summary>Reads the request the consultation belongs to, in the same transaction, with its attachments.</summary>
    public static EventActivityBinder<ConsultationState, StartConsultation> ReadTheRequest(
        this EventActivityBinder<ConsultationState, StartConsultation> binder) =>
        binder.ThenAsync(async x =>
        {
            var row = await RequestStore.FindAsync(x.Db(), x.Message.RequestId);
            x.Saga.Request = row is null ? null : SagaJson.FromRow(row);
            x.Saga.RequestId = x.Message.RequestId;
            x.Saga.RequestAttachments = row is null ? []
                : (await Attachments.ForRequestAsync(x.Db().Connection, x.Message.RequestId, x.Db().Transaction)).Select(a => Guid.Parse(a.Id)).ToHashSet();
            // Issue 17 item 2: the addressed agency and the invited colleagues as the installation knows them.
            x.Saga.AddressedAgencyName = x.Message.AddressedAgencyCode is { } code ? await ConsultationStore.AgencyNameAsync(x.Db(), code) : null;
            x.Saga.ColleagueAccounts = await ConsultationStore.UsersAsync(x.Db(), x.Message.Colleagues);
        });

    /// <summary>征求意见书: external windows are 15 working days after the addressee receives the letter (Art. 32, 34);
    /// until the service date is known, the day it was sent stands in for it.</summary>
    public static EventActivityBinder<ConsultationState, StartConsultation> RecordTheConsultation(
        this EventActivityBinder<ConsultationState, StartConsultation> binder) =>
        binder.Then(x =>
        {
            var m = x.Message;
            var s = x.Saga;
            var r = s.Request!;
            s.AgencyCode = r.AgencyCode;
            s.TrackingNumber = r.TrackingNumber;
            s.CalendarId = r.CalendarId;
            s.Kind = m.Kind;
            s.AddressedAgencyCode = m.AddressedAgencyCode;
            s.Colleagues = m.Colleagues.Distinct(StringComparer.Ordinal)
                .Select(name => new InvitedColleague(name, s.ColleagueAccounts.First(u => u.UserName == name).AgencyCode)).ToList();
            // The addressed agency answers as itself (its name); invited colleagues as themselves (their user names).
            s.Participants = m.Participants.Select(p => p.Trim())
                .Concat(s.AddressedAgencyName is { } agency ? [agency] : [])
                .Concat(s.Colleagues.Select(c => c.UserName))
                .Distinct(StringComparer.Ordinal).ToList();
            s.Question = m.Question.Trim();
            s.Materials = m.Materials.Distinct().ToList();
            s.DocumentNumber = m.DocumentNumber;
            s.SentOn = m.SentOn;
            s.LetterReceivedOn = m.LetterReceivedOn;
            s.WindowDueOn = s.IsExternal ? x.Clock().OpinionWindowDue(m.LetterReceivedOn ?? m.SentOn).DueOn : m.DueOn!.Value;
            s.StartedBy = m.Actor;
            s.StartedAt = x.GetServiceOrCreateInstance<IClock>().GetCurrentInstant();
        });

    /// <summary>送达: the window is recomputed from the day the letter was received.</summary>
    public static EventActivityBinder<ConsultationState, RecordLetterServed> RecordTheService(
        this EventActivityBinder<ConsultationState, RecordLetterServed> binder) =>
        binder.Then(x =>
        {
            x.Saga.LetterReceivedOn = x.Message.ReceivedOn;
            x.Saga.WindowDueOn = x.Clock().OpinionWindowDue(x.Message.ReceivedOn).DueOn;
        });

    public static EventActivityBinder<ConsultationState, RecordOpinion> RecordTheOpinion(
        this EventActivityBinder<ConsultationState, RecordOpinion> binder) =>
        binder.Then(x => x.Saga.Opinions.Add(new ConsultationOpinion(x.Message.Participant, x.Message.Position, x.Message.Reasoning.Trim(),
            string.IsNullOrWhiteSpace(x.Message.CitedArticles) ? null : x.Message.CitedArticles.Trim(), x.Message.ReceivedOn, x.Message.Actor,
            x.Message.FromPaper)));

    /// <summary>Ends the consultation: the span it excludes (if external) runs from the letter to this day.</summary>
    public static EventActivityBinder<ConsultationState, T> EndWith<T>(this EventActivityBinder<ConsultationState, T> binder,
        Func<BehaviorContext<ConsultationState, T>, ConsultationEnd> end, Func<BehaviorContext<ConsultationState, T>, LocalDate> on)
        where T : class =>
        binder.Then(x => (x.Saga.End, x.Saga.EndedOn) = (end(x), on(x)));

    /// <summary>The consultation's timers, derived from its state alone: the window's end (at the start of the next day)
    /// and a reminder at the start of the day two working days before it.</summary>
    public static EventActivityBinder<ConsultationState, T> ScheduleTimers<T>(this EventActivityBinder<ConsultationState, T> binder)
        where T : class =>
        binder.ThenAsync(async x =>
        {
            var s = x.Saga;
            var timers = new List<DesiredDeadline>();
            if (s.EndedOn is null)
            {
                timers.Add(new DesiredDeadline(ConsultationDeadlineKinds.WindowEnds, "", s.WindowDueOn, ChinaTime.StartOf(s.WindowDueOn.PlusDays(1))));
                var remindOn = x.Clock().Before(s.WindowDueOn, ReminderLeadWorkingDays).DueOn;
                if (remindOn > s.SentOn && remindOn >= x.Today())
                    timers.Add(new DesiredDeadline(ConsultationDeadlineKinds.Reminder, "", s.WindowDueOn, ChinaTime.StartOf(remindOn)));
            }
            await DeadlineStore.SyncAsync(x.Db(), s.CorrelationId, timers);
        });

    public static EventActivityBinder<ConsultationState, T> EmitStarted<T>(this EventActivityBinder<ConsultationState, T> binder) where T : class =>
        binder.Emit(x => new ConsultationStarted
        {
            RequestId = x.Saga.RequestId, Actor = x.Saga.StartedBy, ConsultationId = x.Saga.CorrelationId, Kind = x.Saga.Kind,
            Participants = x.Saga.Participants, Question = x.Saga.Question, SentOn = x.Saga.SentOn, LetterReceivedOn = x.Saga.LetterReceivedOn,
            DocumentNumber = x.Saga.DocumentNumber, WindowDueOn = x.Saga.WindowDueOn,
        });

    public static EventActivityBinder<ConsultationState, T> EmitEnded<T>(this EventActivityBinder<ConsultationState, T> binder) where T : class =>
        binder.Emit(x => new ConsultationEnded
        {
            RequestId = x.Saga.RequestId, Actor = (x.Message as IRequestCommand)?.Actor ?? "system", ConsultationId = x.Saga.CorrelationId,
            EndedOn = x.Saga.EndedOn!.Value, End = x.Saga.End!.Value,
            Opinions = x.Saga.Opinions.Select(o => new Opinion(o.Participant, o.Position, o.Reasoning, o.ReceivedOn)).ToList(),
        });

    /// <summary>A notice to people: to the invited colleagues of an internal consultation who have not answered, or,
    /// for an external one (written to on paper), to the caseworker who follows it.</summary>
    public static EventActivityBinder<ConsultationState, T> Notify<T>(this EventActivityBinder<ConsultationState, T> binder, string kind)
        where T : class =>
        binder.Emit(x => new ConsultationNotice
        {
            NoticeId = NewId.NextGuid(), ConsultationId = x.Saga.CorrelationId, RequestId = x.Saga.RequestId, AgencyCode = x.Saga.AgencyCode,
            TrackingNumber = x.Saga.TrackingNumber, Kind = kind,
            Recipients = x.Saga.Kind == ConsultationKind.Internal ? x.Saga.Awaited : [x.Saga.StartedBy],
            Question = x.Saga.Question, DueOn = x.Saga.WindowDueOn,
        });

    /// <summary>An opinion arrived: the caseworker who follows the consultation hears of it, unless they recorded it
    /// themselves (from a letter received on paper).</summary>
    public static EventActivityBinder<ConsultationState, RecordOpinion> TellTheCaseworker(this EventActivityBinder<ConsultationState, RecordOpinion> binder) =>
        binder.If(x => x.Message.Actor != x.Saga.StartedBy, tell => tell.Emit(x => new ConsultationNotice
        {
            NoticeId = NewId.NextGuid(), ConsultationId = x.Saga.CorrelationId, RequestId = x.Saga.RequestId, AgencyCode = x.Saga.AgencyCode,
            TrackingNumber = x.Saga.TrackingNumber, Kind = NoticeKinds.OpinionReceived, Recipients = [x.Saga.StartedBy],
            Question = x.Saga.Question, DueOn = x.Saga.WindowDueOn, Participant = x.Message.Participant,
        }));
}
