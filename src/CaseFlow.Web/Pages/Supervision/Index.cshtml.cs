using CaseFlow.Domain.Supervision;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Supervision;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Supervision;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;

namespace CaseFlow.Web.Pages.Supervision;

/// <summary>The supervisor's dashboard (督办看板): the on-time reply rate (按时答复率, Art. 33) this month and this year, with
/// and without extensions, by agency and by handler, its trend by month, open requests by working days left, the oldest
/// open requests, and the time spent per stage.</summary>
public sealed class IndexModel(Database database, CalendarCatalog calendars, IClock clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }

    public SupervisionScope Scope { get; private set; } = null!;
    public LocalDate Today { get; private set; }
    public IReadOnlyList<TimelinessRow> Month { get; private set; } = [];
    public IReadOnlyList<TimelinessRow> Year { get; private set; } = [];
    public IReadOnlyList<MonthPoint> Trend { get; private set; } = [];
    public IReadOnlyList<(Agency Agency, OpenByDaysLeft Open)> Open { get; private set; } = [];
    public IReadOnlyList<OldRequest> Oldest { get; private set; } = [];
    public IReadOnlyList<StageTime> Stages { get; private set; } = [];
    /// <summary>Letter drafts waiting for review (审核/签发), with how long each has waited: the reply clock runs on.</summary>
    public IReadOnlyList<DraftInReview> DraftsInReview { get; private set; } = [];
    /// <summary>Extensions waiting for the head of the office's decision (Art. 33 ¶2).</summary>
    public long ExtensionsWaiting { get; private set; }
    public Instant Now { get; private set; }

    /// <summary>One month of the trend: replies served and the two rates (null without replies).</summary>
    public sealed record MonthPoint(YearMonth Month, long Replied, double? Rate, double? RateWithoutExtension);

    public async Task<IActionResult> OnGetAsync()
    {
        Scope = await SupervisionScope.ResolveAsync(database, User, Agency);
        if (!Scope.Found)
            return NotFound();
        Today = ChinaTime.Today(clock);
        var monthStart = Today.With(DateAdjusters.StartOfMonth);
        var thisMonth = Today.ToYearMonth();
        var january = new YearMonth(Today.Year, 1);
        var trendStart = thisMonth.PlusMonths(-11);
        await using var connection = await database.OpenAsync();
        // The month's counters from the earlier of January and the trend's first month serve the month, the year and the
        // trend: each is whole months up to today (nothing is served in the future).
        var months = await Dashboard.TimelinessMonthsAsync(connection, Scope.AgencyCode, trendStart < january ? trendStart : january, thisMonth);
        Month = Dashboard.Sum(months, thisMonth, thisMonth);
        Year = Dashboard.Sum(months, january, thisMonth);
        Trend = Enumerable.Range(0, 12).Select(i => trendStart.PlusMonths(i)).Select(m =>
        {
            var inMonth = months.Where(d => d.Month.ToYearMonth() == m).ToList();
            long replied = inMonth.Sum(d => d.Replied);
            return new MonthPoint(m, replied,
                replied == 0 ? null : (double)inMonth.Sum(d => d.OnTime) / replied,
                replied == 0 ? null : (double)inMonth.Sum(d => d.OnTimeWithoutExtension) / replied);
        }).ToList();
        var open = new List<(Agency, OpenByDaysLeft)>();
        foreach (var agency in Scope.Agencies)
        {
            var statutory = calendars.ClockFor(agency.CalendarId);
            // The last day with at most n working days left is the day before the (n+1)-th working day after today.
            var twoLeft = statutory.After(Today, 3).DueOn.PlusDays(-1);
            var fiveLeft = statutory.After(Today, 6).DueOn.PlusDays(-1);
            open.Add((agency, await Dashboard.OpenByDaysLeftAsync(connection, agency.Code, Today, twoLeft, fiveLeft)));
        }
        Open = open;
        Oldest = await Dashboard.OldestOpenAsync(connection, database.Dialect, Scope.AgencyCode);
        Now = clock.GetCurrentInstant();
        DraftsInReview = await SupervisionReads.DraftsInReviewAsync(connection, Scope.AgencyCode);
        ExtensionsWaiting = await SupervisionReads.CountAwaitingExtensionAsync(connection, Scope.AgencyCode);
        // The requests closed this month: what each added to the time per stage when it closed (migration 0034).
        Stages = await Dashboard.StageTimesAsync(connection, Scope.AgencyCode, monthStart, Today);
        return Page();
    }

    public static string Rate(long part, long whole) => whole == 0 ? "—" : $"{100.0 * part / whole:0.0}%";

    public string AgencyName(string code) => Scope.Choices.FirstOrDefault(a => a.Code == code)?.Name ?? code;

    /// <summary>By agency: the handler rows summed.</summary>
    public static IReadOnlyList<TimelinessRow> ByAgency(IReadOnlyList<TimelinessRow> rows) =>
        rows.GroupBy(r => r.AgencyCode).Select(g => new TimelinessRow
        {
            AgencyCode = g.Key, Replied = g.Sum(r => r.Replied), OnTime = g.Sum(r => r.OnTime),
            OnTimeWithoutExtension = g.Sum(r => r.OnTimeWithoutExtension), Extended = g.Sum(r => r.Extended),
        }).OrderBy(r => r.AgencyCode, StringComparer.Ordinal).ToList();

    public static TimelinessRow Total(IReadOnlyList<TimelinessRow> rows) => new()
    {
        Replied = rows.Sum(r => r.Replied), OnTime = rows.Sum(r => r.OnTime),
        OnTimeWithoutExtension = rows.Sum(r => r.OnTimeWithoutExtension), Extended = rows.Sum(r => r.Extended),
    };
}
