using CaseFlow.Domain.Deadlines;
using NodaTime;

namespace CaseFlow.Domain.Tests.Deadlines;

/// <summary>One row per stage and situation: what the law requires next, by when, under which article, how urgent, and
/// which action does it. Received Fri 2024-09-27: the reply is due Wed 2024-10-30 (National Day skipped); the due dates
/// are the ones the statutory clock gives and the workflow stores — the next step reads them, it never recomputes.</summary>
public class NextStepTests
{
    private static readonly StatutoryClock Clock = TestCalendars.Clock;
    private static readonly LocalDate Received = 27.September(2024);
    private static readonly LocalDate ReplyDue = Clock.Compute(new ClockEvents(Received)).ReplyDue.DueOn;
    private static readonly LocalDate CorrectionNoticeDue = Clock.CorrectionNoticeDue(Received).DueOn;

    /// <summary>(article, facts, today) → (action, due date, urgency, article cited, a phrase of the Chinese sentence,
    /// the if-needed step's action or null).</summary>
    public sealed record Row(string Case, NextStepFacts Facts, LocalDate Today,
        string Action, LocalDate? DueOn, NextStepUrgency Urgency, string Article, string Phrase, string? IfNeeded = null)
    {
        public override string ToString() => Case;
    }

    private static NextStepFacts InProgress(bool overdue = false, bool noticeIssued = false, bool inReview = false) => new()
    {
        Stage = RequestStage.InProgress, ClockRunning = true, ReplyDueOn = ReplyDue, Overdue = overdue,
        CorrectionNoticeDueOn = CorrectionNoticeDue, CorrectionNoticeIssued = noticeIssued, ReplyDraftInReview = inReview,
    };

    public static TheoryData<Row> Rows() =>
    [
        new("Art. 31: registered, receipt not confirmed — confirm the receipt date; no date runs yet",
            new NextStepFacts { Stage = RequestStage.Registered }, 27.September(2024),
            "confirm-receipt", null, NextStepUrgency.Waiting, "第三十一条", "确认收到申请之日"),
        new("Art. 30: within 7 working days of receipt, no notice yet — the correction notice is offered with its date; the reply is the main step",
            InProgress(), 30.September(2024),
            "letter:reply", ReplyDue, NextStepUrgency.Normal, "第三十三条", "答复书须于2024年10月30日前送达申请人（第三十三条）", "letter:correction-notice"),
        new("Art. 30: the correction-notice window has passed — no correction notice offered",
            InProgress(), CorrectionNoticeDue.PlusDays(1),
            "letter:reply", ReplyDue, NextStepUrgency.Normal, "第三十三条", "答复书须于", null),
        new("Art. 30: a correction notice may be issued only once — not offered again within the window",
            InProgress(noticeIssued: true), 30.September(2024),
            "letter:reply", ReplyDue, NextStepUrgency.Normal, "第三十三条", "答复书须于", null),
        new("Art. 30: awaiting correction within the period — record the corrected application; the applicant acts",
            new NextStepFacts { Stage = RequestStage.AwaitingCorrection, CorrectionNoticeIssued = true, CorrectionPeriodEndsOn = 30.October(2024) }, 14.October(2024),
            "record-correction", 30.October(2024), NextStepUrgency.Waiting, "第三十条", "补正期限至2024年10月30日"),
        new("Art. 30: the correction period has ended — deemed abandoned unless a good reason",
            new NextStepFacts { Stage = RequestStage.AwaitingCorrection, CorrectionNoticeIssued = true, CorrectionPeriodEndsOn = 30.October(2024) }, 31.October(2024),
            "record-correction", 30.October(2024), NextStepUrgency.Overdue, "第三十条", "视为放弃申请"),
        new("Art. 33: reply due in more than the warning lead — normal",
            InProgress(), 14.October(2024),
            "letter:reply", ReplyDue, NextStepUrgency.Normal, "第三十三条", "答复书须于2024年10月30日前送达申请人"),
        new("Art. 33: reply due within 5 working days — due soon",
            InProgress(), 28.October(2024),
            "letter:reply", ReplyDue, NextStepUrgency.DueSoon, "第三十三条", "答复书须于2024年10月30日前"),
        new("Art. 33: reply due date passed — overdue, 督办",
            InProgress(overdue: true), 31.October(2024),
            "letter:reply", ReplyDue, NextStepUrgency.Overdue, "第三十三条", "已逾期（督办）"),
        new("Art. 33: a reply letter in review — waits for 审核/签发, the reply date still runs",
            InProgress(inReview: true), 28.October(2024),
            "review", ReplyDue, NextStepUrgency.DueSoon, "第三十三条", "答复书审核、签发中"),
        new("Art. 33 ¶2: extension requested — decided by the head of the office before the reply due date",
            new NextStepFacts { Stage = RequestStage.AwaitingExtensionDecision, ClockRunning = true, ReplyDueOn = ReplyDue }, 28.October(2024),
            "decide-extension", ReplyDue, NextStepUrgency.DueSoon, "第三十三条第二款", "须于2024年10月30日前经政府信息公开工作机构负责人同意"),
        new("Art. 32: third-party consultation, letter not yet served — record its service, the window counts from it",
            new NextStepFacts { Stage = RequestStage.Consulting, ConsultingThirdParty = true }, 14.October(2024),
            "record-consultation-service", null, NextStepUrgency.Waiting, "第三十二条", "登记征求意见书送达之日"),
        new("Art. 32: third-party consultation within its window — wait for the opinion",
            new NextStepFacts { Stage = RequestStage.Consulting, ConsultingThirdParty = true, ConsultationWindowDueOn = 15.November(2024) }, 28.October(2024),
            "record-opinion", 15.November(2024), NextStepUrgency.Waiting, "第三十二条", "意见期限至2024年11月15日"),
        new("Art. 34: other-agency window passed — silence is consent",
            new NextStepFacts { Stage = RequestStage.Consulting, ConsultingThirdParty = false, ConsultationWindowDueOn = 15.November(2024) }, 18.November(2024),
            "record-opinion", 15.November(2024), NextStepUrgency.Overdue, "第三十四条", "视为同意公开"),
        new("Art. 42: fee notice served — wait for payment within the window",
            new NextStepFacts { Stage = RequestStage.AwaitingFeePayment, FeePaymentDueOn = 15.November(2024) }, 28.October(2024),
            "record-payment", 15.November(2024), NextStepUrgency.Waiting, "第四十二条", "缴费期限至2024年11月15日"),
        new("Art. 42: the payment window has passed",
            new NextStepFacts { Stage = RequestStage.AwaitingFeePayment, FeePaymentDueOn = 15.November(2024) }, 18.November(2024),
            "record-payment", 15.November(2024), NextStepUrgency.Overdue, "第四十二条", "缴费期限至2024年11月15日"),
        new("Art. 35: the window for the reasons ran out — refuse (504) or set a later date, due by the reply date",
            InProgress(noticeIssued: true) with { ReasonsWindowEndedOn = 14.October(2024) }, 15.October(2024),
            "decide-reasons", ReplyDue, NextStepUrgency.Normal, "第三十五条", "说明理由的期限已于2024年10月14日届满"),
        new("Art. 35: window ran out but the reply is overdue — the overdue reply comes first",
            InProgress(overdue: true, noticeIssued: true) with { ReasonsWindowEndedOn = 14.October(2024) }, ReplyDue.PlusDays(1),
            "letter:reply", ReplyDue, NextStepUrgency.Overdue, "第三十三条", "已逾期"),
    ];

