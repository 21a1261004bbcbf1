using CaseFlow.Contracts;
using CaseFlow.Domain.Deadlines;
using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Requests;
using NodaTime;

namespace CaseFlow.Workflows.DisclosureRequest;

/// <summary>Why a command is refused, for the person who gave it. A refused command changes nothing.</summary>
public sealed record Refusal(string Zh, string En)
{
    /// <summary>The form field the refusal concerns, where it concerns one (a page shows it next to that field).</summary>
    public string? Field { get; init; }
}

/// <summary>The procedure's rules as pure functions: each returns null when the command may proceed, or the refusal.
/// The state machine decides which commands a state accepts; these decide whether the command's facts are lawful.</summary>
public static class Rules
{
    private static Refusal Refuse(string zh, string en) => new(zh, en);

    public static Refusal? Register(RegisterRequest c, LocalDate today)
    {
        if (!Enum.TryParse<ApplicantType>(c.ApplicantType, out _))
            return Refuse($"申请人类型「{c.ApplicantType}」无效。", $"ApplicantType '{c.ApplicantType}' is not valid.");
        if (!Enum.TryParse<Channel>(c.Channel, out _))
            return Refuse($"申请渠道「{c.Channel}」无效。", $"Channel '{c.Channel}' is not valid.");
        if (string.IsNullOrWhiteSpace(c.ApplicantName) || string.IsNullOrWhiteSpace(c.ApplicantIdDocument) || string.IsNullOrWhiteSpace(c.ApplicantPhone))
            return Refuse("申请人的姓名或者名称、身份证明、联系方式均须填写（第二十九条）。", "Name, identity document and contact are required (Art. 29).");
        if (string.IsNullOrWhiteSpace(c.Description))
            return Refuse("须填写申请公开的政府信息的名称、文号或者特征性描述（第二十九条）。", "The description of the information is required (Art. 29).");
        return c.ReceivedOn is { } received ? Receipt(received, today) : null;
    }

    public static Refusal? Receipt(LocalDate receivedOn, LocalDate today)
    {
        if (receivedOn < StatutoryPeriods.RegulationsInForceOn)
            return Refuse("收到申请之日早于条例施行之日（2019年5月15日）。", "The receipt date is before 2019-05-15.");
        if (receivedOn > today)
            return Refuse("收到申请之日不能晚于今天。", "The receipt date cannot be in the future.");
        return null;
    }

    public static Refusal? CorrectionNotice(DisclosureRequestState r, IssueCorrectionNotice c, LocalDate today)
    {
        if (r.CorrectionNotice is not null || r.CorrectedOn is not null)
            return Refuse("补正告知只能一次性发出（第三十条），本申请已告知过补正。", "The correction notice is sent once only (Art. 30).");
        if (c.IssuedOn < r.ReceivedOn || c.IssuedOn > today)
            return Refuse("补正告知日期须在收到申请之日至今天之间。", "The notice date must lie between receipt and today.");
        if (c.IssuedOn > r.CorrectionNoticeDueOn)
            return Refuse($"已超过收到申请之日起7个工作日（{r.CorrectionNoticeDueOn:uuuu-MM-dd}），不能再要求补正（第三十条）。",
                $"The 7 working days for a correction notice ended on {r.CorrectionNoticeDueOn:uuuu-MM-dd} (Art. 30).");
        if (c.Items.Count == 0 || c.Items.Any(string.IsNullOrWhiteSpace))
            return Refuse("须说明需要补正的事项（第三十条）。", "List what must be corrected (Art. 30).");
        if (c.CorrectionPeriodEndsOn <= c.IssuedOn)
            return Refuse("补正期限须晚于告知日期（合理的补正期限，第三十条）。", "The correction period must end after the notice date (Art. 30).");
        return null;
    }

    public static Refusal? CorrectedApplication(DisclosureRequestState r, RecordCorrectedApplication c, LocalDate today)
    {
        var notice = r.CorrectionNotice!;
        if (c.CorrectedOn < notice.IssuedOn || c.CorrectedOn > today)
            return Refuse("收到补正申请之日须在补正告知之日至今天之间。", "The correction date must lie between the notice and today.");
        if (c.CorrectedOn > notice.PeriodEndsOn && string.IsNullOrWhiteSpace(c.GoodReasonForDelay))
            return Refuse($"补正期限已于{notice.PeriodEndsOn:uuuu-MM-dd}届满；逾期补正须记录正当理由（第三十条）。",
                $"The correction period ended on {notice.PeriodEndsOn:uuuu-MM-dd}; a late correction needs a good reason (Art. 30).");
        return null;
    }

