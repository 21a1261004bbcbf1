using CaseFlow.Domain.Applicants;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Applicants;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Workflows.DisclosureRequest;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace CaseFlow.Web.Supervision;

/// <summary>The dashboard's 好差评 section: per agency and month (the last 12), the ratings, 好评率 (非常满意, 满意, 基本满意
/// among all), 差评, the rectification items opened, those still open, and 按期整改率 (<see cref="Satisfaction.RectificationTimeliness"/>).</summary>
public sealed class SatisfactionViewComponent(Database database, IClock clock) : ViewComponent
{
    public sealed record Row(string AgencyName, YearMonth Month, long Ratings, long Good, long Bad, long Opened, long Open, long OnTime, long Counted)
    {
        public double? GoodRate => Satisfaction.Rate(Good, Ratings);
        public double? OnTimeRate => Satisfaction.Rate(OnTime, Counted);
    }

    public async Task<IViewComponentResult> InvokeAsync(string? agencyCode, IReadOnlyList<Agency> agencies)
    {
        var today = ChinaTime.Today(clock);
        var from = today.With(DateAdjusters.StartOfMonth).PlusMonths(-11);
        await using var connection = await database.OpenAsync();
        var (ratings, items) = await ApplicantStore.SatisfactionAsync(connection, agencyCode, from);
        var names = agencies.ToDictionary(a => a.Code, a => a.Name);
        var rows = ratings.Select(r => (r.AgencyCode, Month: r.RatedOn.ToYearMonth()))
            .Concat(items.Select(i => (i.AgencyCode, Month: i.OpenedOn.ToYearMonth())))
            .Where(k => names.ContainsKey(k.AgencyCode))
            .Distinct()
            .OrderByDescending(k => k.Month).ThenBy(k => k.AgencyCode, StringComparer.Ordinal)
            .Select(k =>
            {
                var rated = ratings.Where(r => r.AgencyCode == k.AgencyCode && r.RatedOn.ToYearMonth() == k.Month).ToList();
                var opened = items.Where(i => i.AgencyCode == k.AgencyCode && i.OpenedOn.ToYearMonth() == k.Month).ToList();
                var (onTime, counted) = Satisfaction.RectificationTimeliness(opened.Select(i => (i.DueOn, i.ClosedOn)), today);
                return new Row(names[k.AgencyCode], k.Month, rated.Count, rated.Count(r => Satisfaction.IsGood((RatingLevel)r.Level)),
                    rated.Count(r => Satisfaction.IsBad((RatingLevel)r.Level)), opened.Count, opened.Count(i => i.ClosedOn is null), onTime, counted);
            }).ToList();
        return View(rows);
    }
}
