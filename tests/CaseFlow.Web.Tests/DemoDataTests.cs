using CaseFlow.Web.Setup;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Web.Tests;

/// <summary>The demo (<c>--demo</c>) gives the supervisor wang.fang something to supervise.</summary>
public sealed class DemoDataTests : IAsyncLifetime
{
    private readonly WebApp _app = new() { Demo = true };

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_demo_supervisor_sees_a_pending_extension_and_early_warnings()
    {
        var wangFang = await _app.SignedInAsync("wang.fang", DemoData.DefaultPassword);

        var extensions = await wangFang.GetStringAsync("/Supervision/Extensions");
        var warnings = await wangFang.GetStringAsync("/Supervision/Warnings");

        Assert.Contains("所需信息跨越七个年度，需多个乡镇检索汇总。", extensions);
        Assert.Contains("群体性申请", warnings);
        Assert.Contains("城东片区", warnings);
        Assert.Contains("大批量申请", warnings);
        // Issue 12: the demo agency reviews replies by the supervisor's sign-off (the default), and the pending extension
        // shows in the supervisor's header badge.
        var settings = await wangFang.GetStringAsync("/Settings");
        Assert.Matches("name=\"Review.Replies\" value=\"single\" checked=\"checked\"", settings);
        Assert.Matches("id=\"extensions-link\"[^>]*>延期审批\\s*<span class=\"badge\"[^>]*>[1-9]", settings);
    }

    [Fact]
    public async Task The_demo_has_numbered_letters_issued_through_the_letters_desk()
    {
        await using var connection = await _app.Services.GetRequiredService<CaseFlow.Persistence.Database>().OpenAsync();
        var letters = (await Dapper.SqlMapper.QueryAsync<(string RequestId, string DocumentNumber, string Content)>(connection,
            "SELECT request_id, document_number, content FROM letters WHERE agency_code = 'demo' ORDER BY letter_type")).ToList();

        // Issue 12: the receipt, the correction notice, the fee notice and two replies (signed off by the supervisor, served).
        Assert.Equal(5, letters.Count);
        Assert.Matches(@"^〔\d{4}〕受第1号$", letters[0].DocumentNumber);
        Assert.Matches(@"^〔\d{4}〕补告第1号$", letters[1].DocumentNumber);
        var reply = letters.Single(l => l.Content.Contains("赵丽", StringComparison.Ordinal));
        Assert.Matches(@"^〔\d{4}〕答第\d号$", reply.DocumentNumber);
        letters[2] = reply;
        Assert.Contains("黄强", letters[0].Content);
        Assert.Contains("请写明所需文件的名称", letters[1].Content);
        Assert.All(letters, l => Assert.Contains(l.DocumentNumber, l.Content));
        // The caseworker issued the receipt, the correction notice and the fee notice; the supervisor's sign-off issued the
        // replies. Each letter has its own IssueLetter audit entry (an act's letter may have a second one: the request's change).
        Assert.Equal(3, await _app.CountAsync("SELECT COUNT(*) FROM letters WHERE agency_code = 'demo' AND issued_by = 'zhang.wei'"));
        Assert.Equal(2, await _app.CountAsync("SELECT COUNT(*) FROM letters WHERE agency_code = 'demo' AND issued_by = 'wang.fang' AND letter_type = @Reply",
            new { Reply = (int)CaseFlow.Domain.Correspondence.LetterType.Reply }));
        Assert.Equal(5, await _app.CountAsync("""
            SELECT COUNT(*) FROM audit_entries a JOIN letters l ON l.id = a.message_id
            WHERE a.activity = 'IssueLetter' AND a.actor = l.issued_by AND l.agency_code = 'demo'
            """));
        var zhangWei = await _app.SignedInAsync("zhang.wei", DemoData.DefaultPassword);
        Assert.Contains(letters[2].DocumentNumber, await zhangWei.GetStringAsync($"/Requests/Letters/{letters[2].RequestId}"));
    }

    [Fact]
    public async Task The_demo_has_last_years_ledger_and_its_annual_report_balances()
    {
        var wangFang = await _app.SignedInAsync("wang.fang", DemoData.DefaultPassword);
        var lastYear = CaseFlow.Workflows.DisclosureRequest.ChinaTime.Today(NodaTime.SystemClock.Instance).Year - 1;

        var report = await wangFang.GetStringAsync($"/Supervision/Report?year={lastYear}");

        Assert.Equal(64, await _app.CountAsync("SELECT COUNT(*) FROM ledger_requests WHERE agency_code = 'demo'"));
        Assert.Contains("核对：符合全部算术规则", report);
        Assert.Matches(@"一、本年新收政府信息公开申请数量</td>(\s*<td[^>]*>\d+</td>){6}\s*<td[^>]*>64</td>", report);
    }
}