    /// <summary>Third parties who refused disclosure with reasons (Art. 32: 第三方不同意公开且有合理理由的，行政机关不予公开).</summary>
    public static IReadOnlyList<string> RefusingThirdParties(DisclosureRequestState r) =>
        r.Consultations.Where(c => c.Kind == ConsultationKind.ThirdParty)
            .SelectMany(c => c.Opinions)
            .Where(o => o.Position == OpinionPosition.Disagree && !string.IsNullOrWhiteSpace(o.Reasoning))
            .Select(o => o.Participant)
            .Distinct()
            .ToList();

    /// <summary>Art. 32: a third party's refusal with reasons blocks disclosure unless the agency decides that withholding
    /// would gravely affect the public interest and has told the third party in writing. Partial disclosure (Art. 37),
    /// which leaves out what concerns the third party, is not blocked.</summary>
    public static Refusal? ThirdPartyRefusalBlocksDisclosure(DisclosureRequestState r, Outcome outcome)
    {
        if (outcome != Outcome.Disclosed || RefusingThirdParties(r) is not { Count: > 0 } refusing)
            return null;
        var who = string.Join("、", refusing);
        if (r.PublicInterestOverride is null)
            return Refuse($"第三方（{who}）不同意公开并说明了理由，不能予以公开；认为不公开可能对公共利益造成重大影响的，须先登记公共利益决定及理由（第三十二条）。",
                $"The third party ({who}) refused disclosure with reasons; record the public-interest override first (Art. 32).");
        if (r.PublicInterestOverride.LetterSentOn is null)
            return Refuse($"决定予以公开的，须将决定公开的政府信息内容和理由书面告知第三方（{who}）；请先登记告知书的发出日期和文号（第三十二条）。",
                $"Tell the third party ({who}) in writing what will be disclosed and why, and record the letter first (Art. 32).");
        return null;
    }

    public static Refusal? PublicInterestOverride(DisclosureRequestState r, RecordPublicInterestOverride c, LocalDate today)
    {
        if (RefusingThirdParties(r).Count == 0)
            return Refuse("没有第三方不同意公开，无须作出公共利益决定。", "No third party refused disclosure.");
        if (r.PublicInterestOverride is not null)
            return Refuse("已登记公共利益决定。", "The public-interest override is already recorded.");
        if (string.IsNullOrWhiteSpace(c.Reasons))
            return Refuse("须写明不公开可能对公共利益造成重大影响的理由（第三十二条）。", "State why withholding would gravely affect the public interest (Art. 32).");
        if (c.DecidedOn > today || c.DecidedOn < (r.CorrectedOn ?? r.ReceivedOn))
            return Refuse("决定日期须在答复期限起算日至今天之间。", "The decision date must lie between the clock start and today.");
        return null;
    }

    public static Refusal? OverrideLetter(DisclosureRequestState r, RecordOverrideLetter c, LocalDate today)
    {
        if (r.PublicInterestOverride is not { } decision)
            return Refuse("请先登记公共利益决定。", "Record the public-interest override first.");
        if (decision.LetterSentOn is not null)
            return Refuse("已登记告知第三方的书面通知。", "The letter to the third party is already recorded.");
        if (string.IsNullOrWhiteSpace(c.DocumentNumber))
            return Refuse("须填写告知书的文号。", "State the letter's document number.");
        if (c.SentOn > today || c.SentOn < decision.DecidedOn)
            return Refuse("告知书发出日期须在决定日期至今天之间。", "The letter is sent between the decision and today.");
        return null;
    }

    public static Refusal? ExtensionRequest(DisclosureRequestState r, RequestExtension c, LocalDate today)
    {
        if (r.Extension is not null)
            return Refuse("延长答复期限只能一次（第三十三条第二款），本申请已申请过延期。", "The reply period can be extended once only (Art. 33 ¶2).");
        if (c.Days is < 1 or > StatutoryPeriods.MaxExtensionWorkingDays)
            return Refuse("延长的期限须为1至20个工作日（第三十三条第二款）。", "An extension is 1 to 20 working days (Art. 33 ¶2).") with { Field = "days" };
        if (string.IsNullOrWhiteSpace(c.Reason))
            return Refuse("须说明延期理由。", "Give the reason for the extension.");
        if (c.RequestedOn > today)
            return Refuse("申请日期不能晚于今天。", "The request date cannot be in the future.") with { Field = "date" };
        if (c.RequestedOn > r.ReplyDueOn)
            return Refuse($"答复期限已于{r.ReplyDueOn:uuuu-MM-dd}届满，不能再延期（第三十三条第二款）。",
                $"The reply period ended on {r.ReplyDueOn:uuuu-MM-dd}; it can no longer be extended (Art. 33 ¶2).") with { Field = "date" };
        return null;
    }