    [Theory]
    [MemberData(nameof(Rows))]
    public void The_next_step_is_what_the_law_requires(Row row)
    {
        var (main, ifNeeded) = NextStep.Decide(row.Facts, row.Today, Clock)!.Value;
        Assert.Equal(row.Action, main.ActionKey);
        Assert.Equal(row.DueOn, main.DueOn);
        Assert.Equal(row.Urgency, main.Urgency);
        Assert.Equal(row.Article, main.Article);
        Assert.Contains(row.Phrase, main.Zh);
        Assert.Contains(row.Article, main.Zh);
        Assert.False(string.IsNullOrWhiteSpace(main.En));
        Assert.False(string.IsNullOrWhiteSpace(main.Short));
        Assert.Equal(row.IfNeeded, ifNeeded?.ActionKey);
    }

    [Fact]
    public void The_correction_notice_step_carries_the_stored_date_and_article_30()
    {
        var (_, ifNeeded) = NextStep.Decide(InProgress(), 30.September(2024), Clock)!.Value;
        Assert.NotNull(ifNeeded);
        Assert.Equal(CorrectionNoticeDue, ifNeeded.DueOn);
        Assert.Equal($"如需补正，补正告知书须于{CorrectionNoticeDue.Year}年{CorrectionNoticeDue.Month}月{CorrectionNoticeDue.Day}日前送达申请人（第三十条）", ifNeeded.Zh);
    }

    [Fact]
    public void Working_days_left_are_counted_on_the_statutory_calendar_not_by_date_arithmetic()
    {
        // Mon 2024-09-30 → Wed 2024-10-30: 31 calendar days, but National Day (Oct 1–7) is not worked and the
        // make-up Saturday Oct 12 is: the calendar, not subtraction, gives the count.
        var (main, _) = NextStep.Decide(InProgress(), 30.September(2024), Clock)!.Value;
        Assert.Equal(Clock.Calendar.WorkingDaysBetween(30.September(2024), ReplyDue), main.WorkingDaysLeft);
        Assert.NotEqual(Period.DaysBetween(30.September(2024), ReplyDue), main.WorkingDaysLeft);
        var (late, _) = NextStep.Decide(InProgress(overdue: true), 31.October(2024), Clock)!.Value;
        Assert.Equal(-1, late.WorkingDaysLeft);
        var (soon, _) = NextStep.Decide(InProgress(), 28.October(2024), Clock)!.Value;
        Assert.Equal(2, soon.WorkingDaysLeft);
    }

    [Theory]
    [InlineData(RequestStage.Replied)]
    [InlineData(RequestStage.Closed)]
    public void A_closed_request_has_no_next_step(RequestStage stage) =>
        Assert.Null(NextStep.Decide(new NextStepFacts { Stage = stage }, 28.October(2024), Clock));
}
