using NodaTime;

namespace CaseFlow.Domain.Deadlines;

/// <summary>How pressing a next step is, on the statutory clock.</summary>
public enum NextStepUrgency
{
    /// <summary>No date of ours runs (someone else acts: the applicant, a third party, the reviewer).</summary>
    Waiting = 1,
    Normal = 2,
    /// <summary>Due within the warning lead (working days, on the agency's calendar).</summary>
    DueSoon = 3,
    /// <summary>The due date has passed.</summary>
    Overdue = 4,
}

/// <summary>The facts a next step is decided from: all of them as the workflow stored them (due dates computed by the
/// statutory clock and kept on the request, guards' conditions), never recomputed here. A list row that lacks a fact
/// leaves it null and gets the step its facts support.</summary>
public sealed record NextStepFacts
{
    public required RequestStage Stage { get; init; }
    /// <summary>What <see cref="ReplyClockStatus.Decide"/> stored: clock running, its reply due date, overdue.</summary>
    public bool ClockRunning { get; init; }
    public LocalDate? ReplyDueOn { get; init; }
    public bool Overdue { get; init; }
    /// <summary>补正告知期限 (Art. 30: within 7 working days of receipt), as stored.</summary>
    public LocalDate? CorrectionNoticeDueOn { get; init; }
    /// <summary>A correction notice was already issued (it may be issued once, Art. 30).</summary>
    public bool CorrectionNoticeIssued { get; init; }
    /// <summary>The corrected application was received (Art. 30).</summary>
    public bool Corrected { get; init; }
    /// <summary>补正期限 of the notice in force.</summary>
    public LocalDate? CorrectionPeriodEndsOn { get; init; }
    /// <summary>The earliest open external consultation: its kind (true = third party, Art. 32; false = other agency,
    /// Art. 34) and its opinion window (null until the letter's service is recorded).</summary>
    public bool? ConsultingThirdParty { get; init; }
    public LocalDate? ConsultationWindowDueOn { get; init; }
    /// <summary>缴费期限 of the fee notice served and not paid (Art. 42).</summary>
    public LocalDate? FeePaymentDueOn { get; init; }
    /// <summary>A reply letter waits in review or for signature (审核/签发).</summary>
    public bool ReplyDraftInReview { get; init; }
    /// <summary>Art. 35: the window the agency set for the applicant's reasons ran out (the timer recorded it) and neither a
    /// reply nor a later reasonable reply date was decided yet.</summary>
    public LocalDate? ReasonsWindowEndedOn { get; init; }
}

