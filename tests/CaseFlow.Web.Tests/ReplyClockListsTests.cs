using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaseFlow.Domain.Deadlines;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 12 item 5, on the real app: a request in every open state, its reply due date in the past where the
/// state allows it (the receipt back-dated), and every list, count and export agrees with the saga's own view — its state
/// JSON and <see cref="ReplyClockStatus"/>'s decision. No stopped request is ever overdue; a running one past due is.</summary>
[Collection(nameof(WebCollection))]
public sealed class ReplyClockListsTests(WebApp app)
{
    private static LocalDate Today => ChinaTime.Today(SystemClock.Instance);
    private static string Iso(LocalDate d) => d.ToString("uuuu-MM-dd", null);

    private async Task<(string Id, string Tracking)> RegisterAsync(string name, LocalDate? receivedOn, string channel = "InPerson")
    {
        var body = Seed.Registration(name, $"申请公开{name}相关文件。");
        body["receivedOn"] = receivedOn is { } r ? Iso(r) : null;
        body["channel"] = channel;
        var created = await app.WithApiKey().RegisterAsync(body);
        return (created.GetProperty("id").GetString()!, created.GetProperty("trackingNumber").GetString()!);
    }

    private async Task ActAsync(string id, string action, Dictionary<string, object?> input)
    {
        var response = await app.WithApiKey().PostAsJsonAsync($"/api/requests/{id}/{action}", input);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{action}: {text}");
    }

    private async Task<string> StateAsync(string id) =>
        (await app.WithApiKey().GetFromJsonAsync<JsonElement>($"/api/requests/{id}")).GetProperty("state").GetString()!;

    /// <summary>The saga's own view: its state as stored, and what the domain decides from it today.</summary>
    private async Task<(DisclosureRequestState State, ReplyClockStatus Decision, string Json)> SagaViewAsync(string id)
    {
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync();
        var row = await Dapper.SqlMapper.QuerySingleAsync<RequestRow>(connection, RequestStore.SelectById, new { Id = id });
        var state = SagaJson.FromRow(row);
        var clock = app.Services.GetRequiredService<CalendarCatalog>().ClockFor(state.CalendarId);
        var deadlines = state.ReceivedOn is null ? null : clock.Compute(state.ClockEvents(), asOf: Today);
        return (state, ReplyClockStatus.Decide(state.ClockFacts(deadlines), Today), row.Data);
    }

    [Fact]
    public async Task A_request_in_each_stopped_state_is_never_overdue_in_any_list_count_or_export()
    {
        var longAgo = Today.PlusDays(-90);
        // Art. 31: not received yet.
        var registered = await RegisterAsync("时钟未起算", null, "OrdinaryPost");
        // Art. 33 ¶1: received 90 days ago, the clock runs: overdue.
        var running = await RegisterAsync("时钟逾期", longAgo);
        // Art. 33 ¶2: an extension asked on the second day waits for the decision; the clock runs on: overdue.
        var extension = await RegisterAsync("时钟待延期", longAgo);
        await ActAsync(extension.Id, "extension-request", new() { ["date"] = Iso(longAgo.PlusDays(1)), ["days"] = 10, ["reason"] = "检索量大" });
        // Art. 30: a correction notice on the second day; the old date is not in force: stopped.
        var correction = await RegisterAsync("时钟待补正", longAgo);
        await ActAsync(correction.Id, "correction-notice", new()
        {
            ["date"] = Iso(longAgo.PlusDays(1)), ["items"] = "请明确所需信息的年份", ["correctionPeriodEndsOn"] = Iso(Today.PlusDays(10)),
        });
        // Art. 33 ¶3: a third-party consultation sent a week ago, after the due date passed: stopped, its date still past.
        var consulting = await RegisterAsync("时钟征求意见", longAgo);
        await ActAsync(consulting.Id, "consultation", new()
        {
            ["kind"] = "ThirdParty", ["participants"] = "某建设有限公司", ["question"] = "是否同意公开合同？", ["date"] = Iso(Today.PlusDays(-7)),
            ["documentNumber"] = "测征〔2026〕9号",
        });
        // Art. 42: a fee notice served within the reply period, payment window still open: stopped.
        var fee = await RegisterAsync("时钟待缴费", Today.PlusDays(-20));
        await ActAsync(fee.Id, "fee-notice", new() { ["date"] = Iso(Today.PlusDays(-19)), ["amount"] = 100, ["basis"] = "国办函〔2020〕109号 按量计收", ["method"] = "per-volume", ["pages"] = 40 });
        var until = DateTime.UtcNow.AddSeconds(60);
        while (await StateAsync(consulting.Id) != "Consulting" && DateTime.UtcNow < until)
            await Task.Delay(100);

        var all = new[] { registered, running, extension, correction, consulting, fee };
        var expectedStates = new[] { "Registered", "InProgress", "AwaitingExtensionDecision", "AwaitingCorrection", "Consulting", "AwaitingFeePayment" };
        Assert.Equal(expectedStates, await Task.WhenAll(all.Select(r => StateAsync(r.Id))));
        var views = new Dictionary<string, (DisclosureRequestState State, ReplyClockStatus Decision, string Json)>();
        foreach (var r in all)
            views[r.Id] = await SagaViewAsync(r.Id);

        // The saga stored what the domain decides, in its JSON and its row.
        foreach (var (id, (state, decision, json)) in views)
        {
            Assert.Equal((decision.ClockRunning, decision.StoppedSince), (state.ClockRunning, state.StoppedSince));
            Assert.Contains($"\"clockRunning\":{(decision.ClockRunning ? "true" : "false")}", json);
        }
        Assert.Equal([false, true, true, false, false, false], all.Select(r => views[r.Id].Decision.ClockRunning));
        Assert.Equal([false, true, true, false, false, false], all.Select(r => views[r.Id].Decision.Overdue));
        // Where the state allows it the stored date is in the past; a stopped request is still not overdue.
        Assert.All(new[] { running, extension, correction, consulting }, r => Assert.True(views[r.Id].State.ReplyDueOn < Today, r.Tracking));
        Assert.Equal([Today.PlusDays(-7), longAgo.PlusDays(1)], new[] { consulting, correction }.Select(r => views[r.Id].Decision.StoppedSince));
        var overdueIds = all.Where(r => views[r.Id].Decision.Overdue).Select(r => r.Id).ToHashSet();
        var stopped = all.Where(r => !views[r.Id].Decision.ClockRunning).ToList();

        // GET /api/requests: the overdue scope, and every item's clockRunning / stoppedSince / overdue.
        var api = app.WithApiKey();
        var overdueScope = await api.GetFromJsonAsync<JsonElement>("/api/requests?scope=overdue&pageSize=200");
        var listed = overdueScope.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToHashSet();
        Assert.Equal(overdueIds, all.Select(r => r.Id).Where(listed.Contains).ToHashSet());
        Assert.All(overdueScope.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("clockRunning").GetBoolean()));
        var open = await AllOpenAsync(api);
        foreach (var r in all)
        {
            var item = open.Single(i => i.GetProperty("id").GetString() == r.Id);
            var decision = views[r.Id].Decision;
            Assert.Equal(decision.ClockRunning, item.GetProperty("clockRunning").GetBoolean());
            Assert.Equal(decision.Overdue, item.GetProperty("overdue").GetBoolean());
            Assert.Equal(decision.StoppedSince is { } since ? Iso(since) : null,
                item.TryGetProperty("stoppedSince", out var s) ? s.GetString() : null);
        }