    /// <remarks><b>Convention</b> (OGI-RULES §3): the extension is decided and notified before the current reply due date.</remarks>
    public static Refusal? ExtensionDecision(DisclosureRequestState r, DecideExtension c, LocalDate today)
    {
        if (c.DecidedOn > today || c.DecidedOn < r.Extension!.RequestedOn)
            return Refuse("审批日期须在申请日期至今天之间。", "The decision date must lie between the request and today.");
        if (c.DecidedOn > r.ReplyDueOn)
            return Refuse($"答复期限已于{r.ReplyDueOn:uuuu-MM-dd}届满，延期须在届满前决定并告知申请人。",
                $"The reply period ended on {r.ReplyDueOn:uuuu-MM-dd}; an extension must be decided before it ends.");
        if (c.Approved && (c.Days < 1 || c.Days > r.Extension.RequestedDays))
            return Refuse($"批准的延长期限须为1至{r.Extension.RequestedDays}个工作日。", $"Approve 1 to {r.Extension.RequestedDays} working days.");
        return null;
    }

    /// <summary>Art. 35: the applicant is asked once, while the reply period runs, with a reply window after the day asked.</summary>
    public static Refusal? ReasonsAsked(DisclosureRequestState r, AskForReasons c, LocalDate today)
    {
        if (r.ExcessiveInquiry is not null)
            return Refuse("已要求申请人说明理由（第三十五条）。", "The applicant was already asked for the reasons (Art. 35).");
        if (c.AskedOn < (r.CorrectedOn ?? r.ReceivedOn) || c.AskedOn > today)
            return Refuse("要求说明理由的日期须在答复期限起算日至今天之间。", "The date asked must lie between the clock start and today.");
        if (c.AskedOn > r.ReplyDueOn)
            return Refuse($"答复期限已于{r.ReplyDueOn:uuuu-MM-dd}届满。", $"The reply period ended on {r.ReplyDueOn:uuuu-MM-dd}.");
        if (c.ReplyWindowEndsOn <= c.AskedOn || c.ReplyWindowEndsOn > c.AskedOn.PlusDays(366))
            return Refuse("说明理由的期限须晚于要求之日，且不超过一年。", "The reply window must end after the day asked, within a year.");
        if (string.IsNullOrWhiteSpace(c.Grounds) || c.Grounds.Length > 1000)
            return Refuse("须写明申请的数量、频次明显超过合理范围的情况（不超过1000字，第三十五条）。",
                "State how the number or frequency of applications exceeds a reasonable range (at most 1000 characters, Art. 35).");
        return null;
    }

    /// <summary>Art. 35: a later reasonable reply date, set once, after the applicant was asked for the reasons and before
    /// the Art. 33 period ends, later than the due date in force and within a year of the decision, with its reasons.</summary>
    public static Refusal? ReasonablePeriod(DisclosureRequestState r, SetReasonablePeriod c, LocalDate today)
    {
        if (r.ExcessiveInquiry is not { } inquiry)
            return Refuse("须先要求申请人说明理由（第三十五条）。", "Ask the applicant for the reasons first (Art. 35).");
        if (inquiry.ReasonablePeriodEndsOn is not null)
            return Refuse("已确定延迟答复的合理期限。", "The later reply date was already set.");
        if (c.DecidedOn < inquiry.AskedOn || c.DecidedOn > today)
            return Refuse("决定日期须在要求说明理由之日至今天之间。", "The decision date must lie between the day asked and today.");
        if (c.DecidedOn > r.ReplyDueOn)
            return Refuse($"答复期限已于{r.ReplyDueOn:uuuu-MM-dd}届满，须在届满前确定延迟答复的合理期限并告知申请人（第三十五条）。",
                $"The reply period ended on {r.ReplyDueOn:uuuu-MM-dd}; the later date must be set before it ends (Art. 35).");
        if (c.ReplyDueOn <= r.ReplyDueOn || c.ReplyDueOn > c.DecidedOn.PlusDays(366))
            return Refuse($"延迟答复的合理期限须晚于现行答复期限（{r.ReplyDueOn:uuuu-MM-dd}），且不超过决定之日起一年。",
                $"The later reply date must be after the current due date ({r.ReplyDueOn:uuuu-MM-dd}) and within a year of the decision.");
        if (string.IsNullOrWhiteSpace(c.Reasons) || c.Reasons.Length > 1000)
            return Refuse("须写明申请理由合理但无法在法定期限内答复的原因（不超过1000字，第三十五条）。",
                "State why the reasons are reasonable but the reply cannot be made in time (at most 1000 characters, Art. 35).");
        return null;
    }

