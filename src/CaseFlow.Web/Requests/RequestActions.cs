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

/// <summary>One lifecycle action a person can take: its name in URLs, the workflow event it sends, who may take it.</summary>
public sealed record ActionSpec(string Name, string Event, string Zh, string En, string Policy);

public static class RequestActions
{
    public static IReadOnlyList<ActionSpec> All { get; } =
    [
        new("confirm-receipt", nameof(DisclosureRequestStateMachine.ConfirmReceipt), "确认收到申请之日", "Confirm receipt date", Security.Policies.Casework),
        new("correction-notice", nameof(DisclosureRequestStateMachine.IssueCorrectionNotice), "发出补正告知", "Send correction notice", Security.Policies.Casework),
        new("corrected-application", nameof(DisclosureRequestStateMachine.RecordCorrectedApplication), "登记补正后的申请", "Record corrected application", Security.Policies.Casework),
        // Consultations are their own workflow; the request accepts news of them in every open state, and the page
        // offers them where the consultation rules allow (see OfferedFor).
        new("consultation", nameof(DisclosureRequestStateMachine.ConsultationStarted), "征求意见 / 会商", "Start consultation", Security.Policies.Casework),
        new("opinion", nameof(DisclosureRequestStateMachine.ConsultationEnded), "登记书面意见", "Record opinion received on paper", Security.Policies.Casework),
        new("consultation-service", nameof(DisclosureRequestStateMachine.ConsultationEnded), "登记征求意见书送达日期", "Record the letter's service date", Security.Policies.Casework),
        new("consultation-reminder", nameof(DisclosureRequestStateMachine.ConsultationEnded), "催办征求意见", "Send a consultation reminder", Security.Policies.Casework),
        new("consultation-withdrawal", nameof(DisclosureRequestStateMachine.ConsultationEnded), "撤回 / 结束征求意见", "Withdraw a consultation", Security.Policies.Casework),
        new("public-interest-override", nameof(DisclosureRequestStateMachine.RecordPublicInterestOverride), "登记公共利益决定（第三十二条）", "Record public-interest override (Art. 32)", Security.Policies.Casework),
        new("override-letter", nameof(DisclosureRequestStateMachine.RecordOverrideLetter), "登记书面告知第三方", "Record the letter to the third party", Security.Policies.Casework),
        new("extension-request", nameof(DisclosureRequestStateMachine.RequestExtension), "申请延长答复期限", "Request extension", Security.Policies.Casework),
        new("extension-decision", nameof(DisclosureRequestStateMachine.DecideExtension), "审批延期", "Decide extension", Security.Policies.Supervision),
        new("reasons-request", nameof(DisclosureRequestStateMachine.AskForReasons), "要求说明理由（第三十五条）", "Ask for the reasons (Art. 35)", Security.Policies.Casework),
        new("reasonable-period", nameof(DisclosureRequestStateMachine.SetReasonablePeriod), "确定延迟答复的合理期限（第三十五条）", "Set a later reasonable reply date (Art. 35)", Security.Policies.Casework),
        new("reopen", nameof(DisclosureRequestStateMachine.ReopenAfterChallenge), "因复议、诉讼纠正重新答复", "Reopen after a corrected challenge", Security.Policies.Casework),
        new("fee-notice", nameof(DisclosureRequestStateMachine.IssueFeeNotice), "发出收费通知", "Send fee notice", Security.Policies.Casework),
        new("payment", nameof(DisclosureRequestStateMachine.RecordPayment), "登记缴费", "Record payment", Security.Policies.Casework),
        new("reply", nameof(DisclosureRequestStateMachine.ServeReply), "答复", "Serve reply", Security.Policies.Casework),
        new("withdrawal", nameof(DisclosureRequestStateMachine.WithdrawRequest), "登记撤回申请", "Record withdrawal", Security.Policies.Casework),
    ];

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
    /// correction notice, Art. 30; an opinion with no consultation open).</summary>
    public static IReadOnlyList<ActionSpec> OfferedFor(DisclosureRequestStateMachine machine, DisclosureRequestState request) =>
        AllowedIn(machine, request.CurrentState)
            .Where(a => a.Name switch
            {
                "consultation" => request.CurrentState is nameof(DisclosureRequestStateMachine.InProgress) or nameof(DisclosureRequestStateMachine.Consulting),
                "opinion" or "consultation-reminder" or "consultation-withdrawal" => request.Consultations.Any(c => c.EndedOn is null),
                "consultation-service" => request.Consultations.Any(c => c.EndedOn is null && c.IsExternal && c.LetterReceivedOn is null),
                "public-interest-override" => Rules.RefusingThirdParties(request).Count > 0 && request.PublicInterestOverride is null,
                // The page records the written notice to the third party by issuing it as a letter (公开决定告知书, Art. 32);
                // the API keeps the action for a notice made elsewhere.
                "override-letter" => false,
                "reasons-request" => request.ExcessiveInquiry is null,
                "reasonable-period" => request.ExcessiveInquiry is { ReasonablePeriodEndsOn: null },
                // Issue 12: the letter is the act. The page does the correction notice, the fee notice and the reply by
                // issuing and serving their letters; the API keeps the first two for notices made elsewhere, and the reply
                // only on the spot (Art. 33 ¶1), as a numbered letter served in person.
                "correction-notice" or "fee-notice" or "reply" => false,
                _ => true,
            })
            .ToList();

