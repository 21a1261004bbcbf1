using System.Globalization;
using System.Text.RegularExpressions;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Security;
using CaseFlow.Web.Setup;
using CaseFlow.Workflows.DisclosureRequest;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CaseFlow.Web.Tests;

/// <summary>The dashboard's on-time rates read from the month counters (migration 0033): this month, this year and the
/// 12-month trend across a month boundary, for two handlers of an agency of its own.</summary>
[Collection(nameof(WebCollection))]
public sealed class DashboardMonthsTests(WebApp app)
{
    private sealed record Reply(string Handler, LocalDate ServedOn, bool OnTime, bool Extended);

    [Fact]
    public async Task This_month_this_year_and_the_trend_count_the_replies_of_their_own_months_across_the_boundary()
    {
        var code = "m" + Guid.NewGuid().ToString("N")[..8];
        var today = ChinaTime.Today(SystemClock.Instance);
        var monthStart = today.With(DateAdjusters.StartOfMonth);
        // Handlers without a user account: the page names them as recorded.
        var (zhang, liu) = ($"zhang-{code}", $"liu-{code}");
        // The last day of last month and the first of this one, two months back, and one month out of the 12-month trend.
        Reply[] replies =
        [
            new(zhang, monthStart, OnTime: true, Extended: false),
            new(liu, monthStart, OnTime: false, Extended: false),
            new(zhang, monthStart.PlusDays(-1), OnTime: true, Extended: true),
            new(zhang, monthStart.PlusDays(-1), OnTime: false, Extended: false),
            new(liu, monthStart.PlusMonths(-2), OnTime: true, Extended: false),
            new(liu, monthStart.PlusMonths(-12), OnTime: true, Extended: false),
        ];
        var database = app.Services.GetRequiredService<Database>();
        await using (var connection = await database.OpenAsync())
        {
            var now = SystemClock.Instance.GetCurrentInstant();
            await Agencies.InsertAsync(connection, new Agency { Code = code, Name = $"按月测试{code}", CalendarId = "cn", WarningLeadWorkingDays = 5, CreatedAt = now });
            await Users.InsertAsync(connection, new UserAccount
            {
                Id = Guid.NewGuid().ToString(), UserName = $"sup-{code}", DisplayName = $"督办{code}", AgencyCode = code, Role = Roles.Supervisor,
                PasswordHash = SignInService.HashPassword(WebApp.Password), CreatedAt = now,
            });
            await using var transaction = await database.BeginWriteAsync(connection);
            var session = new DbSession(connection, transaction, database.Dialect);
            var n = 0;
            foreach (var reply in replies)
                await RequestStore.InsertAsync(session, new RequestRow
                {
                    Id = Guid.NewGuid().ToString(), Version = 1, State = "Replied", AgencyCode = code, TrackingNumber = $"{code}-{++n}",
                    ApplicantName = "王小明", ApplicantType = 1, Channel = 1, Handler = reply.Handler, Description = "预算",
                    ReceivedOn = reply.ServedOn.PlusDays(-10), ReplyDueOn = reply.OnTime ? reply.ServedOn : reply.ServedOn.PlusDays(-1),
                    ClosedOn = reply.ServedOn, CloseReason = 1, Outcome = 102, CountedOutcome = 102, ExtensionDays = reply.Extended ? 10 : 0,
                    OnTime = reply.OnTime, OnTimeWithoutExtension = reply.OnTime && !reply.Extended, RegisteredAt = now, UpdatedAt = now, Data = "{}",
                });
            await transaction.CommitAsync();
        }

        var html = await (await app.SignedInAsync($"sup-{code}")).GetStringAsync("/Supervision");

        var thisMonth = replies.Where(r => r.ServedOn.ToYearMonth() == today.ToYearMonth()).ToList();
        var thisYear = replies.Where(r => r.ServedOn.Year == today.Year).ToList();
        Assert.Contains($"id=\"rate-month\">{Rate(thisMonth.Count(r => r.OnTime), thisMonth.Count)}</p>", html);
        Assert.Contains($"id=\"rate-year\">{Rate(thisYear.Count(r => r.OnTime), thisYear.Count)}</p>", html);
        Assert.Contains($"{Rate(thisYear.Count(r => r.OnTime && !r.Extended), thisYear.Count)} · 答复 {thisYear.Count} 件，其中延期 {thisYear.Count(r => r.Extended)} 件", html);
        // By handler: this month's replies, this year's.
        foreach (var handler in new[] { zhang, liu })
        {
            var row = Regex.Match(html, $"<tr><td>{handler}</td>(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
            var cells = Regex.Matches(row, "<td>([^<]*)</td>").Select(m => m.Groups[1].Value).ToList();
            var month = thisMonth.Where(r => r.Handler == handler).ToList();
            var year = thisYear.Where(r => r.Handler == handler).ToList();
            Assert.Equal([$"{month.Count}", Rate(month.Count(r => r.OnTime), month.Count), $"{year.Count}", Rate(year.Count(r => r.OnTime), year.Count),
                Rate(year.Count(r => r.OnTime && !r.Extended), year.Count)], cells);
        }
        // The trend: each of the last 12 months with replies, its rate and count; the month 12 back is not in it.
        var trend = Regex.Matches(html, @"<title>(\d{4}-\d{2}): ([0-9.]+)% \((\d+)\)</title>").Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value)).ToList();
        var expected = replies.Where(r => r.ServedOn >= monthStart.PlusMonths(-11)).GroupBy(r => r.ServedOn.ToYearMonth()).OrderBy(g => g.Key)
            .Select(g => (g.Key.ToString("uuuu-MM", CultureInfo.InvariantCulture), (100.0 * g.Count(r => r.OnTime) / g.Count()).ToString("0.#", CultureInfo.InvariantCulture), $"{g.Count()}"))
            .ToList();
        Assert.Equal(3, expected.Count);
        Assert.Equal(expected, trend);
    }

    private static string Rate(int part, int whole) => whole == 0 ? "—" : $"{100.0 * part / whole:0.0}%";
}