    /// <summary>重新答复 (issue 14): only a closed request, only on a reconsideration or lawsuit about it whose result
    /// corrected the handling (结果纠正), once per challenge; the decision received after it was made and after the request
    /// closed, by today; a reply date the decision set lies after that day, within a year.</summary>
    public static Refusal? Reopening(DisclosureRequestState r, ReopenAfterChallenge c, Domain.Reporting.Challenge? challenge, LocalDate today)
    {
        if (!r.IsClosed)
            return Refuse("申请尚未答复或终止，无须重新答复。", "The request is not closed; there is nothing to reply anew.");
        if (challenge is null)
            return Refuse("本申请没有这件行政复议或行政诉讼（类型、提起日期）；请先在报表页或以 caseflow challenges import 登记。",
                "No such reconsideration or lawsuit (kind, filed on) about this request; record it first.") with { Field = "challenge" };
        if (challenge.Result != Domain.Reporting.ChallengeResult.Corrected || challenge.DecidedOn is null)
            return Refuse("只有结果为「纠正」（如责令重新答复）的复议决定或判决才能使申请重新进入答复期限。",
                "Only a decision or judgment that corrected the handling (e.g. ordered a new reply) reopens the request.") with { Field = "challenge" };
        if (r.EarlierReplies.Any(e => e.ChallengeKind == c.ChallengeKind && e.ChallengeFiledOn == c.ChallengeFiledOn))
            return Refuse("这件复议或诉讼已使本申请重新答复过一次。", "This challenge already reopened the request once.") with { Field = "challenge" };
        if (c.DecisionReceivedOn < challenge.DecidedOn || c.DecisionReceivedOn < r.ClosedOn || c.DecisionReceivedOn > today)
            return Refuse($"收到复议决定或判决之日须在审结之日（{challenge.DecidedOn:uuuu-MM-dd}）、原答复之日（{r.ClosedOn:uuuu-MM-dd}）之后，且不晚于今天。",
                $"The decision is received on or after it was decided ({challenge.DecidedOn:uuuu-MM-dd}) and the request closed ({r.ClosedOn:uuuu-MM-dd}), by today.") with { Field = "date" };
        if (c.ReplyDueOn is { } due && (due <= c.DecisionReceivedOn || due > c.DecisionReceivedOn.PlusDays(366)))
            return Refuse("决定确定的重新答复期限须晚于收到决定之日，且不超过一年。",
                "The reply date the decision set must be after the day it was received, within a year.") with { Field = "dueOn" };
        if (string.IsNullOrWhiteSpace(c.DecisionReference) || c.DecisionReference.Length > 500)
            return Refuse("须填写复议决定书或判决书的文号及其要求（不超过500字）。",
                "Give the decision's or judgment's number and what it ordered (at most 500 characters).") with { Field = "documentNumber" };
        return null;
    }

    /// <summary>The challenges about <paramref name="r"/> that may reopen it now (<see cref="Reopening"/>): corrected, decided,
    /// not used yet. The request page offers the action only for these.</summary>
    public static IReadOnlyList<Domain.Reporting.Challenge> ReopeningChallenges(DisclosureRequestState r, IEnumerable<Domain.Reporting.Challenge> challenges) =>
        r.IsClosed
            ? challenges.Where(ch => ch is { Result: Domain.Reporting.ChallengeResult.Corrected, DecidedOn: not null }
                                     && !r.EarlierReplies.Any(e => e.ChallengeKind == ch.Kind && e.ChallengeFiledOn == ch.FiledOn)).ToList()
            : [];

    public static Refusal? Reassignment(DisclosureRequestState r, ReassignHandler c, LocalDate today)
    {
        if (string.IsNullOrWhiteSpace(c.Handler) || c.Handler.Trim().Length > 100)
            return Refuse("须指定新的承办人（不超过100个字）。", "Name the new handler (at most 100 characters).");
        if (c.Handler.Trim() == r.Handler)
            return Refuse("新的承办人与当前承办人相同。", "The new handler is the current handler.");
        return null;
    }

