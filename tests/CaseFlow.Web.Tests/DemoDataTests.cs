using CaseFlow.Web.Setup;

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