    public static bool MayTake(ActionSpec action, string role) => action.Policy switch
    {
        Security.Policies.Supervision => role == Roles.Supervisor,
        _ => role is Roles.Caseworker or Roles.Supervisor,
    };

    /// <summary>Builds the command, or names every field that is wrong.</summary>
    public static (IRequestCommand? Command, IReadOnlyList<FieldError> Errors) Build(ActionSpec action, ActionInput input, Guid requestId, string actor, LocalDate today)
    {
        var errors = new List<FieldError>();
        LocalDate Date(string field, string? value, string zh, string en, bool required = true)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (required)
                    errors.Add(new FieldError(field, $"请填写「{zh}」。", $"{en} is required."));
                return today;
            }
            var parsed = LocalDatePattern.Iso.Parse(value.Trim());
            if (parsed.Success)
                return parsed.Value;
            errors.Add(new FieldError(field, $"「{zh}」不是有效日期。", $"{en} is not a valid date."));
            return today;
        }
        LocalDate? OptionalDate(string field, string? value, string zh, string en) =>
            string.IsNullOrWhiteSpace(value) ? null : Date(field, value, zh, en);
        string Text(string field, string? value, string zh, string en, int max = 4000)
        {
            if (string.IsNullOrWhiteSpace(value))
                errors.Add(new FieldError(field, $"请填写「{zh}」。", $"{en} is required."));
            else if (value.Length > max)
                errors.Add(new FieldError(field, $"「{zh}」不能超过{max}个字。", $"{en} must be at most {max} characters."));
            return value?.Trim() ?? "";
        }
        static List<string> Lines(string? value) =>
            (value ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        TEnum Choice<TEnum>(string field, string? value, string zh, string en) where TEnum : struct, Enum
        {
            if (Enum.TryParse<TEnum>(value, out var parsed) && !int.TryParse(value, out _))
                return parsed;
            errors.Add(new FieldError(field, $"请选择「{zh}」。", $"Choose {en}."));
            return default;
        }
        var date = Date("date", input.Date, "日期", "Date", required: false);

        IRequestCommand command = action.Name switch
        {
            "confirm-receipt" => new ConfirmReceipt { RequestId = requestId, Actor = actor, ReceivedOn = Date("date", input.Date, "收到申请之日", "Received on"), ReceiptEvidence = input.Reason?.Trim() },
            "correction-notice" => new IssueCorrectionNotice
            {
                RequestId = requestId, Actor = actor, IssuedOn = date,
                Items = Lines(input.Items) is { Count: > 0 } items ? items : Missing("items", "需要补正的事项", "Items to correct", errors),
                CorrectionPeriodEndsOn = Date("correctionPeriodEndsOn", input.CorrectionPeriodEndsOn, "补正期限", "Correction period ends on"),
            },
            "corrected-application" => new RecordCorrectedApplication
            {
                RequestId = requestId, Actor = actor, CorrectedOn = date,
                CorrectedDescription = string.IsNullOrWhiteSpace(input.CorrectedDescription) ? null : input.CorrectedDescription.Trim(),
                GoodReasonForDelay = string.IsNullOrWhiteSpace(input.GoodReasonForDelay) ? null : input.GoodReasonForDelay.Trim(),
            },
            "consultation" => new StartConsultation
            {
                RequestId = requestId, Actor = actor, ConsultationId = Guid.NewGuid(), SentOn = date,
                Kind = Choice<ConsultationKind>("kind", input.Kind, "征求意见类型", "the consultation kind"),
                Participants = Lines(input.Participants).Concat(input.Advisers ?? []).Where(x => x.Length > 0).Distinct().ToList() is var p
                    && (p.Count > 0 || !string.IsNullOrWhiteSpace(input.AddressedAgency) || input.Colleagues is { Count: > 0 })
                    ? p : Missing("participants", "征求意见对象", "Participants", errors),
                AddressedAgencyCode = string.IsNullOrWhiteSpace(input.AddressedAgency) ? null : Text("addressedAgency", input.AddressedAgency, "本平台机关", "Agency of the installation", 64),
                Colleagues = (input.Colleagues ?? []).Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => x.Trim()).Distinct().ToList() is var colleagues
                    && (colleagues.Count > 50 || colleagues.Any(x => x.Length > 100))
                    ? TooMany("colleagues", errors) : colleagues,
                Question = Text("question", input.Question, "征求意见事项", "Question"),
                Materials = Ids("materials", input.Materials, "共享材料", "Materials", errors),
                DocumentNumber = string.IsNullOrWhiteSpace(input.DocumentNumber) ? null : input.DocumentNumber.Trim(),
                LetterReceivedOn = OptionalDate("letterReceivedOn", input.LetterReceivedOn, "对方收到征求意见书之日", "Letter received on"),
                DueOn = OptionalDate("dueOn", input.DueOn, "会商截止日", "Due on"),
            },
            "opinion" => new RecordOpinion
            {
                RequestId = requestId, Actor = actor, ReceivedOn = date,
                ConsultationId = Guid.TryParse(input.ConsultationId, out var cid) ? cid : MissingId(errors),
                Participant = Text("participant", input.Participant, "提出意见的一方", "Participant", 200),
                Position = Choice<OpinionPosition>("position", input.Position, "意见", "the position"),
                Reasoning = Text("reasoning", input.Reasoning, "意见理由", "Reasoning"),
                CitedArticles = string.IsNullOrWhiteSpace(input.CitedArticles) ? null : input.CitedArticles.Trim(),
                FromPaper = true,
            },
            "consultation-service" => new RecordLetterServed
            {
                RequestId = requestId, Actor = actor, ReceivedOn = Date("date", input.Date, "送达日期", "Received on"),
                ConsultationId = Guid.TryParse(input.ConsultationId, out var sid) ? sid : MissingId(errors),
            },
            "consultation-reminder" => new SendConsultationReminder
            {
                RequestId = requestId, Actor = actor, SentOn = date,
                ConsultationId = Guid.TryParse(input.ConsultationId, out var rid) ? rid : MissingId(errors),
            },
            "consultation-withdrawal" => new WithdrawConsultation
            {
                RequestId = requestId, Actor = actor, WithdrawnOn = date,
                ConsultationId = Guid.TryParse(input.ConsultationId, out var wid) ? wid : MissingId(errors),
                Reason = Text("reason", input.Reason, "撤回理由", "Reason"),
            },
            "public-interest-override" => new RecordPublicInterestOverride
            {
                RequestId = requestId, Actor = actor, DecidedOn = date,
                Reasons = Text("reasons", input.Reasons, "不公开可能对公共利益造成重大影响的理由", "Public-interest reasons"),
            },
            "override-letter" => new RecordOverrideLetter
            {
                RequestId = requestId, Actor = actor, SentOn = date,
                DocumentNumber = Text("documentNumber", input.DocumentNumber, "告知书文号", "Document number", 100),
            },
            "extension-request" => new RequestExtension
            {
                RequestId = requestId, Actor = actor, RequestedOn = date,
                Days = input.Days ?? MissingDays(errors), Reason = Text("reason", input.Reason, "延期理由", "Reason"),
            },
            "extension-decision" => new DecideExtension
            {
                RequestId = requestId, Actor = actor, DecidedOn = date, Approved = input.Approved ?? MissingApproval(errors),
                Days = input.Days ?? 0,
            },
            "reasons-request" => new AskForReasons
            {
                RequestId = requestId, Actor = actor, AskedOn = date,
                ReplyWindowEndsOn = Date("dueOn", input.DueOn, "说明理由的期限", "Reply window ends on"),
                Grounds = Text("reason", input.Reason, "申请数量、频次明显超过合理范围的情况", "Grounds", 1000),
            },
            "reasonable-period" => new SetReasonablePeriod
            {
                RequestId = requestId, Actor = actor, DecidedOn = date,
                ReplyDueOn = Date("dueOn", input.DueOn, "延迟答复的合理期限", "Later reply date"),
                Reasons = Text("reasons", input.Reasons, "确定合理期限的理由", "Reasons", 1000),
            },
            "reopen" => Challenge(input.Challenge, errors) is var (kind, filedOn) ? new ReopenAfterChallenge
            {
                RequestId = requestId, Actor = actor, ChallengeKind = kind, ChallengeFiledOn = filedOn,
                DecisionReceivedOn = Date("date", input.Date, "收到复议决定或判决之日", "Decision received on"),
                ReplyDueOn = OptionalDate("dueOn", input.DueOn, "决定确定的重新答复期限", "Reply date the decision set"),
                DecisionReference = Text("documentNumber", input.DocumentNumber, "复议决定书或判决书的文号及要求", "Decision reference", 500),
            } : null!,
            "fee-notice" => new IssueFeeNotice
            {
                RequestId = requestId, Actor = actor, ServedOn = date,
                Amount = input.Amount is > 0 and <= 1_000_000 ? input.Amount.Value : MissingAmount(errors),
                Basis = Text("basis", input.Basis, "收费依据", "Basis"),
            },
            "payment" => new RecordPayment { RequestId = requestId, Actor = actor, PaidOn = date },
            "reply" => new ServeReply
            {
                RequestId = requestId, Actor = actor, ServedOn = date, OnTheSpot = input.OnTheSpot,
                Outcome = input.Outcome is { } o && Enum.IsDefined((Outcome)o) ? (Outcome)o : MissingOutcome(errors),
                Reasons = Text("reasons", input.Reasons, "答复理由", "Reasons"),
                LegalBasis = Text("legalBasis", input.LegalBasis, "法律依据", "Legal basis", 1000),
            },
            "withdrawal" => new WithdrawRequest
            {
                RequestId = requestId, Actor = actor, WithdrawnOn = date,
                Reason = string.IsNullOrWhiteSpace(input.Reason) ? null : input.Reason.Trim(),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(action), action.Name, "Unknown action."),
        };
        return errors.Count == 0 ? (command, errors) : (null, errors);
    }

    private static List<string> Missing(string field, string zh, string en, List<FieldError> errors)
    {
        errors.Add(new FieldError(field, $"请填写「{zh}」（每行一项）。", $"{en} are required (one per line)."));
        return [];
    }

    private static List<Guid> Ids(string field, List<string>? values, string zh, string en, List<FieldError> errors)
    {
        var ids = new List<Guid>();
        foreach (var value in values ?? [])
        {
            if (Guid.TryParse(value, out var id))
                ids.Add(id);
            else
                errors.Add(new FieldError(field, $"「{zh}」无效。", $"{en} is not valid."));
        }
        return ids;
    }

    private static List<string> TooMany(string field, List<FieldError> errors)
    {
        errors.Add(new FieldError(field, "「其他部门同事」最多50人，每个用户名不超过100个字。", "At most 50 colleagues, user names of at most 100 characters."));
        return [];
    }

    private static Guid MissingId(List<FieldError> errors)
    {
        errors.Add(new FieldError("consultationId", "请选择「征求意见」。", "Choose the consultation."));
        return Guid.Empty;
    }

    private static int MissingDays(List<FieldError> errors)
    {
        errors.Add(new FieldError("days", "请填写「延长的工作日数」（1–20，第三十三条第二款）。", "Days (1–20, Art. 33 ¶2) are required."));
        return 0;
    }

    private static bool MissingApproval(List<FieldError> errors)
    {
        errors.Add(new FieldError("approved", "请选择「同意」或「不同意」。", "Choose approve or refuse."));
        return false;
    }

    private static decimal MissingAmount(List<FieldError> errors)
    {
        errors.Add(new FieldError("amount", "「收费金额」须为大于0的金额。", "Amount must be more than 0."));
        return 0;
    }

    /// <summary>A challenge named as <c>kind:filedOn</c> (the key of the challenges file: tracking number, kind, filed on).</summary>
    private static (Domain.Reporting.ChallengeKind Kind, LocalDate FiledOn) Challenge(string? value, List<FieldError> errors)
    {
        var parts = (value ?? "").Split(':', 2, StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && Persistence.Reporting.Challenges.ParseKind(parts[0]) is { } kind && LocalDatePattern.Iso.Parse(parts[1]) is { Success: true } filed)
            return (kind, filed.Value);
        errors.Add(new FieldError("challenge", "请选择结果为「纠正」的行政复议或行政诉讼。", "Choose the reconsideration or lawsuit whose result corrected the handling."));
        return (Domain.Reporting.ChallengeKind.Reconsideration, LocalDate.MinIsoValue);
    }

    private static Outcome MissingOutcome(List<FieldError> errors)
    {
        errors.Add(new FieldError("outcome", "请选择「答复类型」。", "Choose the outcome."));
        return default;
    }

    /// <summary>Sends any lifecycle command through the request client.</summary>
    /// <summary>The workflow's own rule for <paramref name="command"/> (<see cref="Rules"/>), asked before sending so that a
    /// refusal about one field is shown next to it with the input kept; the workflow still decides when it is sent.</summary>
    public static FieldError? FieldRefusal(IRequestCommand command, DisclosureRequestState state, LocalDate today) =>
        (command switch
        {
            RequestExtension c => Rules.ExtensionRequest(state, c, today),
            _ => null,
        }) is { Field: { } field } refusal ? new FieldError(field, refusal.Zh, refusal.En) : null;

    public static Task<CommandResult> SendAsync(RequestCommands commands, IRequestCommand command) => command switch
    {
        RegisterRequest c => commands.SendAsync(c),
        ConfirmReceipt c => commands.SendAsync(c),
        IssueCorrectionNotice c => commands.SendAsync(c),
        RecordCorrectedApplication c => commands.SendAsync(c),
        StartConsultation c => commands.SendAsync(c),
        RecordOpinion c => commands.SendAsync(c),
        RecordLetterServed c => commands.SendAsync(c),
        SendConsultationReminder c => commands.SendAsync(c),
        WithdrawConsultation c => commands.SendAsync(c),
        RecordPublicInterestOverride c => commands.SendAsync(c),
        RecordOverrideLetter c => commands.SendAsync(c),
        RequestExtension c => commands.SendAsync(c),
        DecideExtension c => commands.SendAsync(c),
        AskForReasons c => commands.SendAsync(c),
        SetReasonablePeriod c => commands.SendAsync(c),
        ReopenAfterChallenge c => commands.SendAsync(c),
        IssueFeeNotice c => commands.SendAsync(c),
        RecordPayment c => commands.SendAsync(c),
        ServeReply c => commands.SendAsync(c),
        WithdrawRequest c => commands.SendAsync(c),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a lifecycle command."),
    };

    public static string Iso(LocalDate date) => date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture);
}
