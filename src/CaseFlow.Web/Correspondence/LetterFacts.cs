using System.Globalization;
using CaseFlow.Domain.Correspondence;
using CaseFlow.Domain.Deadlines;
using CaseFlow.Domain.Replies;
using CaseFlow.Persistence.Correspondence;
using CaseFlow.Workflows.DisclosureRequest;
using NodaTime;

namespace CaseFlow.Web.Correspondence;

/// <summary>The values a letter template is filled with: facts taken from the request (never typed again) and the
/// fields the caseworker writes (<c>input_…</c>).</summary>
public static class LetterFacts
{
    /// <summary>What each variable is, for the form and for the message naming a missing one.</summary>
    public static readonly IReadOnlyDictionary<string, (string Zh, string En)> Labels = new Dictionary<string, (string, string)>
    {
        ["agency_name"] = ("机关名称", "agency name"),
        ["document_number"] = ("文号", "document number"),
        ["issued_on"] = ("成文日期", "date of the letter"),
        ["applicant_name"] = ("申请人姓名或名称", "applicant"),
        ["tracking_number"] = ("申请编号", "tracking number"),
        ["received_on"] = ("收到申请之日（请先确认收到申请之日）", "receipt date (confirm the receipt first)"),
        ["description"] = ("申请公开的政府信息", "information requested"),
        ["form_of_provision"] = ("提供形式", "form of provision"),
        ["reply_due_on"] = ("答复期限届满日", "reply due date"),
        ["correction_items"] = ("补正事项", "items to correct"),
        ["correction_period_ends_on"] = ("补正期限", "correction period"),
        ["input_correction_items"] = ("需要补正的事项（每行一项）", "items to correct (one per line)"),
        ["input_correction_period_ends_on"] = ("补正期限（YYYY-MM-DD）", "end of the correction period (YYYY-MM-DD)"),
        ["correction_issued_on"] = ("补正告知日期（本答复类型须先有补正告知）", "date of the correction notice"),
        ["corrected_on"] = ("收到补正申请之日（本答复类型须先收到补正申请）", "date the corrected application was received"),
        ["extension_reason"] = ("延期理由（请先在申请页办理并批准延期）", "reason for the extension (record the approved extension first)"),
        ["extension_days"] = ("延长的工作日数（请先批准延期）", "working days of the extension"),
        ["consultation_addressee"] = ("征求意见对象（请先在申请页发起对第三方或其他机关的征求意见）", "addressee (start a third-party or other-agency consultation first)"),
        ["consultation_kind"] = ("征求意见类型", "kind of consultation"),
        ["consultation_question"] = ("征求意见事项", "question"),
        ["override_addressees"] = ("不同意公开的第三方（须先有第三方说明理由不同意公开）", "the third parties who refused (a third party must have refused with reasons)"),
        ["override_decided_on"] = ("公共利益决定日期（请先在申请页登记公共利益决定）", "date of the public-interest override (record it on the request page first)"),
        ["override_reasons"] = ("决定公开的理由（请先在申请页登记公共利益决定）", "reasons for disclosing (record the public-interest override first)"),
        ["input_disclosed_content"] = ("决定公开的政府信息内容", "the information to be disclosed"),
        ["input_reasons"] = ("理由", "reasons"),
        ["input_where"] = ("获取方式、途径", "where and how to obtain it"),
        ["input_how"] = ("提供方式、途径和时间", "how and when it is provided"),
        ["input_competent_agency"] = ("负责公开的行政机关名称、联系方式", "the competent agency and its contact"),
        ["input_other_channel"] = ("相应渠道", "the proper channel"),
        ["input_prior_reply"] = ("已作出的答复（日期、文号）", "the earlier reply (date, number)"),
        ["input_reconsideration_body"] = ("行政复议机关", "reconsideration body"),
        ["input_court"] = ("管辖的人民法院", "competent court"),
        ["input_fee_method"] = ("收费方式：按件 或 按量（国办函〔2020〕109号）", "method: per-application or per-volume (Guobanhan [2020] No. 109)"),
        ["input_fee_pages"] = ("按量计收：提供信息的页数", "per volume: pages provided"),
        ["input_fee_amount"] = ("金额（元；留空按收费标准计算，可以减收，不得多收）", "amount (yuan; blank = the tier amount; may be lowered, never raised)"),
        ["input_fee_reduction_reason"] = ("减收理由（金额低于收费标准时必填）", "reason for lowering the amount (required when below the tier)"),
        ["fee_computation"] = ("收费依据和标准（请先填写收费方式）", "the tier computation (give the method first)"),
        ["fee_charge"] = ("收费金额（须符合收费标准）", "the amount charged (within the tier)"),
        ["input_payment_method"] = ("缴费方式", "how to pay"),
        ["input_reasons_window_ends_on"] = ("申请人说明理由的期限（YYYY-MM-DD，第三十五条）", "the applicant's window to give the reasons (YYYY-MM-DD, Art. 35)"),
        ["reasons_window_ends_on"] = ("申请人说明理由的期限", "the applicant's window to give the reasons"),
        ["input_reasonable_reply_due_on"] = ("延迟答复的合理期限（YYYY-MM-DD，第三十五条）", "the later reasonable reply date (YYYY-MM-DD, Art. 35)"),
        ["reasonable_reply_due_on"] = ("延迟答复的合理期限", "the later reasonable reply date"),
        ["reasons_asked_on"] = ("要求说明理由的日期（请先发出说明理由通知书）", "the day the reasons were asked (issue the request for reasons first)"),
        ["input_referral_agency"] = ("转送至本平台的负责机关（不在本平台的只在答复中告知，不转送）", "forward to the competent agency on this platform (one outside is named in the reply only)"),
        ["input_referral_consent"] = ("申请人同意转送的时间和方式（第三十六条第（五）项）", "when and how the applicant consented to the forwarding (Art. 36(五))"),
    };

