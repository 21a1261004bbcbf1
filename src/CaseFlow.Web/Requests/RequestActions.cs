using System.Globalization;
using CaseFlow.Contracts;
using CaseFlow.Domain.Replies;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Workflows.Consultations;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using NodaTime;
using NodaTime.Text;

namespace CaseFlow.Web.Requests;

/// <summary>The form of every lifecycle action, for the request page and <c>POST /api/requests/{id}/{action}</c>.
/// Only the fields the action needs are read; dates are ISO <c>YYYY-MM-DD</c> and default to today.</summary>
public sealed record ActionInput
{
    public string? Date { get; set; }
    /// <summary>Correction notice: the items to correct, one per line.</summary>
    public string? Items { get; set; }
    public string? CorrectionPeriodEndsOn { get; set; }
    public string? CorrectedDescription { get; set; }
    public string? GoodReasonForDelay { get; set; }
    /// <summary>Consultation: Internal | ThirdParty | OtherAgency.</summary>
    public string? Kind { get; set; }
    /// <summary>Consultation participants, one per line.</summary>
    public string? Participants { get; set; }
    public string? Question { get; set; }
    public string? DocumentNumber { get; set; }
    public string? LetterReceivedOn { get; set; }
    public string? DueOn { get; set; }
    public string? ConsultationId { get; set; }
    /// <summary>Consultation: the agency's legal advisers invited (user names), added to <see cref="Participants"/>.</summary>
    public List<string>? Advisers { get; set; }
    /// <summary>Consultation, other agency (Art. 34): the code of the agency of this installation addressed; it answers in
    /// its own inbox (issue 17 item 2).</summary>
    public string? AddressedAgency { get; set; }
    /// <summary>Internal consultation: colleagues of other agencies of the installation invited (user names).</summary>
    public List<string>? Colleagues { get; set; }
    /// <summary>Consultation: attachment ids of the request shared with the participants.</summary>
    public List<string>? Materials { get; set; }
    /// <summary>Opinion: the articles it cites.</summary>
    public string? CitedArticles { get; set; }
    public string? Participant { get; set; }
    /// <summary>Opinion: Agree | Disagree | Conditional.</summary>
    public string? Position { get; set; }
    public string? Reasoning { get; set; }
    public int? Days { get; set; }
    public string? Reason { get; set; }
    public bool? Approved { get; set; }
    public decimal? Amount { get; set; }
    public string? Basis { get; set; }
    /// <summary>Fee notice: <c>per-application</c> | <c>per-volume</c> (国办函〔2020〕109号).</summary>
    public string? Method { get; set; }
    /// <summary>Fee notice, per volume: the pages provided.</summary>
    public int? Pages { get; set; }
    /// <summary>Fee notice: why the amount is below the tier.</summary>
    public string? ReductionReason { get; set; }
    /// <summary>Reply: the outcome code (101–603).</summary>
    public int? Outcome { get; set; }
    public string? Reasons { get; set; }
    public string? LegalBasis { get; set; }
    public bool OnTheSpot { get; set; }
    /// <summary>On-the-spot reply: the reply letter's fields by variable name (<c>input_how</c> …), as for the letters endpoint.</summary>
    public Dictionary<string, string>? Inputs { get; set; }
    /// <summary>On-the-spot reply: how each privacy hit is resolved (<c>redact</c> | <c>confirm</c>), as for the letters endpoint.</summary>
    public Dictionary<string, string>? Privacy { get; set; }
    /// <summary>On-the-spot reply: the evidence of handing the letter over (default 当场送达申请人).</summary>
    public string? Evidence { get; set; }
    /// <summary>On-the-spot reply: the form token that makes it idempotent.</summary>
    public string? FormToken { get; set; }
    /// <summary>Reopening (issue 14): the challenge as <c>kind:filedOn</c>, e.g. <c>reconsideration:2025-01-06</c>.</summary>
    public string? Challenge { get; set; }
}

