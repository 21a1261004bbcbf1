using CaseFlow.Contracts;
using CaseFlow.Domain.Deadlines;
using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Requests;
using NodaTime;

namespace CaseFlow.Workflows.DisclosureRequest;

/// <summary>Why a command is refused, for the person who gave it. A refused command changes nothing.</summary>
public sealed record Refusal(string Zh, string En);

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
            return Refuse("延长的期限须为1至20个工作日（第三十三条第二款）。", "An extension is 1 to 20 working days (Art. 33 ¶2).");
        if (string.IsNullOrWhiteSpace(c.Reason))
            return Refuse("须说明延期理由。", "Give the reason for the extension.");
        if (c.RequestedOn > today)
            return Refuse("申请日期不能晚于今天。", "The request date cannot be in the future.");
        if (c.RequestedOn > r.ReplyDueOn)
            return Refuse($"答复期限已于{r.ReplyDueOn:uuuu-MM-dd}届满，不能再延期（第三十三条第二款）。",
                $"The reply period ended on {r.ReplyDueOn:uuuu-MM-dd}; it can no longer be extended (Art. 33 ¶2).");
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

    public static Refusal? ServeReply(DisclosureRequestState r, ServeReply c, LocalDate today)
    {
        if (!Enum.IsDefined(c.Outcome))
            return Refuse("答复类型无效。", "Unknown outcome.");
        if (c.Outcome is Outcome.OtherNotCorrected or Outcome.OtherFeeNotPaid)
            return Refuse("逾期不补正、逾期未缴费由系统在期限届满时记录，不能作为答复。", "Those outcomes are recorded by the system when a window closes.");
        if (c.Outcome == Outcome.CannotProvideStillUnclear && r.CorrectedOn is null)
            return Refuse("「补正后申请内容仍不明确」只适用于已补正的申请（第三十条）。", "'Still unclear after correction' needs a correction (Art. 30).");
        if (c.ServedOn < r.ReceivedOn || c.ServedOn > today)
            return Refuse("答复送达日期须在收到申请之日至今天之间。", "The service date must lie between receipt and today.");
        if (c.OnTheSpot && c.ServedOn != r.ReceivedOn)
            return Refuse("当场答复须在收到申请当日作出（第三十三条第一款）。", "An on-the-spot reply is served on the day of receipt (Art. 33 ¶1).");
        if (string.IsNullOrWhiteSpace(c.LegalBasis))
            return Refuse("须写明答复的法律依据。", "State the legal basis.");
        if (c.Outcome.IsAdverse() && string.IsNullOrWhiteSpace(c.Reasons))
            return Refuse("不予公开、部分公开、无法提供、不予处理的答复须说明理由（第三十六条）。", "An adverse reply must give reasons (Art. 36).");
        return ThirdPartyRefusalBlocksDisclosure(r, c.Outcome);
    }

    public static Refusal? Withdrawal(DisclosureRequestState r, WithdrawRequest c, LocalDate today)
    {
        if (c.WithdrawnOn > today || c.WithdrawnOn < r.RegisteredAt.InZone(ChinaTime.Zone).Date.PlusDays(-366))
            return Refuse("撤回日期无效。", "The withdrawal date is not valid.");
        return null;
    }
}

/// <summary>China Standard Time, the zone of every statutory date.</summary>
public static class ChinaTime
{
    public static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Asia/Shanghai"];

    public static LocalDate Today(IClock clock) => clock.GetCurrentInstant().InZone(Zone).Date;

    /// <summary>The first moment of a date in China.</summary>
    public static Instant StartOf(LocalDate date) => date.AtStartOfDayInZone(Zone).ToInstant();
}
