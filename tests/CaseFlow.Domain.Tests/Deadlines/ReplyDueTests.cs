using CaseFlow.Domain.Deadlines;
using NodaTime;

namespace CaseFlow.Domain.Tests.Deadlines;

/// <summary>Reply and correction-notice due dates from the receipt date alone (Art. 30, Art. 33 ¶2), checked line by
/// line against the State Council calendars. "Due" is the last day the act may be done.</summary>
public class ReplyDueTests
{
    private static readonly StatutoryClock Clock = TestCalendars.Clock;

    public static TheoryData<string, LocalDate, LocalDate, LocalDate> Cases => new()
    {
        // case                                             received            correction due      reply due
        { "published case: Friday before National Day 2022", 30.September(2022), 14.October(2022),  2.November(2022) },
        { "make-up Sunday counts; make-up Saturday is day 7", 27.September(2024), 12.October(2024), 30.October(2024) },
        { "received on a National Day holiday",              3.October(2024),   15.October(2024),   1.November(2024) },
        { "received on a make-up Saturday: it is day 0",     12.October(2024),  22.October(2024),   8.November(2024) },
        { "Spring Festival 2024 (除夕 was a working day)",    8.February(2024),  23.February(2024),  13.March(2024) },
        { "Spring Festival 2025, the first year with 除夕 off", 20.January(2025), 5.February(2025),  21.February(2025) },
        { "Spring Festival 2020, extended by the State Council", 20.January(2020), 6.February(2020), 25.February(2020) },
        { "across New Year 2025",                            20.December(2024), 31.December(2024),  20.January(2025) },
        { "Mid-Autumn and National Day 2023 run together",   28.September(2023), 13.October(2023), 1.November(2023) },
        { "Labour Day 2024 with two make-up days",           30.April(2024),    13.May(2024),       30.May(2024) },
        { "the day the revised Regulations took effect",     15.May(2019),      24.May(2019),       13.June(2019) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Due_dates_from_receipt(string @case, LocalDate received, LocalDate correctionDue, LocalDate replyDue)
    {
        var deadlines = Clock.Compute(new ClockEvents(received));

        Assert.True(correctionDue == deadlines.CorrectionNoticeDue.DueOn, $"{@case}: correction notice due {deadlines.CorrectionNoticeDue.DueOn}, expected {correctionDue}");
        Assert.True(replyDue == deadlines.ReplyDue.DueOn, $"{@case}: reply due {deadlines.ReplyDue.DueOn}, expected {replyDue}");
        Assert.False(deadlines.Provisional, @case);
        Assert.Equal(0, deadlines.PausedWorkingDays);
    }

    [Fact]
    public void A_corrected_application_restarts_the_reply_period_from_the_day_it_is_received()
    {
        var deadlines = Clock.Compute(new ClockEvents(27.September(2024)) { CorrectedOn = 10.October(2024) });

        Assert.Equal(12.October(2024), deadlines.CorrectionNoticeDue.DueOn);
        Assert.Equal(10.October(2024), deadlines.ClockStartsOn);
        Assert.Equal(6.November(2024), deadlines.ReplyDue.DueOn);
    }

    [Fact]
    public void An_extension_adds_working_days_to_the_reply_period()
    {
        var deadlines = Clock.Compute(new ClockEvents(27.September(2024)) { ExtensionWorkingDays = 20 });

        Assert.Equal(30.October(2024), deadlines.ReplyDueWithoutExtension.DueOn);
        Assert.Equal(27.November(2024), deadlines.ReplyDue.DueOn);
    }

    public static TheoryData<string, LocalDate, LocalDate, bool> ProvisionalCases => new()
    {
        // case                                          received            reply due          provisional
        { "wholly inside a loaded year",                 1.December(2026),  29.December(2026), false },
        { "runs into 2027, whose calendar is not loaded", 15.December(2026), 12.January(2027),  true },
    };

    [Theory]
    [MemberData(nameof(ProvisionalCases))]
    public void A_deadline_touching_an_unloaded_year_is_provisional(string @case, LocalDate received, LocalDate replyDue, bool provisional)
    {
        var deadlines = Clock.Compute(new ClockEvents(received));

        Assert.True(replyDue == deadlines.ReplyDue.DueOn, $"{@case}: {deadlines.ReplyDue.DueOn}");
        Assert.Equal(provisional, deadlines.ReplyDue.Provisional);
        Assert.Equal(provisional, deadlines.Provisional);
    }

    [Fact]
    public void The_correction_notice_alone_can_be_provisional()
    {
        var deadlines = Clock.Compute(new ClockEvents(28.December(2026)));

        Assert.Equal(6.January(2027), deadlines.CorrectionNoticeDue.DueOn);
        Assert.True(deadlines.CorrectionNoticeDue.Provisional);
    }

    [Fact]
    public void Opinion_and_fee_windows_count_from_the_day_after_the_letter_is_received()
    {
        Assert.Equal(23.October(2024), Clock.OpinionWindowDue(27.September(2024)).DueOn);
        Assert.Equal(30.October(2024), Clock.FeePaymentDue(27.September(2024)).DueOn);
    }

    [Theory]
    [InlineData("2024-10-30", "2024-10-30", 0)]
    [InlineData("2024-10-28", "2024-10-30", 2)]
    [InlineData("2024-10-31", "2024-10-30", -1)]
    [InlineData("2024-09-30", "2024-10-08", 1)]
    public void Working_days_left_until_a_due_date(string today, string due, int left) =>
        Assert.Equal(left, Clock.WorkingDaysLeft(Dates.Iso(today), Dates.Iso(due)));

    [Fact]
    public void Warnings_fall_a_number_of_working_days_before_the_due_date()
    {
        Assert.Equal(23.October(2024), Clock.Before(30.October(2024), 5).DueOn);
        Assert.Equal(12.October(2024), Clock.Before(14.October(2024), 1).DueOn);
    }
}
