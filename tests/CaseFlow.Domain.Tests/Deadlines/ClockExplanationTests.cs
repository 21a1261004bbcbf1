using CaseFlow.Domain.Deadlines;

namespace CaseFlow.Domain.Tests.Deadlines;

public class ClockExplanationTests
{
    [Fact]
    public void The_explanation_lists_counted_days_skipped_holidays_make_up_days_and_excluded_spans()
    {
        var explanation = TestCalendars.Clock.Explain(new ClockEvents(27.September(2024))
        {
            ExcludedSpans = [new ExcludedSpan(14.October(2024), 25.October(2024), ExclusionReason.ThirdPartyConsultation)],
        });

        Assert.Equal(20, explanation.CountedDays.Count);
        Assert.Equal(29.September(2024), explanation.CountedDays[0]);
        Assert.Equal(12.November(2024), explanation.CountedDays[^1]);
        Assert.DoesNotContain(15.October(2024), explanation.CountedDays);
        var zh = explanation.ToText(chinese: true);
        Assert.Contains("收到申请之日：2024年9月27日（星期五）", zh);
        Assert.Contains("10月1日—10月7日国庆节", zh);
        Assert.Contains("2024年10月12日（星期六）国庆节（调休上班）", zh);
        Assert.Contains("征求第三方意见（第三十二条）", zh);
        Assert.Contains("扣除9个工作日", zh);
        Assert.Contains("答复期限：2024年11月12日（星期二）", zh);
        var en = explanation.ToText(chinese: false);
        Assert.Contains("Reply due: Tue 2024-11-12", en);
        Assert.Contains("2024-10-01..2024-10-07 国庆节", en);
    }

    [Fact]
    public void Each_excluded_span_is_shown_with_its_consultation_and_dates()
    {
        var explanation = TestCalendars.Clock.Explain(new ClockEvents(27.September(2024))
        {
            ExcludedSpans =
            [
                new ExcludedSpan(14.October(2024), 25.October(2024), ExclusionReason.ThirdPartyConsultation, "示政信征〔2024〕3号、某建设有限公司"),
                new ExcludedSpan(21.October(2024), 1.November(2024), ExclusionReason.ThirdPartyConsultation, "某监理有限公司"),
            ],
        });

        var zh = explanation.ToText(chinese: true);
        Assert.Contains("征求第三方意见（第三十二条）（示政信征〔2024〕3号、某建设有限公司，10月14日起至10月25日）", zh);
        Assert.Contains("征求第三方意见（第三十二条）（某监理有限公司，10月21日起至11月1日）", zh);
        Assert.Contains("扣除14个工作日", zh);
        Assert.Contains("重叠的征求意见期间只扣除一次", zh);
        Assert.Contains("third-party consultation (Art. 32) (某监理有限公司, from Mon 2024-10-21 to Fri 2024-11-01)", explanation.ToText(chinese: false));
    }

    [Fact]
    public void A_provisional_deadline_says_which_year_is_missing()
    {
        var explanation = TestCalendars.Clock.Explain(new ClockEvents(15.December(2026)));

        Assert.Contains("2027年的节假日安排尚未载入", explanation.ToText(chinese: true));
        Assert.Contains("calendar for 2027 is not loaded", explanation.ToText(chinese: false));
    }
}