/// <summary>One lifecycle action a person can take, declared once: its name in URLs (<c>POST /api/requests/{id}/{Name}</c>
/// and the page's forms), the workflow event whose presence in the current state allows it, its names, who may take it,
/// the command it sends and how that command is bound from <see cref="ActionInput"/>; optionally when the request page
/// offers it and a workflow rule asked before sending. Declare a new action with <see cref="For{TCommand}"/> in
/// <see cref="RequestActions.All"/>; nothing else needs a case for it.</summary>
public sealed record ActionSpec
{
    private ActionSpec(string name, string @event, string zh, string en, string policy, Type command)
    {
        (Name, Event, Zh, En, Policy, Command) = (name, @event, zh, en, policy, command);
    }

    public string Name { get; }
    /// <summary>The request state machine's event that must be accepted in the current state (<see cref="RequestActions.AllowedIn"/>).</summary>
    public string Event { get; }
    public string Zh { get; }
    public string En { get; }
    public string Policy { get; }
    /// <summary>The command type sent; it must be an event of a workflow (checked by the wiring tests).</summary>
    public Type Command { get; }

    private Func<ActionBinder, IRequestCommand> BindCommand { get; init; } = null!;
    private Func<RequestCommands, IRequestCommand, Task<CommandResult>> SendCommand { get; init; } = null!;
    private Func<DisclosureRequestState, bool> OfferedOnPage { get; init; } = _ => true;
    private Func<IRequestCommand, DisclosureRequestState, LocalDate, Refusal?> Rule { get; init; } = (_, _, _) => null;

    /// <summary>Declares an action sending <typeparamref name="TCommand"/>. <paramref name="bind"/> builds it from the
    /// input, reporting problems through the binder; <paramref name="offered"/> is what the request's own facts rule out
    /// on the page (the state is asked of the machine already); <paramref name="rule"/> is the workflow's rule asked
    /// before sending, so that a refusal about one field is shown next to it.</summary>
    public static ActionSpec For<TCommand>(string name, string @event, string zh, string en, string policy,
        Func<ActionBinder, TCommand> bind, Func<DisclosureRequestState, bool>? offered = null,
        Func<DisclosureRequestState, TCommand, LocalDate, Refusal?>? rule = null)
        where TCommand : class, IRequestCommand => new(name, @event, zh, en, policy, typeof(TCommand))
    {
        BindCommand = bind,
        SendCommand = (commands, command) => commands.SendAsync((TCommand)command),
        OfferedOnPage = offered ?? (_ => true),
        Rule = rule is null ? (_, _, _) => null : (command, state, today) => rule(state, (TCommand)command, today),
    };

    /// <summary>Builds the command, or names every field that is wrong.</summary>
    public (IRequestCommand? Command, IReadOnlyList<FieldError> Errors) Build(ActionInput input, Guid requestId, string actor, LocalDate today)
    {
        var binder = new ActionBinder(input, requestId, actor, today);
        var command = BindCommand(binder);
        return binder.Errors.Count == 0 ? (command, binder.Errors) : (null, binder.Errors);
    }

    public bool IsOfferedFor(DisclosureRequestState request) => OfferedOnPage(request);

    public Refusal? RuleFor(IRequestCommand command, DisclosureRequestState state, LocalDate today) =>
        command.GetType() == Command ? Rule(command, state, today) : null;

    public Task<CommandResult> SendAsync(RequestCommands commands, IRequestCommand command) =>
        command.GetType() == Command
            ? SendCommand(commands, command)
            : throw new ArgumentException($"{Name} sends {Command.Name}, not {command.GetType().Name}.", nameof(command));
}

/// <summary>What an action's binder reads: the input, the request, the actor and today, and the field problems found so far.
/// Dates are ISO <c>YYYY-MM-DD</c>; <see cref="On"/> is the action's optional <c>date</c>, today when empty.</summary>
public sealed class ActionBinder
{
    private readonly List<FieldError> _errors = [];

    public ActionBinder(ActionInput input, Guid requestId, string actor, LocalDate today)
    {
        (Input, RequestId, Actor, Today) = (input, requestId, actor, today);
        On = Date("date", input.Date, "日期", "Date", required: false);
    }

