using CaseFlow.Domain.Calendar;
using CaseFlow.Domain.Deadlines;
using NodaTime;

namespace CaseFlow.Domain.Tests.Calendar;

public class WorkingCalendarTests
{
    private static readonly WorkingCalendar National = TestCalendars.National;

    public static TheoryData<LocalDate, DayKind, string?> Days => new()
    {
        { 1.October(2024), DayKind.PublicHoliday, "国庆节" },
        { 12.October(2024), DayKind.MakeUpWorkingDay, "国庆节（调休上班）" },
        { 29.September(2024), DayKind.MakeUpWorkingDay, "国庆节（调休上班）" },
        { 13.October(2024), DayKind.Weekend, null },
        { 9.February(2024), DayKind.WorkingDay, null },
        { 28.January(2025), DayKind.PublicHoliday, "春节" },
        { 31.January(2020), DayKind.PublicHoliday, "春节" },
        { 4.January(2026), DayKind.MakeUpWorkingDay, "元旦（调休上班）" },
        { 6.January(2027), DayKind.WorkingDay, null },
    };

    [Theory]
    [MemberData(nameof(Days))]
    public void Days_are_classified_as_the_State_Council_arranged_them(LocalDate date, DayKind kind, string? name)
    {
        Assert.Equal(kind, National.Classify(date));
        Assert.Equal(name, National.NameOf(date));
    }

    [Fact]
    public void The_national_calendar_is_settled_for_2019_to_2026_only()
    {
        Assert.Equal(Enumerable.Range(2019, 8), National.SettledYears.Order());
        Assert.False(National.IsSettled(2027));
        Assert.StartsWith("cn:2019-2026:", National.Version);
    }

    [Fact]
    public void A_regional_overlay_adds_its_days_off_and_settles_only_years_it_covers()
    {
        var guangxi = WorkingCalendar.Load(TestCalendars.Directory, "cn+gx");

        Assert.Equal(DayKind.PublicHoliday, guangxi.Classify(11.April(2024)));
        Assert.Equal("壮族三月三", guangxi.NameOf(11.April(2024)));
        Assert.Equal(DayKind.WorkingDay, National.Classify(11.April(2024)));
        Assert.False(guangxi.IsSettled(2023));
        Assert.True(guangxi.IsSettled(2024));
        // Received Mon 8 Apr 2024: the national clock counts 11 and 12 April, the Guangxi one does not.
        Assert.Equal(8.May(2024), new StatutoryClock(National).Compute(new ClockEvents(8.April(2024))).ReplyDue.DueOn);
        Assert.Equal(10.May(2024), new StatutoryClock(guangxi).Compute(new ClockEvents(8.April(2024))).ReplyDue.DueOn);
    }

    [Fact]
    public void An_agency_chooses_a_national_calendar_or_an_overlay_on_it_never_an_overlay_alone()
    {
        var selectable = WorkingCalendar.Selectable(TestCalendars.Directory);

        Assert.Equal(["cn", "cn+gx"], selectable);
        Assert.All(selectable, id => WorkingCalendar.Load(TestCalendars.Directory, id));
        Assert.Throws<ArgumentException>(() => WorkingCalendar.Load(TestCalendars.Directory, "gx"));
    }

    [Fact]
    public void Loading_a_new_year_makes_its_provisional_deadlines_final()
    {
        var withoutNextYear = WorkingCalendar.Create("cn", National.Sources.Where(s => s.Year < 2025));
        var events = new ClockEvents(20.December(2024));

        var provisional = new StatutoryClock(withoutNextYear).Compute(events);
        var settled = new StatutoryClock(National).Compute(events);

        Assert.True(provisional.Provisional);
        Assert.Equal(17.January(2025), provisional.ReplyDue.DueOn); // weekends only assumed: 1 January counted
        Assert.False(settled.Provisional);
        Assert.Equal(20.January(2025), settled.ReplyDue.DueOn);
    }

    [Theory]
    [InlineData("year 2024\nnotice X\noff 2024-01-01 元旦\n", 4, "missing 'calendar'")]
    [InlineData("calendar cn\nyear 2024\nnotice X\noff 2024-02-30 bad\n", 4, "is not a date")]
    [InlineData("calendar cn\nyear 2024\nnotice X\noff 2024-02-10..2024-02-01 春节\n", 4, "ends before it starts")]
    [InlineData("calendar cn\nyear 2024\noff 2024-01-01 元旦\n", 4, "missing 'notice'")]
    [InlineData("calendar cn\nyear 2024\nnotice X\noff 2024-01-01 元旦\nwork 2024-01-01 元旦\n", 5, "listed twice")]
    [InlineData("calendar cn\nyear 2024\nnotice X\nholiday 2024-01-01 元旦\n", 4, "unknown keyword")]
    public void A_malformed_calendar_file_is_refused_with_its_line(string text, int line, string message)
    {
        var error = Assert.Throws<CalendarFormatException>(() => CalendarFile.Parse(text, "test.cal"));
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Every_calendar_file_cites_its_notice()
    {
        foreach (var year in National.Sources)
        {
            Assert.NotEmpty(year.Notices);
            Assert.All(year.Notices, n => Assert.Contains($"{year.Year}年", n.Title));
        }
    }
}
