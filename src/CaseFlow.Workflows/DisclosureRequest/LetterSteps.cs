using System.Globalization;
using System.Text.Json;
using CaseFlow.Contracts;
using CaseFlow.Domain.Correspondence;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Audit;
using CaseFlow.Persistence.Correspondence;
using MassTransit;
using NodaTime;

namespace CaseFlow.Workflows.DisclosureRequest;

/// <summary>The steps of a letter that is an act (issue 12): numbering and storing it, recording its service, and the
/// effect on the request, all through the request's transaction, so that they commit together or not at all.</summary>
public static class LetterSteps
{
    /// <summary>What one letter command found and did, carried from step to step of the same message.</summary>
    private sealed class LetterWork
    {
        public IssuedLetter? Issued { get; set; }
        public LetterOnFile? OnFile { get; set; }
        public ServiceActs Act { get; set; }
    }

    private static DbSession Db(this PipeContext context) => context.GetPayload<DbSession>();

    private static LetterWork Work(this PipeContext context) => context.GetOrAddPayload(() => new LetterWork());

    private static Instant Now(this ConsumeContext context) => context.GetServiceOrCreateInstance<IClock>().GetCurrentInstant();

    /// <summary>A letter already issued from the same form (its token) is answered again; nothing is numbered.</summary>
    public static EventActivityBinder<DisclosureRequestState, IssueLetter> FindTheLetterOfThisForm(
        this EventActivityBinder<DisclosureRequestState, IssueLetter> binder) =>
        binder.ThenAsync(async x =>
        {
            if (!string.IsNullOrWhiteSpace(x.Message.FormToken))
                x.Work().Issued = await Letters.IssuedWithTokenAsync(x.Db(), x.Saga.CorrelationId, x.Message.FormToken);
        });

    /// <summary>The letter whose service this message recorded (a reply served by post or in person).</summary>
    public static LetterOnFile? ServedLetter(this PipeContext context) => context.Work().OnFile;

    public static bool AlreadyIssued(this BehaviorContext<DisclosureRequestState, IssueLetter> context) => context.Work().Issued is not null;