    /// <summary>The fields of the act a letter is, asked on the letters page besides the template's own fields: the correction
    /// notice letter is the correction notice, so its items and period are written there (Art. 30).</summary>
    public static IReadOnlyList<string> ActInputs(LetterType type, Outcome? outcome = null) => type switch
    {
        LetterType.CorrectionNotice => ["input_correction_items", "input_correction_period_ends_on"],
        // Art. 35: the request for reasons carries its reply window; the notice of the later date carries that date.
        LetterType.ReasonsRequest => [ReasonsWindowField],
        LetterType.ReasonablePeriodNotice => [ReasonableDueField],
        // 国办函〔2020〕109号: the method and the pages give the tier; a lower amount needs its reason.
        LetterType.FeeNotice => ["input_fee_method", "input_fee_pages", "input_fee_reduction_reason"],
        // Art. 36(五): the reply 402 served forwards a copy to the competent agency of the platform, with consent.
        LetterType.Reply when outcome == Outcome.CannotProvideNotThisAgency => [ReferralAsked.AgencyField, ReferralAsked.ConsentField],
        _ => [],
    };

    public const string ReasonsWindowField = "input_reasons_window_ends_on";
    public const string ReasonableDueField = "input_reasonable_reply_due_on";

    /// <summary>The letter's own field a derived fact is written from (the error of a missing fact stands next to it).</summary>
    public static string InputOf(LetterType type, string missing) => (type, missing) switch
    {
        (LetterType.CorrectionNotice, "correction_items" or "correction_period_ends_on") => $"input_{missing}",
        (LetterType.ReasonsRequest, "reasons_window_ends_on") => ReasonsWindowField,
        (LetterType.ReasonablePeriodNotice, "reasonable_reply_due_on") => ReasonableDueField,
        _ => missing,
    };

    private static LocalDate? IsoDate(string? text) =>
        NodaTime.Text.LocalDatePattern.Iso.Parse(text?.Trim() ?? "") is { Success: true } parsed ? parsed.Value : null;