/// <summary>What the law requires next on a request, and by when.</summary>
/// <param name="Zh">The sentence in Chinese, due date and article included.</param>
/// <param name="En">The same in English.</param>
/// <param name="Short">The workbench's short form, Chinese.</param>
/// <param name="ShortEn">The short form, English.</param>
/// <param name="DueOn">The statutory date (null when no date of ours runs).</param>
/// <param name="Article">The article cited, Chinese (e.g. 第三十条).</param>
/// <param name="ActionKey">What does it: <c>letter:reply</c>, <c>letter:correction-notice</c>, <c>confirm-receipt</c>,
/// <c>record-correction</c>, <c>decide-extension</c>, <c>record-payment</c>, <c>record-opinion</c>,
/// <c>record-consultation-service</c>, <c>review</c>.</param>
/// <param name="Urgency">Overdue, due within the warning lead, normal, or waiting on someone else.</param>
/// <param name="WorkingDaysLeft">Working days from today to <see cref="DueOn"/> on the statutory clock (negative when past).</param>
public sealed record NextStep(
    string Zh, string En, string Short, string ShortEn, LocalDate? DueOn, string Article, string ActionKey,
    NextStepUrgency Urgency, int? WorkingDaysLeft)
{
    /// <summary>The main next step, and a step to take only if needed (the correction notice while its window is
    /// open). Null for a closed request.</summary>
    public static (NextStep Main, NextStep? IfNeeded)? Decide(NextStepFacts facts, LocalDate today, StatutoryClock clock, int warningLeadWorkingDays = 5)
    {
        NextStep Make(string zh, string en, string shortZh, string shortEn, LocalDate? due, string article, string action, bool waiting = false)
        {
            int? left = due is { } d ? clock.WorkingDaysLeft(today, d) : null;
            var urgency = due is null ? NextStepUrgency.Waiting
                : due.Value < today ? NextStepUrgency.Overdue
                : waiting ? NextStepUrgency.Waiting
                : left <= warningLeadWorkingDays ? NextStepUrgency.DueSoon
                : NextStepUrgency.Normal;
            return new NextStep(zh, en, shortZh, shortEn, due, article, action, urgency, left);
        }
        static string Zh(LocalDate d) => ChineseDates.Plain(d);
        static string En(LocalDate d) => d.ToString("uuuu-MM-dd", null);

        switch (facts.Stage)
        {
            case RequestStage.Replied or RequestStage.Closed:
                return null;
            case RequestStage.Registered:
                // Art. 31: the reply period counts from the day the application is received; it is confirmed first.
                return (Make("确认收到申请之日：答复期限自收到申请之日起计算（第三十一条）",
                    "Confirm the day the application was received: the reply period counts from it (Art. 31)",
                    "确认收到申请之日", "confirm receipt", null, "第三十一条", "confirm-receipt"), null);
            case RequestStage.AwaitingCorrection:
                // Art. 30: the applicant corrects within the period; not corrected without good reason = abandoned.
                if (facts.CorrectionPeriodEndsOn is { } ends && ends < today)
                    return (Make($"补正期限已于{Zh(ends)}届满：申请人无正当理由逾期不补正的，视为放弃申请（第三十条）；收到补正的，登记补正后的申请",
                        $"The correction period ended on {En(ends)}: without good reason a late correction means the application is abandoned (Art. 30); record a correction if it arrived",
                        $"补正期限已届满 {Zh(ends)}", $"correction period ended {En(ends)}", ends, "第三十条", "record-correction"), null);
                return (Make(facts.CorrectionPeriodEndsOn is { } by
                        ? $"等待申请人补正，补正期限至{Zh(by)}；收到补正的申请后登记，答复期限自收到之日起重新计算（第三十条）"
                        : "等待申请人补正；收到补正的申请后登记，答复期限自收到之日起重新计算（第三十条）",
                    facts.CorrectionPeriodEndsOn is { } byEn
                        ? $"Waiting for the applicant's correction, due by {En(byEn)}; record it when it arrives: the reply period restarts from then (Art. 30)"
                        : "Waiting for the applicant's correction; record it when it arrives: the reply period restarts from then (Art. 30)",
                    facts.CorrectionPeriodEndsOn is { } s1 ? $"待补正，至{Zh(s1)}" : "待补正",
                    facts.CorrectionPeriodEndsOn is { } s2 ? $"awaiting correction by {En(s2)}" : "awaiting correction",
                    facts.CorrectionPeriodEndsOn, "第三十条", "record-correction", waiting: true), null);
            case RequestStage.AwaitingExtensionDecision:
                // Art. 33 ¶2: an extension is approved by the head of the OGI office before the reply due date.
                return (Make(facts.ReplyDueOn is { } ext
                        ? $"延长答复期限须于{Zh(ext)}前经政府信息公开工作机构负责人同意（第三十三条第二款）"
                        : "延长答复期限须经政府信息公开工作机构负责人同意（第三十三条第二款）",
                    facts.ReplyDueOn is { } extEn
                        ? $"The extension must be approved by the head of the OGI office before {En(extEn)} (Art. 33 ¶2)"
                        : "The extension must be approved by the head of the OGI office (Art. 33 ¶2)",
                    "待审批延期", "extension to decide", facts.ReplyDueOn, "第三十三条第二款", "decide-extension"), null);
            case RequestStage.AwaitingFeePayment:
                // Art. 42; 国办函〔2020〕109号: the applicant pays within the window; the span does not count.
                return (Make(facts.FeePaymentDueOn is { } pay
                        ? $"等待申请人缴费，缴费期限至{Zh(pay)}；缴费后登记，答复期限恢复计算（第四十二条）"
                        : "等待申请人缴费；缴费后登记，答复期限恢复计算（第四十二条）",
                    facts.FeePaymentDueOn is { } payEn
                        ? $"Waiting for the fee, due by {En(payEn)}; record the payment and the reply clock runs again (Art. 42)"
                        : "Waiting for the fee; record the payment and the reply clock runs again (Art. 42)",
                    facts.FeePaymentDueOn is { } p1 ? $"待缴费，至{Zh(p1)}" : "待缴费",
                    facts.FeePaymentDueOn is { } p2 ? $"fee due {En(p2)}" : "awaiting fee",
                    facts.FeePaymentDueOn, "第四十二条", "record-payment", waiting: true), null);
            case RequestStage.Consulting:
            {
                // Art. 32 (third party: silence → the agency decides), Art. 34 (other agency: silence → consent);
                // the window is 15 working days from the letter's service, as stored with the consultation.
                var third = facts.ConsultingThirdParty != false;
                var article = third ? "第三十二条" : "第三十四条";
                var articleEn = third ? "Art. 32" : "Art. 34";
                if (facts.ConsultationWindowDueOn is not { } window)
                    return (Make($"登记征求意见书送达之日：意见期限自送达之日起计算15个工作日（{article}）",
                        $"Record the day the consultation letter was served: the opinion window runs 15 working days from it ({articleEn})",
                        "待登记征求意见书送达", "consultation letter service to record", null, article, "record-consultation-service"), null);
                if (window < today)
                    return (Make($"征求意见期限已于{Zh(window)}届满：" + (third ? "第三方逾期未提出意见的，由行政机关依照本条例规定决定是否公开（第三十二条）" : "其他机关逾期未提出意见的，视为同意公开（第三十四条）"),
                        $"The opinion window ended on {En(window)}: " + (third ? "a third party's silence leaves the decision to the agency (Art. 32)" : "the other agency's silence counts as consent (Art. 34)"),
                        $"意见期限已届满 {Zh(window)}", $"opinion window ended {En(window)}", window, article, "record-opinion"), null);
                return (Make($"等待书面意见，意见期限至{Zh(window)}；收到后登记（{article}，期间不计入答复期限，第三十三条第三款）",
                    $"Waiting for the written opinion, due by {En(window)}; record it when it arrives ({articleEn}; the span does not count, Art. 33 ¶3)",
                    $"征求意见，至{Zh(window)}", $"opinion due {En(window)}", window, article, "record-opinion", waiting: true), null);
            }
        }

        // In progress: the reply is due on the stored reply due date (Art. 33).
        var due = facts.ReplyDueOn;
        NextStep main;
        if (facts.ReplyDraftInReview)
            main = Make(due is { } r1
                    ? $"答复书审核、签发中：须于{Zh(r1)}前送达答复（第三十三条），审核期间照常计算"
                    : "答复书审核、签发中（第三十三条），审核期间照常计算",
                due is { } r1En
                    ? $"The reply letter is in review and signature: it must be served by {En(r1En)} (Art. 33); the clock keeps running"
                    : "The reply letter is in review and signature (Art. 33); the clock keeps running",
                due is { } r1s ? $"答复书审核中，{Zh(r1s)}前送达" : "答复书审核中",
                due is { } r1e ? $"reply in review, serve by {En(r1e)}" : "reply in review",
                due, "第三十三条", "review");
        else if (facts.ReasonsWindowEndedOn is { } ended && !(facts.Overdue || due < today))
            // Art. 35: once the window for the reasons has run out, the agency decides: not processed (504) or a later date.
            main = Make($"说明理由的期限已于{Zh(ended)}届满：认为申请理由不合理（或者未说明）的，告知申请人不予处理；理由合理但无法在第三十三条规定的期限内答复的，确定延迟答复的合理期限并告知申请人（第三十五条）"
                    + (due is { } r0 ? $"；答复期限{Zh(r0)}" : ""),
                $"The window for the reasons ended on {En(ended)}: refuse (not processed) if the reasons are not reasonable or none came, or set a later reasonable reply date and tell the applicant (Art. 35)"
                    + (due is { } r0En ? $"; reply due {En(r0En)}" : ""),
                "待决定：不予处理或确定合理期限", "decide: refuse or set a later date", due, "第三十五条", "decide-reasons");
        else if (due is { } late && (facts.Overdue || late < today))
            main = Make($"已逾期（督办）：答复期限{Zh(due!.Value)}已过，应立即答复（第三十三条）",
                $"Overdue (督办): the reply was due on {En(due.Value)}; reply now (Art. 33)",
                $"逾期督办，期限{Zh(due.Value)}", $"overdue since {En(due.Value)}", due, "第三十三条", "letter:reply");
        else
            main = Make(due is { } r2
                    ? $"答复书须于{Zh(r2)}前送达申请人（第三十三条）"
                    : "答复申请人（第三十三条）",
                due is { } r2En ? $"The reply must be served on the applicant by {En(r2En)} (Art. 33)" : "Reply to the applicant (Art. 33)",
                due is { } r2s ? $"{Zh(r2s)}前答复" : "待答复",
                due is { } r2e ? $"reply by {En(r2e)}" : "reply due",
                due, "第三十三条", "letter:reply");

        // Art. 30: an unclear application is corrected by one notice, within 7 working days of receipt.
        NextStep? correction = null;
        if (!facts.CorrectionNoticeIssued && !facts.Corrected && facts.CorrectionNoticeDueOn is { } noticeDue && noticeDue >= today)
            correction = Make($"如需补正，补正告知书须于{Zh(noticeDue)}前送达申请人（第三十条）",
                $"If the application must be corrected, the correction notice must reach the applicant by {En(noticeDue)} (Art. 30)",
                $"补正告知至{Zh(noticeDue)}", $"correction notice by {En(noticeDue)}", noticeDue, "第三十条", "letter:correction-notice");
        return (main, correction);
    }
}
