using CaseFlow.Domain.Deadlines;
using NodaTime;

namespace CaseFlow.Domain.Tests.Deadlines;

/// <summary>Art. 35: 申请理由合理，但是无法在本条例第三十三条规定的期限内答复申请人的，可以确定延迟答复的合理期限并告知申请人. The
/// later reasonable reply date replaces the Art. 33 due date; it never shortens it; the explanation names both.</summary>
public class ReasonablePeriodTests
{
    private static readonly StatutoryClock Clock = TestCalendars.Clock;

    public static TheoryData<string, LocalDate, LocalDate?, LocalDate, LocalDate?> Cases => new()
    {
        // case                                        received            reasonable period    reply due in force   Art. 33 due replaced
        { "no reasonable period set",                 27.September(2024), null,                30.October(2024),    null },
        { "a later date replaces the Art. 33 date",  27.September(2024), 29.November(2024),   29.November(2024),   30.October(2024) },
        { "an earlier date never shortens it",       27.September(2024), 15.October(2024),    30.October(2024),    null },
        { "the same date changes nothing",           27.September(2024), 30.October(2024),    30.October(2024),    null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_reply_due_date_in_force(string @case, LocalDate received, LocalDate? reasonable, LocalDate dueInForce, LocalDate? statutoryReplaced)
    {
        var events = new ClockEvents(received) { ReasonablePeriodEndsOn = reasonable };

        var deadlines = Clock.Compute(events);

        Assert.True(dueInForce == deadlines.ReplyDue.DueOn, $"{@case}: {deadlines.ReplyDue.DueOn}");
        Assert.Equal(dueInForce, Clock.ReplyDue(events).DueOn);
        Assert.Equal(statutoryReplaced, deadlines.StatutoryReplyDue?.DueOn);
    }

    [Fact]
    public void The_explanation_names_the_reasonable_period_and_the_art_33_date()
    {
        var text = Clock.Explain(new ClockEvents(27.September(2024)) { ReasonablePeriodEndsOn = 29.November(2024) }).ToText(chinese: true);

        Assert.Contains("第三十五条", text);
        Assert.Contains("2024年11月29日", text);
        Assert.Contains("2024年10月30日", text);
    }

    [Fact]
    public void A_reasonable_period_before_receipt_is_refused_naming_the_field()
    {
        var errors = new ClockEvents(27.September(2024)) { ReasonablePeriodEndsOn = 20.September(2024) }.Validate();

        Assert.Equal("reasonable-period", Assert.Single(errors).Field);
    }
}