    /// <summary>The items to correct, one per line, without the numbers a caseworker may have typed.</summary>
    public static IReadOnlyList<string> CorrectionItems(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"^\d+[.、．)）]\s*", ""))
            .Where(l => l.Length > 0).ToList();

    public static string LabelZh(string variable) => Labels.TryGetValue(variable, out var l) ? l.Zh : variable;

    public static string LabelEn(string variable) => Labels.TryGetValue(variable, out var l) ? l.En : variable;

    /// <summary>An external consultation's letter goes to one participant: <c>{consultationId}:{participant index}</c>.</summary>
    public static IEnumerable<(string Key, Consultation Consultation, string Participant)> ConsultationAddressees(DisclosureRequestState state) =>
        state.Consultations.Where(c => c.IsExternal)
            .SelectMany(c => c.Participants.Select((p, i) => ($"{c.Id}:{i}", c, p)));

    /// <summary>The facts of the request for a letter of <paramref name="type"/>; a fact the request does not (yet) have is
    /// left out, so the template reports it missing.</summary>
    public static Dictionary<string, string> From(DisclosureRequestState state, string agencyName, LetterType type, string? consultationKey,
        LocalDate issuedOn, IReadOnlyDictionary<string, string> inputs)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["agency_name"] = agencyName,
            ["document_number"] = Letters.NumberPlaceholder,
            ["issued_on"] = ChineseDates.Plain(issuedOn),
            ["applicant_name"] = state.Applicant.Name,
            ["tracking_number"] = state.TrackingNumber,
            ["description"] = state.Description.Trim().TrimEnd('。', '.', '；', ';'),
            ["form_of_provision"] = state.FormOfProvision switch
            {
                "Paper" => "纸质",
                "Electronic" => "电子数据",
                "Inspection" => "查阅、抄录",
                var other => other,
            },
        };
        if (state.ReceivedOn is { } received)
            values["received_on"] = ChineseDates.Plain(received);
        if (state.ReplyDueOn is { } due)
            values["reply_due_on"] = ChineseDates.Plain(due);
        // The correction notice letter is the correction notice (Art. 30): before it is issued its items and period come
        // from the letter's own fields; once issued, from the notice the request records.
        if (type == LetterType.CorrectionNotice && state.CorrectionNotice is null)
        {
            if (CorrectionItems(inputs.GetValueOrDefault("input_correction_items")) is { Count: > 0 } items)
                values["correction_items"] = string.Join("\n", items.Select((item, i) => $"{i + 1}. {item}"));
            if (NodaTime.Text.LocalDatePattern.Iso.Parse(inputs.GetValueOrDefault("input_correction_period_ends_on")?.Trim() ?? "") is { Success: true } period)
                values["correction_period_ends_on"] = ChineseDates.Plain(period.Value);
        }
        if (state.CorrectionNotice is { } notice)
        {
            values["correction_items"] = string.Join("\n", notice.Items.Select((item, i) => $"{i + 1}. {item}"));
            values["correction_period_ends_on"] = ChineseDates.Plain(notice.PeriodEndsOn);
            values["correction_issued_on"] = ChineseDates.Plain(notice.IssuedOn);
        }
        // Art. 35: the request for reasons and the later date: from the letter's own fields before they are recorded, from
        // the request once recorded.
        if (state.ExcessiveInquiry is { } inquiry)
        {
            values["reasons_asked_on"] = ChineseDates.Plain(inquiry.AskedOn);
            values["reasons_window_ends_on"] = ChineseDates.Plain(inquiry.ReplyWindowEndsOn);
            if (inquiry.ReasonablePeriodEndsOn is { } later)
                values["reasonable_reply_due_on"] = ChineseDates.Plain(later);
        }
        if (type == LetterType.ReasonsRequest && state.ExcessiveInquiry is null && IsoDate(inputs.GetValueOrDefault(ReasonsWindowField)) is { } window)
            values["reasons_window_ends_on"] = ChineseDates.Plain(window);
        if (type == LetterType.ReasonablePeriodNotice && state.ExcessiveInquiry is { ReasonablePeriodEndsOn: null }
            && IsoDate(inputs.GetValueOrDefault(ReasonableDueField)) is { } laterOn)
            values["reasonable_reply_due_on"] = ChineseDates.Plain(laterOn);
        if (state.CorrectedOn is { } corrected)
            values["corrected_on"] = ChineseDates.Plain(corrected);
        if (state.Extension is { Approved: true } extension)
        {
            values["extension_reason"] = extension.Reason.TrimEnd('。', '.');
            values["extension_days"] = extension.ApprovedDays.ToString(CultureInfo.InvariantCulture);
        }
        if (type == LetterType.ConsultationLetter
            && ConsultationAddressees(state).FirstOrDefault(a => a.Key == consultationKey) is { Consultation: not null } chosen)
        {
            values["consultation_addressee"] = chosen.Participant;
            values["consultation_kind"] = chosen.Consultation.Kind.ToString();
            values["consultation_question"] = chosen.Consultation.Question;
            values["consultation_id"] = chosen.Consultation.Id.ToString();
        }
        // Art. 32: the notice goes to every third party who refused with reasons, once the override is recorded.
        if (type == LetterType.OverrideNotice)
        {
            if (Rules.RefusingThirdParties(state) is { Count: > 0 } refusing)
                values["override_addressees"] = string.Join("、", refusing);
            if (state.PublicInterestOverride is { } decision)
            {
                values["override_decided_on"] = ChineseDates.Plain(decision.DecidedOn);
                values["override_reasons"] = decision.Reasons.Trim().TrimEnd('。', '.');
            }
        }
        foreach (var (name, value) in inputs)
            if (name.StartsWith("input_", StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(value))
                values[name] = value.Trim();
        foreach (var name in values.Keys.ToList())
            values[name] = LetterFormat.Neutralise(values[name]);
        return values;
    }

    /// <summary>The caseworker's fields pre-filled from what the request already records (the reply's reasons).</summary>
    public static Dictionary<string, string> Defaults(DisclosureRequestState state, LetterType type, Outcome? outcome)
    {
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (type == LetterType.Reply && state.Reply is { } reply && reply.Outcome == outcome && !string.IsNullOrWhiteSpace(reply.Reasons))
            inputs["input_reasons"] = reply.Reasons;
        if (type == LetterType.FeeNotice && state.Fee is { } fee)
        {
            inputs["input_fee_amount"] = fee.Amount.ToString("0.##", CultureInfo.InvariantCulture);
        }
        if (type == LetterType.OverrideNotice)
            inputs["input_disclosed_content"] = state.Description.Trim().TrimEnd('。', '.', '；', ';');
        return inputs;
    }
}