    /// <summary>签发: numbers and stores the letter (frozen) and writes its line in the audit trail.</summary>
    public static EventActivityBinder<DisclosureRequestState, IssueLetter> NumberAndStoreTheLetter(
        this EventActivityBinder<DisclosureRequestState, IssueLetter> binder) =>
        binder.ThenAsync(async x =>
        {
            var m = x.Message;
            var now = x.Now();
            var letter = await Letters.IssueAsync(x.Db(), new LetterToIssue
            {
                RequestId = x.Saga.CorrelationId, AgencyCode = x.Saga.AgencyCode, Type = m.Type, Outcome = m.Outcome, Year = m.IssuedOn.Year,
                Title = m.Title, Addressee = m.Addressee, Content = m.Content, Facts = m.Facts, PrivacyReview = m.PrivacyReview,
                ReplacesLetterId = m.ReplacesLetterId, IssuedBy = m.Actor, IssuedAt = now, FormToken = m.FormToken,
            });
            x.Work().Issued = letter;
            var replaced = m.ReplacesLetterId is null ? null : await Letters.FindAsync(x.Db(), m.ReplacesLetterId);
            await AuditTrail.AppendAsync(x.Db(), new AuditEntry
            {
                RequestId = x.Saga.CorrelationId.ToString(), MessageId = letter.Id, OccurredAt = now, Actor = m.Actor, Activity = nameof(IssueLetter),
                FromState = x.Saga.CurrentState, ToState = x.Saga.CurrentState,
                Changes = JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["letter"] = new { before = replaced?.DocumentNumber, after = $"{m.Type.ChineseName()} {letter.DocumentNumber}" },
                    ["draft"] = m.DraftId is null ? null : new { before = (string?)null, after = m.DraftId },
                }),
            });
            if (m.DraftId is not null)
                await LetterDrafts.MarkIssuedAsync(x.Db(), m.DraftId, letter.Id, m.DraftReviews ?? "[]", now);
        });

    /// <summary>Art. 30: the correction notice letter is the correction notice, with its items and period.</summary>
    public static EventActivityBinder<DisclosureRequestState, IssueLetter> RecordTheCorrectionNotice(
        this EventActivityBinder<DisclosureRequestState, IssueLetter> binder) =>
        binder.Then(x => x.Saga.CorrectionNotice = new CorrectionNotice(x.Message.IssuedOn, x.Message.CorrectionItems,
            x.Message.CorrectionPeriodEndsOn!.Value));

    /// <summary>Art. 35: the 说明理由通知书 is the request for reasons, with the reply window the agency set; its number is
    /// recorded with it.</summary>
    public static EventActivityBinder<DisclosureRequestState, IssueLetter> RecordTheRequestForReasons(
        this EventActivityBinder<DisclosureRequestState, IssueLetter> binder) =>
        binder.Then(x => x.Saga.ExcessiveInquiry = Rules.InquiryOf(Rules.ReasonsRequestOf(x.Saga, x.Message), x.Work().Issued!.DocumentNumber));

    /// <summary>Art. 35: the 延迟答复告知书 sets the later reasonable reply date it tells the applicant.</summary>
    public static EventActivityBinder<DisclosureRequestState, IssueLetter> RecordTheReasonablePeriod(
        this EventActivityBinder<DisclosureRequestState, IssueLetter> binder) =>
        binder.Then(x => x.Saga.ExcessiveInquiry = Rules.WithReasonablePeriod(x.Saga.ExcessiveInquiry!, Rules.ReasonablePeriodOf(x.Saga, x.Message),
            x.Work().Issued!.DocumentNumber));

    /// <summary>Art. 32: the notice of disclosure tells the third party in writing; its number and date are the request's
    /// record of it, which lets a reply 102 予以公开 through.</summary>
    public static EventActivityBinder<DisclosureRequestState, IssueLetter> RecordTheNoticeToTheThirdParty(
        this EventActivityBinder<DisclosureRequestState, IssueLetter> binder) =>
        binder.Then(x => x.Saga.PublicInterestOverride = x.Saga.PublicInterestOverride! with
        {
            LetterSentOn = x.Message.IssuedOn, LetterDocumentNumber = x.Work().Issued!.DocumentNumber,
        });

    /// <summary>Art. 33 ¶1: the reply letter handed over on the spot is served now, in person.</summary>
    public static EventActivityBinder<DisclosureRequestState, IssueLetter> ServeItInPerson(
        this EventActivityBinder<DisclosureRequestState, IssueLetter> binder) =>
        binder.ThenAsync(async x =>
        {
            var letter = x.Work().Issued!;
            x.Work().OnFile = OnFile(letter, x.Message.Reasons, Rules.FactsOf(x.Message.Facts));
            await RecordServiceAsync(x, x.Work().OnFile!, "InPerson", x.Message.IssuedOn, x.Message.ServedInPersonEvidence!, x.Message.Actor);
            x.Saga.Replied(Rules.ReplyOf(x.Saga, x.Message.Actor, x.Message.Outcome!.Value, x.Message.Reasons, x.Message.IssuedOn, onTheSpot: true),
                letter.DocumentNumber);
        });

    /// <summary>Answers the sender with the letter (the one just issued, or the one this form issued before).</summary>
    public static EventActivityBinder<DisclosureRequestState, IssueLetter> AnswerWithTheLetter(
        this EventActivityBinder<DisclosureRequestState, IssueLetter> binder) =>
        binder.ThenAsync(x => x.ResponseAddress is null ? Task.CompletedTask : x.RespondAsync(new CommandResult
        {
            RequestId = x.Saga.CorrelationId, Accepted = true, State = x.Saga.CurrentState,
            LetterId = x.Work().Issued!.Id, DocumentNumber = x.Work().Issued!.DocumentNumber,
        }));

    /// <summary>Finds the letter to be served (of this request) and what its service does.</summary>
    public static EventActivityBinder<DisclosureRequestState, RecordLetterService> FindTheLetterServed(
        this EventActivityBinder<DisclosureRequestState, RecordLetterService> binder) =>
        binder.ThenAsync(async x =>
        {
            var letter = await Letters.FindAsync(x.Db(), x.Message.LetterId);
            if (letter is null || letter.RequestId != x.Saga.CorrelationId.ToString())
                return;
            var facts = JsonSerializer.Deserialize<Dictionary<string, string>>(letter.Facts) ?? [];
            var work = x.Work();
            work.OnFile = OnFile(letter, facts.GetValueOrDefault("input_reasons"), facts);
            work.Act = Rules.ServiceAct(x.Saga, work.OnFile);
        });

    public static Refusal? ServiceRule(BehaviorContext<DisclosureRequestState, RecordLetterService> x) =>
        Rules.LetterService(x.Saga, x.Message, x.Work().OnFile, x.Today());

    public static ServiceActs ServiceAct(this BehaviorContext<DisclosureRequestState, RecordLetterService> x) => x.Work().Act;

    /// <summary>送达: the service record, its audit line and <see cref="LetterServed"/> in the outbox.</summary>
    public static EventActivityBinder<DisclosureRequestState, RecordLetterService> RecordTheService(
        this EventActivityBinder<DisclosureRequestState, RecordLetterService> binder) =>
        binder.ThenAsync(x => RecordServiceAsync(x, x.Work().OnFile!, x.Message.Method, x.Message.ServedOn, x.Message.Evidence.Trim(), x.Message.Actor));

    /// <summary>Art. 42: serving the fee notice starts the payment window (20 working days from the day after service).</summary>
    public static EventActivityBinder<DisclosureRequestState, RecordLetterService> StartThePaymentWindow(
        this EventActivityBinder<DisclosureRequestState, RecordLetterService> binder) =>
        binder.Then(x =>
        {
            var notice = Rules.FeeNoticeOf(x.Saga, x.Message, x.Work().OnFile!);
            var clock = x.GetServiceOrCreateInstance<Infrastructure.CalendarCatalog>().ClockFor(x.Saga.CalendarId);
            x.Saga.Fee = new ProcessingFee(notice.ServedOn, notice.Amount, notice.Basis, clock.FeePaymentDue(notice.ServedOn).DueOn);
        });

    /// <summary>Art. 36–39: serving the reply letter is the reply: its outcome, reasons and legal basis, served today.</summary>
    public static EventActivityBinder<DisclosureRequestState, RecordLetterService> RecordTheReplyItServes(
        this EventActivityBinder<DisclosureRequestState, RecordLetterService> binder) =>
        binder.Then(x =>
        {
            var letter = x.Work().OnFile!;
            x.Saga.Replied(Rules.ReplyOf(x.Saga, x.Message.Actor, letter.Outcome!.Value, letter.Reasons, x.Message.ServedOn, onTheSpot: false),
                letter.DocumentNumber);
        });

    private static LetterOnFile OnFile(IssuedLetter letter, string? reasons, IReadOnlyDictionary<string, string>? facts = null) => new(
        letter.Id, letter.Type, (Domain.Replies.Outcome?)letter.Outcome, letter.IssuedAt.InZone(ChinaTime.Zone).Date, letter.DocumentNumber,
        letter.Addressee, reasons,
        facts?.GetValueOrDefault("input_fee_amount") is { } amount && decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var yuan) ? yuan : null,
        facts?.GetValueOrDefault("input_fee_basis"),
        facts?.GetValueOrDefault("consultation_id") is { } cid && Guid.TryParse(cid, out var consultation) ? consultation : null)
    {
        Referral = facts is null ? null : Rules.ReferralIn(facts),
    };

    private static async Task RecordServiceAsync<T>(BehaviorContext<DisclosureRequestState, T> x, LetterOnFile letter, string method, LocalDate servedOn,
        string evidence, string actor)
        where T : class
    {
        var now = x.Now();
        var service = new LetterService
        {
            Id = Guid.NewGuid().ToString(), LetterId = letter.Id, RequestId = x.Saga.CorrelationId.ToString(), Method = method, ServedOn = servedOn,
            Evidence = evidence, RecordedBy = actor, RecordedAt = now,
        };
        await Letters.RecordServiceAsync(x.Db(), service);
        await OutboxWriter.AddAsync(x.Db(), new LetterServed
        {
            RequestId = x.Saga.CorrelationId, LetterId = Guid.Parse(letter.Id), LetterType = letter.Type.Slug(), DocumentNumber = letter.DocumentNumber,
            Addressee = letter.Addressee, ServedOn = servedOn, Method = method, ConsultationId = letter.ConsultationId,
        }, now);
        await AuditTrail.AppendAsync(x.Db(), new AuditEntry
        {
            RequestId = x.Saga.CorrelationId.ToString(), MessageId = service.Id, OccurredAt = now, Actor = actor, Activity = nameof(RecordLetterService),
            FromState = x.Saga.CurrentState, ToState = x.Saga.CurrentState,
            Changes = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["service"] = new { before = (string?)null, after = $"{letter.DocumentNumber} {method} {servedOn:uuuu-MM-dd}" },
            }),
        });
    }
}