    public ActionInput Input { get; }
    public Guid RequestId { get; }
    public string Actor { get; }
    public LocalDate Today { get; }
    /// <summary>The input's <c>date</c>, today when empty (a wrong one is reported).</summary>
    public LocalDate On { get; }
    public IReadOnlyList<FieldError> Errors => _errors;

    public LocalDate Date(string field, string? value, string zh, string en, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
                _errors.Add(new FieldError(field, $"请填写「{zh}」。", $"{en} is required."));
            return Today;
        }
        var parsed = LocalDatePattern.Iso.Parse(value.Trim());
        if (parsed.Success)
            return parsed.Value;
        _errors.Add(new FieldError(field, $"「{zh}」不是有效日期。", $"{en} is not a valid date."));
        return Today;
    }

    public LocalDate? OptionalDate(string field, string? value, string zh, string en) =>
        string.IsNullOrWhiteSpace(value) ? null : Date(field, value, zh, en);

    public string Text(string field, string? value, string zh, string en, int max = 4000)
    {
        if (string.IsNullOrWhiteSpace(value))
            _errors.Add(new FieldError(field, $"请填写「{zh}」。", $"{en} is required."));
        else if (value.Length > max)
            _errors.Add(new FieldError(field, $"「{zh}」不能超过{max}个字。", $"{en} must be at most {max} characters."));
        return value?.Trim() ?? "";
    }

    /// <summary>Optional text, trimmed, null when empty.</summary>
    public static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static List<string> Lines(string? value) =>
        (value ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    public TEnum Choice<TEnum>(string field, string? value, string zh, string en) where TEnum : struct, Enum
    {
        if (Enum.TryParse<TEnum>(value, out var parsed) && !int.TryParse(value, out _))
            return parsed;
        _errors.Add(new FieldError(field, $"请选择「{zh}」。", $"Choose {en}."));
        return default;
    }

    public List<string> Missing(string field, string zh, string en)
    {
        _errors.Add(new FieldError(field, $"请填写「{zh}」（每行一项）。", $"{en} are required (one per line)."));
        return [];
    }

    public List<Guid> Ids(string field, List<string>? values, string zh, string en)
    {
        var ids = new List<Guid>();
        foreach (var value in values ?? [])
        {
            if (Guid.TryParse(value, out var id))
                ids.Add(id);
            else
                _errors.Add(new FieldError(field, $"「{zh}」无效。", $"{en} is not valid."));
        }
        return ids;
    }

    public List<string> TooManyColleagues()
    {
        _errors.Add(new FieldError("colleagues", "「其他部门同事」最多50人，每个用户名不超过100个字。", "At most 50 colleagues, user names of at most 100 characters."));
        return [];
    }

    /// <summary>The input's <c>consultationId</c>, reported when missing or not an id.</summary>
    public Guid ConsultationId()
    {
        if (Guid.TryParse(Input.ConsultationId, out var id))
            return id;
        _errors.Add(new FieldError("consultationId", "请选择「征求意见」。", "Choose the consultation."));
        return Guid.Empty;
    }

    public int MissingDays()
    {
        _errors.Add(new FieldError("days", "请填写「延长的工作日数」（1–20，第三十三条第二款）。", "Days (1–20, Art. 33 ¶2) are required."));
        return 0;
    }

    public bool MissingApproval()
    {
        _errors.Add(new FieldError("approved", "请选择「同意」或「不同意」。", "Choose approve or refuse."));
        return false;
    }

    public decimal MissingAmount()
    {
        _errors.Add(new FieldError("amount", "「收费金额」须为大于0的金额。", "Amount must be more than 0."));
        return 0;
    }

    /// <summary>The input's <c>challenge</c> as <c>kind:filedOn</c> (the key of the challenges file: tracking number, kind,
    /// filed on), reported when it is not one.</summary>
    public (Domain.Reporting.ChallengeKind Kind, LocalDate FiledOn) Challenge()
    {
        var parts = (Input.Challenge ?? "").Split(':', 2, StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && Persistence.Reporting.Challenges.ParseKind(parts[0]) is { } kind && LocalDatePattern.Iso.Parse(parts[1]) is { Success: true } filed)
            return (kind, filed.Value);
        _errors.Add(new FieldError("challenge", "请选择结果为「纠正」的行政复议或行政诉讼。", "Choose the reconsideration or lawsuit whose result corrected the handling."));
        return (Domain.Reporting.ChallengeKind.Reconsideration, LocalDate.MinIsoValue);
    }

    public Outcome MissingOutcome()
    {
        _errors.Add(new FieldError("outcome", "请选择「答复类型」。", "Choose the outcome."));
        return default;
    }
}

