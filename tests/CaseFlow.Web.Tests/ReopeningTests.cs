using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Reporting;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Workflows.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Text;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 14: a challenge whose result corrected the handling (纠正, 责令重新答复) reopens the closed request into a
/// new reply period, from the request page or <c>POST /api/requests/{id}/reopen</c>; once per challenge.</summary>
[Collection(nameof(WebCollection))]
public sealed class ReopeningTests(WebApp app)
{
    [Fact]
    public async Task A_corrected_reconsideration_reopens_the_closed_request_through_the_api_with_a_new_due_date()
    {
        var api = app.WithApiKey();
        var id = (await api.RegisterAsync(Seed.Registration(name: "复议重答人"))).GetProperty("id").GetString()!;
        var today = Seed.Today();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/requests/{id}/withdrawal", new { date = today })).StatusCode);

        // Closed, no challenge yet: the page offers no reopening.
        var caseworker = await app.AsRoleAsync(Roles.Caseworker);
        Assert.DoesNotContain("id=\"action-reopen\"", await caseworker.GetStringAsync($"/Requests/Details/{id}"));

        await using (var connection = await app.Services.GetRequiredService<Database>().OpenAsync())
        {
            var (agency, tracking) = await connection.QuerySingleAsync<(string, string)>("SELECT agency_code, tracking_number FROM requests WHERE id = @Id", new { Id = id });
            await connection.ExecuteAsync(ReportStore.InsertChallenge, new
            {
                AgencyCode = agency, TrackingNumber = tracking, Kind = "reconsideration", AfterReconsideration = false,
                FiledOn = LocalDatePattern.Iso.Parse(today).Value, Result = "corrected", DecidedOn = LocalDatePattern.Iso.Parse(today).Value,
                RecordedAt = NodaTime.SystemClock.Instance.GetCurrentInstant(),
            });
        }
        var page = await caseworker.GetStringAsync($"/Requests/Details/{id}");
        Assert.Contains("id=\"action-reopen\"", page);
        Assert.Contains("因复议、诉讼纠正重新答复", page);
        Assert.Contains($"value=\"reconsideration:{today}\"", page);

        // Bad input names its field; nothing changes.
        var missing = await api.PostAsJsonAsync($"/api/requests/{id}/reopen", new { date = today });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var errors = (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("challenge", out _));
        Assert.True(errors.TryGetProperty("documentNumber", out _));
        Assert.Equal(HttpStatusCode.Forbidden,
            (await (await app.AsRoleAsync(Roles.LegalAdviser)).PostAsJsonAsync($"/api/requests/{id}/reopen", new { challenge = $"reconsideration:{today}" })).StatusCode);

        var body = new { challenge = $"reconsideration:{today}", date = today, documentNumber = "县府复决〔2025〕3号：撤销原处理，责令重新答复" };
        var reopened = await api.PostAsJsonAsync($"/api/requests/{id}/reopen", body);
        Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        var read = await api.GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
        Assert.Equal("InProgress", read.GetProperty("state").GetString());
        var clock = app.Services.GetRequiredService<CalendarCatalog>().ClockFor("cn");
        Assert.Equal(RequestActionsIso(clock.After(LocalDatePattern.Iso.Parse(today).Value, 20).DueOn), read.GetProperty("deadlines").GetProperty("replyDueOn").GetString());
        Assert.Contains("此前的答复", await caseworker.GetStringAsync($"/Requests/Details/{id}"));
        Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM earlier_replies WHERE request_id = @Id", new { Id = id }));

        // Once per challenge: closed again, the same challenge does not reopen it twice.
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/requests/{id}/withdrawal", new { date = today })).StatusCode);
        Assert.DoesNotContain("id=\"action-reopen\"", await caseworker.GetStringAsync($"/Requests/Details/{id}"));
        var again = await api.PostAsJsonAsync($"/api/requests/{id}/reopen", body);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("一次", await again.Content.ReadAsStringAsync());
    }

    private static string RequestActionsIso(NodaTime.LocalDate date) => CaseFlow.Web.Requests.RequestActions.Iso(date);
}