        // The request page's badge reads the same stored decision (clock running, reply due date in force).
        var caseworkerPages = await app.AsRoleAsync(Roles.Caseworker);
        foreach (var r in all)
            Assert.True(overdueIds.Contains(r.Id) == (await caseworkerPages.GetStringAsync($"/Requests/Details/{r.Id}")).Contains("id=\"overdue-badge\"", StringComparison.Ordinal), r.Tracking);

        // 督办: the overdue and due-soon lists, as the page and its CSV export show them (the same query).
        var supervisor = await app.AsRoleAsync(Roles.Supervisor);
        var overdueCsv = await (await supervisor.GetAsync("/Supervision/FollowUp?handler=Export&list=overdue&format=csv")).Content.ReadAsStringAsync();
        var dueSoonCsv = await (await supervisor.GetAsync("/Supervision/FollowUp?handler=Export&list=duesoon&format=csv")).Content.ReadAsStringAsync();
        // The page is paged (50 a page, issue 15 item 3): every page of the list, joined.
        var overduePage = "";
        for (var p = 1; ; p++)
        {
            var html = await supervisor.GetStringAsync($"/Supervision/FollowUp?list=overdue&p={p}");
            overduePage += html;
            if (!html.Contains($"p={p + 1}\"", StringComparison.Ordinal))
                break;
        }
        // A page past the last lists nothing and still counts the whole list (共 N 件).
        var first = await supervisor.GetStringAsync("/Supervision/FollowUp?list=overdue&p=1");
        var beyond = await supervisor.GetStringAsync("/Supervision/FollowUp?list=overdue&p=100000");
        Assert.Contains("name=\"Selected\"", first);
        Assert.DoesNotContain("name=\"Selected\"", beyond);
        Assert.Equal(Regex.Match(first, @"共 (\d+) 件").Groups[1].Value, Regex.Match(beyond, @"共 (\d+) 件").Groups[1].Value);
        Assert.True(int.Parse(Regex.Match(first, @"共 (\d+) 件").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= overdueIds.Count);
        foreach (var r in all)
        {
            var overdue = overdueIds.Contains(r.Id);
            Assert.Equal(overdue, overdueCsv.Contains(r.Tracking, StringComparison.Ordinal));
            Assert.Equal(overdue, overduePage.Contains(r.Tracking, StringComparison.Ordinal));
        }
        Assert.All(stopped, r => Assert.DoesNotContain(r.Tracking, dueSoonCsv, StringComparison.Ordinal));

        // The dashboard's buckets: overdue equals the overdue scope's total; the stopped ones count apart.
        var dashboard = await supervisor.GetStringAsync("/Supervision");
        var row = Regex.Match(dashboard, @"<tr><td>测试机关a1</td>(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
        var cells = Regex.Matches(row, @"<td[^>]*>(?:<a [^>]*>)?(\d+)(?:</a>)?</td>").Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(7, cells.Count);
        var openAgain = await AllOpenAsync(api);
        Assert.Equal(overdueScope.GetProperty("total").GetInt64(), cells[0]);
        Assert.Equal(openAgain.Count(i => i.GetProperty("overdue").GetBoolean()), cells[0]);
        Assert.Equal(openAgain.Count(i => !i.GetProperty("clockRunning").GetBoolean() && i.TryGetProperty("replyDueOn", out _)), cells[5]);
        Assert.Equal(openAgain.Count(i => !i.TryGetProperty("replyDueOn", out _)), cells[4]);
        Assert.Equal(openAgain.Count, cells[6]);
    }

    private static async Task<List<JsonElement>> AllOpenAsync(HttpClient api)
    {
        var items = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var body = await api.GetFromJsonAsync<JsonElement>($"/api/requests?scope=open&pageSize=200&page={page}");
            items.AddRange(body.GetProperty("items").EnumerateArray().Select(e => e.Clone()));
            if (items.Count >= body.GetProperty("total").GetInt64())
                return items;
        }
    }
}