    public static Refusal? FeeNotice(DisclosureRequestState r, IssueFeeNotice c, LocalDate today)
    {
        if (r.Fee is not null)
            return Refuse("本申请已发出收费通知。", "A fee notice was already served.");
        if (c.Amount <= 0)
            return Refuse("收费金额须大于零（第四十二条）。", "The amount must be positive (Art. 42).");
        if (string.IsNullOrWhiteSpace(c.Basis))
            return Refuse("须说明收费依据、标准（国办函〔2020〕109号）。", "State the basis and standard of the fee.");
        if (c.ServedOn > today || c.ServedOn < (r.CorrectedOn ?? r.ReceivedOn))
            return Refuse("收费通知送达日期须在答复期限起算日至今天之间。", "The service date must lie between the clock start and today.");
        if (c.ServedOn > r.ReplyDueOn)
            return Refuse("收费通知须在答复期限内发出。", "The fee notice must be served within the reply period.");
        return null;
    }

    public static Refusal? Payment(DisclosureRequestState r, RecordPayment c, LocalDate today)
    {
        var fee = r.Fee!;
        if (c.PaidOn < fee.ServedOn || c.PaidOn > today)
            return Refuse("缴费日期须在收费通知送达之日至今天之间。", "The payment date must lie between service and today.");
        if (c.PaidOn > fee.PaymentDueOn)
            return Refuse($"缴费期限已于{fee.PaymentDueOn:uuuu-MM-dd}届满。", $"The payment window ended on {fee.PaymentDueOn:uuuu-MM-dd}.");
        return null;
    }

    /// <summary>Whether the request's facts allow a reply with <paramref name="outcome"/>: one rule for the reply letter
    /// (it cannot be issued otherwise) and for the reply itself. Art. 30 (still unclear only after a correction), Art. 32
    /// (a third party's refusal with reasons, unless overridden in the public interest and told in writing).</summary>
    public static Refusal? ReplyOutcome(DisclosureRequestState r, Outcome outcome)
    {
        if (!Enum.IsDefined(outcome))
            return Refuse("答复类型无效。", "Unknown outcome.");
        if (outcome is Outcome.OtherNotCorrected or Outcome.OtherFeeNotPaid)
            return Refuse("逾期不补正、逾期未缴费由系统在期限届满时记录，不能作为答复。", "Those outcomes are recorded by the system when a window closes.");
        if (outcome == Outcome.CannotProvideStillUnclear && r.CorrectedOn is null)
            return Refuse("「补正后申请内容仍不明确」只适用于已补正的申请（第三十条）。", "'Still unclear after correction' needs a correction (Art. 30).");
        if (outcome == Outcome.NotProcessedExcessive && r.ExcessiveInquiry is null)
            return Refuse("以「无正当理由大量反复申请」不予处理前，须先要求申请人说明理由（第三十五条）。",
                "Before refusing an excessive request, ask the applicant for the reasons (Art. 35).");
        return ThirdPartyRefusalBlocksDisclosure(r, outcome);
    }

    public static Refusal? ServeReply(DisclosureRequestState r, ServeReply c, LocalDate today)
    {
        if (ReplyOutcome(r, c.Outcome) is { } refused)
            return refused;
        if (c.ServedOn < r.ReceivedOn || c.ServedOn > today)
            return Refuse("答复送达日期须在收到申请之日至今天之间。", "The service date must lie between receipt and today.");
        if (c.OnTheSpot && c.ServedOn != r.ReceivedOn)
            return Refuse("当场答复须在收到申请当日作出（第三十三条第一款）。", "An on-the-spot reply is served on the day of receipt (Art. 33 ¶1).");
        if (string.IsNullOrWhiteSpace(c.LegalBasis))
            return Refuse("须写明答复的法律依据。", "State the legal basis.");
        if (c.Outcome.IsAdverse() && string.IsNullOrWhiteSpace(c.Reasons))
            return Refuse("不予公开、部分公开、无法提供、不予处理的答复须说明理由（第三十六条）。", "An adverse reply must give reasons (Art. 36).");
        return null;
    }

    /// <summary>The reply a served reply letter is: its outcome, its reasons, the article it rests on, the service date.</summary>
    public static ServeReply ReplyOf(DisclosureRequestState r, string actor, Outcome outcome, string? reasons, LocalDate servedOn, bool onTheSpot) => new()
    {
        RequestId = r.CorrelationId, Actor = actor, Outcome = outcome, Reasons = reasons?.Trim() ?? "",
        LegalBasis = $"《中华人民共和国政府信息公开条例》{outcome.Article()}", ServedOn = servedOn, OnTheSpot = onTheSpot,
    };

