using CaseFlow.Domain.Applicants;
using NodaTime;

namespace CaseFlow.Domain.Tests.Applicants;

/// <summary>好差评 and 整改: the five national levels, which are 差评, when a rectification is due and whether it was on time,
/// and the date of electronic service under each agency rule.</summary>
public sealed class SatisfactionTests
{
    [Theory]
    [InlineData(RatingLevel.非常满意, false, "☆☆☆☆☆")]
    [InlineData(RatingLevel.满意, false, "☆☆☆☆")]
    [InlineData(RatingLevel.基本满意, false, "☆☆☆")]
    [InlineData(RatingLevel.不满意, true, "☆☆")]
    [InlineData(RatingLevel.非常不满意, true, "☆")]
    public void Bad_ratings_are_the_two_lowest_levels(RatingLevel level, bool bad, string stars)
    {
        Assert.Equal(bad, Satisfaction.IsBad(level));
        Assert.Equal(!bad, Satisfaction.IsGood(level));
        Assert.Equal(stars, Satisfaction.Stars(level));
    }

    [Fact]
    public void The_levels_are_offered_best_first()
    {
        Assert.Equal(["非常满意", "满意", "基本满意", "不满意", "非常不满意"], Satisfaction.Levels.Select(l => l.ToString()));
    }

    public static TheoryData<LocalDate, int, LocalDate> Due() => new()
    {
        // Opened on          working days  due on
        { 3.March(2025),      15,           24.March(2025) },
        // National Day 2025: 1–8 October off, Saturday 11 October worked.
        { 30.September(2025), 15,           28.October(2025) },
        { 3.March(2025),      5,            10.March(2025) },
    };

    [Theory]
    [MemberData(nameof(Due))]
    public void A_rectification_is_due_in_working_days_on_the_agencys_calendar(LocalDate openedOn, int workingDays, LocalDate dueOn)
    {
        Assert.Equal(dueOn, Satisfaction.RectificationDue(TestCalendars.Clock, openedOn, workingDays));
    }

    [Theory]
    [InlineData("2025-03-24", true)]
    [InlineData("2025-03-21", true)]
    [InlineData("2025-03-25", false)]
    public void Rectified_on_time_means_closed_on_or_before_the_due_date(string closedOn, bool onTime)
    {
        Assert.Equal(onTime, Satisfaction.RectifiedOnTime(NodaTime.Text.LocalDatePattern.Iso.Parse(closedOn).Value, 24.March(2025)));
    }

    [Fact]
    public void The_on_time_rate_counts_closed_items_and_open_items_past_due_but_not_open_items_still_in_time()
    {
        var today = 1.April(2025);
        (LocalDate, LocalDate?)[] items =
        [
            (24.March(2025), 20.March(2025)),  // closed on time
            (24.March(2025), 26.March(2025)),  // closed late
            (28.March(2025), null),            // open, overdue
            (10.April(2025), null),            // open, still in time: not counted
        ];

        Assert.Equal((1L, 3L), Satisfaction.RectificationTimeliness(items, today));
        Assert.Null(Satisfaction.Rate(0, 0));
        Assert.Equal(1.0 / 3, Satisfaction.Rate(1, 3));
    }

    [Theory]
    [InlineData("2025-03-03", true)]
    [InlineData("2025-03-18", true)]
    [InlineData("2025-03-19", false)]
    public void A_rating_may_be_revised_within_the_agencys_period(string today, bool may)
    {
        Assert.Equal(may, Satisfaction.MayRevise(3.March(2025), NodaTime.Text.LocalDatePattern.Iso.Parse(today).Value, 15));
    }

    [Fact]
    public void Only_a_closed_request_may_be_rated()
    {
        Assert.False(Satisfaction.MayRate(null));
        Assert.True(Satisfaction.MayRate(3.March(2025)));
    }

    [Fact]
    public void Electronic_service_is_dated_by_the_agencys_rule()
    {
        Assert.Equal(3.March(2025), Satisfaction.ServedOn(ServiceDateRule.Placed, 3.March(2025), null));
        Assert.Equal(3.March(2025), Satisfaction.ServedOn(ServiceDateRule.Placed, 3.March(2025), 5.March(2025)));
        Assert.Null(Satisfaction.ServedOn(ServiceDateRule.FirstDownload, 3.March(2025), null));
        Assert.Equal(5.March(2025), Satisfaction.ServedOn(ServiceDateRule.FirstDownload, 3.March(2025), 5.March(2025)));
    }
}