public static class RequestActions
{
    private const string Casework = Security.Policies.Casework;
    private const string Supervision = Security.Policies.Supervision;

    /// <summary>Every lifecycle action, each declared once.</summary>
    public static IReadOnlyList<ActionSpec> All { get; } =
    [
        ActionSpec.For("confirm-receipt", nameof(DisclosureRequestStateMachine.ConfirmReceipt), "确认收到申请之日", "Confirm receipt date", Casework,
            b => new ConfirmReceipt { RequestId = b.RequestId, Actor = b.Actor, ReceivedOn = b.Date("date", b.Input.Date, "收到申请之日", "Received on"), ReceiptEvidence = b.Input.Reason?.Trim() }),
        // Issue 12: the letter is the act. The page does the correction notice, the fee notice and the reply by issuing and
        // serving their letters; the API keeps the first two for notices made elsewhere, and the reply only on the spot
        // (Art. 33 ¶1), as a numbered letter served in person.
        ActionSpec.For("correction-notice", nameof(DisclosureRequestStateMachine.IssueCorrectionNotice), "发出补正告知", "Send correction notice", Casework,
            b => new IssueCorrectionNotice
            {
                RequestId = b.RequestId, Actor = b.Actor, IssuedOn = b.On,
                Items = ActionBinder.Lines(b.Input.Items) is { Count: > 0 } items ? items : b.Missing("items", "需要补正的事项", "Items to correct"),
                CorrectionPeriodEndsOn = b.Date("correctionPeriodEndsOn", b.Input.CorrectionPeriodEndsOn, "补正期限", "Correction period ends on"),
            },
            offered: _ => false),
        ActionSpec.For("corrected-application", nameof(DisclosureRequestStateMachine.RecordCorrectedApplication), "登记补正后的申请", "Record corrected application", Casework,
            b => new RecordCorrectedApplication
            {
                RequestId = b.RequestId, Actor = b.Actor, CorrectedOn = b.On,
                CorrectedDescription = ActionBinder.Optional(b.Input.CorrectedDescription),
                GoodReasonForDelay = ActionBinder.Optional(b.Input.GoodReasonForDelay),
            }),
        // Consultations are their own workflow; the request accepts news of them in every open state, and the page
        // offers them where the consultation rules allow.
        ActionSpec.For("consultation", nameof(DisclosureRequestStateMachine.ConsultationStarted), "征求意见 / 会商", "Start consultation", Casework,
            b => new StartConsultation
            {
                RequestId = b.RequestId, Actor = b.Actor, ConsultationId = Guid.NewGuid(), SentOn = b.On,
                Kind = b.Choice<ConsultationKind>("kind", b.Input.Kind, "征求意见类型", "the consultation kind"),
                Participants = ActionBinder.Lines(b.Input.Participants).Concat(b.Input.Advisers ?? []).Where(x => x.Length > 0).Distinct().ToList() is var p
                    && (p.Count > 0 || !string.IsNullOrWhiteSpace(b.Input.AddressedAgency) || b.Input.Colleagues is { Count: > 0 })
                    ? p : b.Missing("participants", "征求意见对象", "Participants"),
                AddressedAgencyCode = string.IsNullOrWhiteSpace(b.Input.AddressedAgency) ? null : b.Text("addressedAgency", b.Input.AddressedAgency, "本平台机关", "Agency of the installation", 64),
                Colleagues = (b.Input.Colleagues ?? []).Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => x.Trim()).Distinct().ToList() is var colleagues
                    && (colleagues.Count > 50 || colleagues.Any(x => x.Length > 100))
                    ? b.TooManyColleagues() : colleagues,
                Question = b.Text("question", b.Input.Question, "征求意见事项", "Question"),
                Materials = b.Ids("materials", b.Input.Materials, "共享材料", "Materials"),
                DocumentNumber = ActionBinder.Optional(b.Input.DocumentNumber),
                LetterReceivedOn = b.OptionalDate("letterReceivedOn", b.Input.LetterReceivedOn, "对方收到征求意见书之日", "Letter received on"),
                DueOn = b.OptionalDate("dueOn", b.Input.DueOn, "会商截止日", "Due on"),
            },
            offered: r => r.CurrentState is nameof(DisclosureRequestStateMachine.InProgress) or nameof(DisclosureRequestStateMachine.Consulting)),
        ActionSpec.For("opinion", nameof(DisclosureRequestStateMachine.ConsultationEnded), "登记书面意见", "Record opinion received on paper", Casework,
            b => new RecordOpinion
            {
                RequestId = b.RequestId, Actor = b.Actor, ReceivedOn = b.On,
                ConsultationId = b.ConsultationId(),
                Participant = b.Text("participant", b.Input.Participant, "提出意见的一方", "Participant", 200),
                Position = b.Choice<OpinionPosition>("position", b.Input.Position, "意见", "the position"),
                Reasoning = b.Text("reasoning", b.Input.Reasoning, "意见理由", "Reasoning"),
                CitedArticles = ActionBinder.Optional(b.Input.CitedArticles),
                FromPaper = true,
            },
            offered: AnyConsultationOpen),
        ActionSpec.For("consultation-service", nameof(DisclosureRequestStateMachine.ConsultationEnded), "登记征求意见书送达日期", "Record the letter's service date", Casework,
            b => new RecordLetterServed
            {
                RequestId = b.RequestId, Actor = b.Actor, ReceivedOn = b.Date("date", b.Input.Date, "送达日期", "Received on"),
                ConsultationId = b.ConsultationId(),
            },
            offered: r => r.Consultations.Any(c => c.EndedOn is null && c.IsExternal && c.LetterReceivedOn is null)),
        ActionSpec.For("consultation-reminder", nameof(DisclosureRequestStateMachine.ConsultationEnded), "催办征求意见", "Send a consultation reminder", Casework,
            b => new SendConsultationReminder { RequestId = b.RequestId, Actor = b.Actor, SentOn = b.On, ConsultationId = b.ConsultationId() },
            offered: AnyConsultationOpen),
        ActionSpec.For("consultation-withdrawal", nameof(DisclosureRequestStateMachine.ConsultationEnded), "撤回 / 结束征求意见", "Withdraw a consultation", Casework,
            b => new WithdrawConsultation
            {
                RequestId = b.RequestId, Actor = b.Actor, WithdrawnOn = b.On,
                ConsultationId = b.ConsultationId(),
                Reason = b.Text("reason", b.Input.Reason, "撤回理由", "Reason"),
            },
            offered: AnyConsultationOpen),
        ActionSpec.For("public-interest-override", nameof(DisclosureRequestStateMachine.RecordPublicInterestOverride), "登记公共利益决定（第三十二条）", "Record public-interest override (Art. 32)", Casework,
            b => new RecordPublicInterestOverride
            {
                RequestId = b.RequestId, Actor = b.Actor, DecidedOn = b.On,
                Reasons = b.Text("reasons", b.Input.Reasons, "不公开可能对公共利益造成重大影响的理由", "Public-interest reasons"),
            },
            offered: r => Rules.RefusingThirdParties(r).Count > 0 && r.PublicInterestOverride is null),
        // The page records the written notice to the third party by issuing it as a letter (公开决定告知书, Art. 32); the API
        // keeps the action for a notice made elsewhere.
        ActionSpec.For("override-letter", nameof(DisclosureRequestStateMachine.RecordOverrideLetter), "登记书面告知第三方", "Record the letter to the third party", Casework,
            b => new RecordOverrideLetter
            {
                RequestId = b.RequestId, Actor = b.Actor, SentOn = b.On,
                DocumentNumber = b.Text("documentNumber", b.Input.DocumentNumber, "告知书文号", "Document number", 100),
            },
            offered: _ => false),
        ActionSpec.For("extension-request", nameof(DisclosureRequestStateMachine.RequestExtension), "申请延长答复期限", "Request extension", Casework,
            b => new RequestExtension
            {
                RequestId = b.RequestId, Actor = b.Actor, RequestedOn = b.On,
                Days = b.Input.Days ?? b.MissingDays(), Reason = b.Text("reason", b.Input.Reason, "延期理由", "Reason"),
            },
            rule: Rules.ExtensionRequest),
        ActionSpec.For("extension-decision", nameof(DisclosureRequestStateMachine.DecideExtension), "审批延期", "Decide extension", Supervision,
            b => new DecideExtension
            {
                RequestId = b.RequestId, Actor = b.Actor, DecidedOn = b.On, Approved = b.Input.Approved ?? b.MissingApproval(),
                Days = b.Input.Days ?? 0,
            }),
        // Issue 17 follow-up: Art. 35 acts only through their letters on the page — issuing the 说明理由通知书 is the request
        // for reasons, issuing the 延迟答复告知书 sets the later date (the 「以文书办理」 links). The API keeps both acts for
        // letters made outside CaseFlow and for the batch without `letters: true` (integrators depend on it).
        ActionSpec.For("reasons-request", nameof(DisclosureRequestStateMachine.AskForReasons), "要求说明理由（第三十五条）", "Ask for the reasons (Art. 35)", Casework,
            b => new AskForReasons
            {
                RequestId = b.RequestId, Actor = b.Actor, AskedOn = b.On,
                ReplyWindowEndsOn = b.Date("dueOn", b.Input.DueOn, "说明理由的期限", "Reply window ends on"),
                Grounds = b.Text("reason", b.Input.Reason, "申请数量、频次明显超过合理范围的情况", "Grounds", 1000),
            },
            offered: _ => false),
        ActionSpec.For("reasonable-period", nameof(DisclosureRequestStateMachine.SetReasonablePeriod), "确定延迟答复的合理期限（第三十五条）", "Set a later reasonable reply date (Art. 35)", Casework,
            b => new SetReasonablePeriod
            {
                RequestId = b.RequestId, Actor = b.Actor, DecidedOn = b.On,
                ReplyDueOn = b.Date("dueOn", b.Input.DueOn, "延迟答复的合理期限", "Later reply date"),
                Reasons = b.Text("reasons", b.Input.Reasons, "确定合理期限的理由", "Reasons", 1000),
            },
            offered: _ => false),
        // Issue 14: a challenge decided 纠正 reopens the closed request into a new reply period (Rules.Reopening); the page
        // offers it only while such a challenge has not reopened the request yet (Details filters on the challenges).
        ActionSpec.For("reopen", nameof(DisclosureRequestStateMachine.ReopenAfterChallenge), "因复议、诉讼纠正重新答复", "Reopen after a corrected challenge", Casework,
            b => b.Challenge() is var (kind, filedOn) ? new ReopenAfterChallenge
            {
                RequestId = b.RequestId, Actor = b.Actor, ChallengeKind = kind, ChallengeFiledOn = filedOn,
                DecisionReceivedOn = b.Date("date", b.Input.Date, "收到复议决定或判决之日", "Decision received on"),
                ReplyDueOn = b.OptionalDate("dueOn", b.Input.DueOn, "决定确定的重新答复期限", "Reply date the decision set"),
                DecisionReference = b.Text("documentNumber", b.Input.DocumentNumber, "复议决定书或判决书的文号及要求", "Decision reference", 500),
            } : null!),
        ActionSpec.For("fee-notice", nameof(DisclosureRequestStateMachine.IssueFeeNotice), "发出收费通知", "Send fee notice", Casework,
            b => new IssueFeeNotice
            {
                RequestId = b.RequestId, Actor = b.Actor, ServedOn = b.On,
                Amount = b.Input.Amount is > 0 and <= 1_000_000 ? b.Input.Amount.Value : b.MissingAmount(),
                Basis = b.Text("basis", b.Input.Basis, "收费依据", "Basis"),
            },
            offered: _ => false),
        ActionSpec.For("payment", nameof(DisclosureRequestStateMachine.RecordPayment), "登记缴费", "Record payment", Casework,
            b => new RecordPayment { RequestId = b.RequestId, Actor = b.Actor, PaidOn = b.On }),
        ActionSpec.For("reply", nameof(DisclosureRequestStateMachine.ServeReply), "答复", "Serve reply", Casework,
            b => new ServeReply
            {
                RequestId = b.RequestId, Actor = b.Actor, ServedOn = b.On, OnTheSpot = b.Input.OnTheSpot,
                Outcome = b.Input.Outcome is { } o && Enum.IsDefined((Outcome)o) ? (Outcome)o : b.MissingOutcome(),
                Reasons = b.Text("reasons", b.Input.Reasons, "答复理由", "Reasons"),
                LegalBasis = b.Text("legalBasis", b.Input.LegalBasis, "法律依据", "Legal basis", 1000),
            },
            offered: _ => false),
        ActionSpec.For("withdrawal", nameof(DisclosureRequestStateMachine.WithdrawRequest), "登记撤回申请", "Record withdrawal", Casework,
            b => new WithdrawRequest { RequestId = b.RequestId, Actor = b.Actor, WithdrawnOn = b.On, Reason = ActionBinder.Optional(b.Input.Reason) }),
    ];

    private static bool AnyConsultationOpen(DisclosureRequestState request) => request.Consultations.Any(c => c.EndedOn is null);

    public static ActionSpec? Find(string name) => All.FirstOrDefault(a => a.Name == name);

    /// <summary>The actions the request's current state accepts, asked of the state machine itself, so that the page can
    /// never offer a step the workflow would not take.</summary>
    public static IReadOnlyList<ActionSpec> AllowedIn(DisclosureRequestStateMachine machine, string state)
    {
        var current = machine.States.FirstOrDefault(s => s.Name == state);
        if (current is null)
            return [];
        var events = machine.NextEvents(current).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        return All.Where(a => events.Contains(a.Event)).ToList();
    }

    /// <summary>What the page offers: the state's actions less those the request's own facts already rule out (a second
    /// correction notice, Art. 30; an opinion with no consultation open), as each action declares.</summary>
    public static IReadOnlyList<ActionSpec> OfferedFor(DisclosureRequestStateMachine machine, DisclosureRequestState request) =>
        AllowedIn(machine, request.CurrentState).Where(a => a.IsOfferedFor(request)).ToList();

    public static bool MayTake(ActionSpec action, string role) => action.Policy switch
    {
        Security.Policies.Supervision => role == Roles.Supervisor,
        _ => role is Roles.Caseworker or Roles.Supervisor,
    };

    /// <summary>Builds the command, or names every field that is wrong.</summary>
    public static (IRequestCommand? Command, IReadOnlyList<FieldError> Errors) Build(ActionSpec action, ActionInput input, Guid requestId, string actor, LocalDate today) =>
        action.Build(input, requestId, actor, today);

    /// <summary>The workflow's own rule for <paramref name="command"/> (<see cref="Rules"/>), asked before sending so that a
    /// refusal about one field is shown next to it with the input kept; the workflow still decides when it is sent.</summary>
    public static FieldError? FieldRefusal(IRequestCommand command, DisclosureRequestState state, LocalDate today) =>
        ForCommand(command).RuleFor(command, state, today) is { Field: { } field } refusal ? new FieldError(field, refusal.Zh, refusal.En) : null;

    /// <summary>Sends a lifecycle command through the request client, as its action declares.</summary>
    public static Task<CommandResult> SendAsync(RequestCommands commands, IRequestCommand command) =>
        ForCommand(command).SendAsync(commands, command);

    private static ActionSpec ForCommand(IRequestCommand command) =>
        All.FirstOrDefault(a => a.Command == command.GetType())
        ?? throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a lifecycle command.");

    public static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
}