    /// <summary>Whether a letter may be issued now, and if it performs an act, whether the act is lawful: the correction
    /// notice (Art. 30), the extension notice only after the decision (Art. 33 ¶2), the notice of disclosure to a third
    /// party (Art. 32), a reply letter only for an outcome the facts allow (<see cref="ReplyOutcome"/>), an on-the-spot
    /// reply (Art. 33 ¶1). A replacement letter repeats no act.</summary>
    public static Refusal? Letter(DisclosureRequestState r, IssueLetter c, LocalDate today)
    {
        if (string.IsNullOrWhiteSpace(c.FormToken) || c.FormToken.Length > 100)
            return Refuse("表单标识无效，请重新打开文书页。", "The form token is missing or too long; reload the letters page.");
        if (c.IssuedOn > today)
            return Refuse("成文日期不能晚于今天。", "The letter cannot be dated in the future.");
        if (c.ReplacesLetterId is not null)
            return null;
        var open = !r.IsClosed;
        switch (c.Type)
        {
            case Domain.Correspondence.LetterType.CorrectionNotice:
                if (r.CurrentState != nameof(DisclosureRequestStateMachine.InProgress))
                    return Refusals.NotInThisState(r.CurrentState, nameof(IssueCorrectionNotice));
                return CorrectionNotice(r, CorrectionNoticeOf(r, c), today);
            // Art. 35: the 说明理由通知书 is the request for reasons; the 延迟答复告知书 sets the later reasonable date.
            case Domain.Correspondence.LetterType.ReasonsRequest:
                if (r.CurrentState != nameof(DisclosureRequestStateMachine.InProgress))
                    return Refusals.NotInThisState(r.CurrentState, nameof(AskForReasons));
                return ReasonsAsked(r, ReasonsRequestOf(r, c), today);
            case Domain.Correspondence.LetterType.ReasonablePeriodNotice:
                if (r.CurrentState != nameof(DisclosureRequestStateMachine.InProgress))
                    return Refusals.NotInThisState(r.CurrentState, nameof(SetReasonablePeriod));
                return ReasonablePeriod(r, ReasonablePeriodOf(r, c), today);
            case Domain.Correspondence.LetterType.ExtensionNotice:
                if (r.Extension is not { DecidedOn: not null, Approved: true })
                    return Refuse("延期答复告知书须在延期获批准后签发（第三十三条第二款）。", "The extension notice follows the approved extension (Art. 33 ¶2).");
                return null;
            case Domain.Correspondence.LetterType.OverrideNotice:
                return OverrideLetter(r, new RecordOverrideLetter { RequestId = r.CorrelationId, Actor = c.Actor, SentOn = c.IssuedOn, DocumentNumber = "—" }, today);
            case Domain.Correspondence.LetterType.FeeNotice:
                return open ? Fees.FeeNoticeFacts.Refuse(c.Facts) : Refuse("申请已办结，不能再发出收费通知。", "The request is closed; no fee notice can be sent.");
            case Domain.Correspondence.LetterType.Reply:
                if (c.Outcome is not { } outcome)
                    return Refuse("答复书须有答复类型。", "A reply letter needs its outcome.");
                if (!open)
                    return Refuse("申请已答复或已终止；更正已签发的答复书请选择「替换」。", "The request is closed; to correct a reply letter, replace it.");
                if (ReplyOutcome(r, outcome) is { } refused)
                    return refused;
                if (Referral(r, outcome, ReferralIn(c.Facts)) is { } notReferred)
                    return notReferred;
                if (c.ServedInPersonEvidence is not null)
                {
                    if (r.CurrentState != nameof(DisclosureRequestStateMachine.InProgress))
                        return Refusals.NotInThisState(r.CurrentState, nameof(ServeReply));
                    return ServeReply(r, ReplyOf(r, c.Actor, outcome, c.Reasons, c.IssuedOn, onTheSpot: true), today);
                }
                return outcome.IsAdverse() && string.IsNullOrWhiteSpace(c.Reasons)
                    ? Refuse("不予公开、部分公开、无法提供、不予处理的答复须说明理由（第三十六条）。", "An adverse reply must give reasons (Art. 36).")
                    : null;
            default:
                return null;
        }
    }

    /// <summary>The referral a reply letter asks for, from the letter's facts: the competent agency of the installation
    /// chosen (its code), the applicant's consent to forwarding, the competent agency as the letter names it.</summary>
    public static ReferralAsked? ReferralIn(string? factsJson) => ReferralIn(FactsOf(factsJson));

    /// <summary>A letter's facts (JSON of names and values); none when absent or not such an object.</summary>
    public static IReadOnlyDictionary<string, string> FactsOf(string? factsJson)
    {
        if (string.IsNullOrWhiteSpace(factsJson))
            return new Dictionary<string, string>();
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(factsJson) ?? new Dictionary<string, string>();
        }
        catch (System.Text.Json.JsonException)
        {
            return new Dictionary<string, string>();
        }
    }

    public static ReferralAsked? ReferralIn(IReadOnlyDictionary<string, string> facts)
    {
        static string? Value(IReadOnlyDictionary<string, string> f, string key) => f.GetValueOrDefault(key) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        var code = Value(facts, ReferralAsked.AgencyField);
        var named = Value(facts, ReferralAsked.NamedField);
        return code is null && named is null ? null : new ReferralAsked(code, Value(facts, ReferralAsked.ConsentField), named);
    }

    /// <summary>转送 (Art. 36(五)): only a reply that the information is not this agency's to disclose (402) names the
    /// competent agency; a copy is forwarded to an agency of the installation (never to this agency itself) only with the
    /// applicant's consent recorded (when and how the applicant agreed).</summary>
    public static Refusal? Referral(DisclosureRequestState r, Outcome outcome, ReferralAsked? referral)
    {
        if (referral?.AgencyCode is not { } code)
            return null;
        if (outcome != Outcome.CannotProvideNotThisAgency)
            return Refuse("只有「不属于本机关负责公开」的答复（第三十六条第（五）项）才能转送负责公开的机关。",
                "Only a reply that the information is another agency's to disclose (Art. 36(五)) can forward the request.");
        if (code == r.AgencyCode)
            return Refuse("负责公开的机关不能是本机关。", "The competent agency cannot be this agency.");
        if (string.IsNullOrWhiteSpace(referral.Consent) || referral.Consent.Length > 500)
            return Refuse("转送须记录申请人同意转送的时间和方式（不超过500字）。",
                "Record when and how the applicant consented to the forwarding (at most 500 characters).");
        return null;
    }

    /// <summary>The request for reasons a 说明理由通知书 is (Art. 35): asked on the letter's date, its window and grounds.</summary>
    public static AskForReasons ReasonsRequestOf(DisclosureRequestState r, IssueLetter c) => new()
    {
        RequestId = r.CorrelationId, Actor = c.Actor, AskedOn = c.IssuedOn, ReplyWindowEndsOn = c.ReasonsWindowEndsOn ?? c.IssuedOn,
        Grounds = c.Reasons ?? "",
    };

    /// <summary>The later reasonable reply date a 延迟答复告知书 sets (Art. 35): decided on the letter's date, with its reasons.</summary>
    public static SetReasonablePeriod ReasonablePeriodOf(DisclosureRequestState r, IssueLetter c) => new()
    {
        RequestId = r.CorrelationId, Actor = c.Actor, DecidedOn = c.IssuedOn, ReplyDueOn = c.ReasonableReplyDueOn ?? c.IssuedOn,
        Reasons = c.Reasons ?? "",
    };

    /// <summary>Art. 35: what asking for the reasons records on the request (by command or by letter).</summary>
    public static ExcessiveRequestInquiry InquiryOf(AskForReasons c, string? letterNumber = null) =>
        new(c.AskedOn, c.ReplyWindowEndsOn, c.Grounds.Trim(), c.Actor) { AskedByLetter = letterNumber };

    /// <summary>Art. 35: the inquiry with the later reasonable reply date set (by command or by letter).</summary>
    public static ExcessiveRequestInquiry WithReasonablePeriod(ExcessiveRequestInquiry inquiry, SetReasonablePeriod c, string? letterNumber = null) =>
        inquiry with
        {
            ReasonablePeriodEndsOn = c.ReplyDueOn, ReasonablePeriodDecidedOn = c.DecidedOn, ReasonablePeriodReasons = c.Reasons.Trim(),
            DecidedBy = c.Actor, ReasonablePeriodLetter = letterNumber,
        };

    public static IssueCorrectionNotice CorrectionNoticeOf(DisclosureRequestState r, IssueLetter c) => new()
    {
        RequestId = r.CorrelationId, Actor = c.Actor, IssuedOn = c.IssuedOn, Items = c.CorrectionItems,
        CorrectionPeriodEndsOn = c.CorrectionPeriodEndsOn ?? c.IssuedOn,
    };

    /// <summary>Whether the service of <paramref name="letter"/> may be recorded, and if its service is an act, whether the
    /// act is lawful now: the fee notice (Art. 42), the reply (Art. 36–39).</summary>
    public static Refusal? LetterService(DisclosureRequestState r, RecordLetterService c, LetterOnFile? letter, LocalDate today)
    {
        if (letter is null)
            return Refuse("文书不存在。", "No such letter.");
        if (!Persistence.Correspondence.Letters.ServiceMethods.Contains(c.Method))
            return Refuse("请选择送达方式。", "Choose how the letter was served.");
        if (c.ServedOn < letter.IssuedOn || c.ServedOn > today)
            return Refuse("送达日期不能早于成文日期，也不能晚于今天。", "The date of service cannot be before the letter was issued or after today.");
        if (string.IsNullOrWhiteSpace(c.Evidence) || c.Evidence.Length > 1000)
            return Refuse("请填写送达凭证（送达回证、邮件号、电子邮件或网上送达记录，不超过1000字）。", "Give the evidence of service (at most 1000 characters).");
        return ServiceAct(r, letter) switch
        {
            ServiceActs.FeeNotice when r.CurrentState != nameof(DisclosureRequestStateMachine.InProgress) =>
                Refusals.NotInThisState(r.CurrentState, nameof(IssueFeeNotice)),
            ServiceActs.FeeNotice => FeeNotice(r, FeeNoticeOf(r, c, letter), today),
            ServiceActs.Reply when r.CurrentState != nameof(DisclosureRequestStateMachine.InProgress) =>
                Refusals.NotInThisState(r.CurrentState, nameof(ServeReply)),
            ServiceActs.Reply => ServeReply(r, ReplyOf(r, c.Actor, letter.Outcome!.Value, letter.Reasons, c.ServedOn, onTheSpot: false), today),
            _ => null,
        };
    }

    /// <summary>What the service of a letter does to the request: the first service of the fee notice is the fee notice of
    /// the request; the service of the reply letter while the request is open is the reply; any other service is recorded
    /// only.</summary>
    public static ServiceActs ServiceAct(DisclosureRequestState r, LetterOnFile letter) => letter.Type switch
    {
        Domain.Correspondence.LetterType.FeeNotice when r.Fee is null && !r.IsClosed => ServiceActs.FeeNotice,
        Domain.Correspondence.LetterType.Reply when !r.IsClosed && letter.Outcome is not null => ServiceActs.Reply,
        _ => ServiceActs.None,
    };

    public static IssueFeeNotice FeeNoticeOf(DisclosureRequestState r, RecordLetterService c, LetterOnFile letter) => new()
    {
        RequestId = r.CorrelationId, Actor = c.Actor, ServedOn = c.ServedOn, Amount = letter.FeeAmount ?? 0, Basis = letter.FeeBasis ?? "",
    };

    public static Refusal? Withdrawal(DisclosureRequestState r, WithdrawRequest c, LocalDate today)
    {
        if (c.WithdrawnOn > today || c.WithdrawnOn < r.RegisteredAt.InZone(ChinaTime.Zone).Date.PlusDays(-366))
            return Refuse("撤回日期无效。", "The withdrawal date is not valid.");
        return null;
    }
}

/// <summary>转送 (Art. 36(五)) as a reply letter asks for it: <see cref="AgencyCode"/> an agency of the installation the copy
/// is forwarded to, <see cref="Consent"/> the applicant's consent, <see cref="Named"/> the competent agency as the letter
/// names it (also an agency outside the installation, which is named only).</summary>
public sealed record ReferralAsked(string? AgencyCode, string? Consent, string? Named)
{
    public const string AgencyField = "input_referral_agency";
    public const string ConsentField = "input_referral_consent";
    public const string NamedField = "input_competent_agency";
}

/// <summary>What the service of a letter does to the request.</summary>
public enum ServiceActs { None, FeeNotice, Reply }

/// <summary>An issued letter as the request's rules need it.</summary>
public sealed record LetterOnFile(string Id, Domain.Correspondence.LetterType Type, Outcome? Outcome, LocalDate IssuedOn, string DocumentNumber,
    string Addressee, string? Reasons, decimal? FeeAmount, string? FeeBasis, Guid? ConsultationId)
{
    /// <summary>A reply 402: the competent agency it names and the copy to forward (Art. 36(五)).</summary>
    public ReferralAsked? Referral { get; init; }
}

/// <summary>China Standard Time, the zone of every statutory date.</summary>
public static class ChinaTime
{
    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static LocalDate Today(IClock clock) => clock.GetCurrentInstant().InZone(Zone).Date;

    /// <summary>The first moment of a date in China.</summary>
    public static Instant StartOf(LocalDate date) => date.AtStartOfDayInZone(Zone).ToInstant();
}
