using System.Net.Http.Json;
using CaseFlow.Persistence.Workplace;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 16, phone and keyboard: every page of the app (enumerated from its Razor page routes, so a new page is
/// covered without touching this test), opened by each role and by an applicant who is not signed in, at 390 px (a phone)
/// and 1366 px (a desk), never scrolls sideways; the header folds into a 菜单 on the phone; the sign-in page starts on
/// 用户名. Screenshots of every page at 390 px go to <c>$CASEFLOW_ARTIFACTS/screenshots/layout-*</c>.</summary>
public sealed class LayoutBrowserTests : BrowserTest
{
    private static readonly int[] Widths = [390, 1366];

    private async Task<IPage> SignInAtAsync(string userName, int width)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "zh-CN", BaseURL = BaseAddress, ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 844 : 768 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("input[name=UserName]", userName);
        await page.FillAsync("input[name=Password]", WebApp.Password);
        await page.ClickAsync("button:has-text('登录')");
        await page.WaitForURLAsync(u => !u.Contains("/Account/Login", StringComparison.Ordinal));
        return page;
    }

    /// <summary>The path of every Razor page as the app routes it (the shortest route of each page), with its route
    /// values filled from <paramref name="samples"/>; a page with a route value no sample fills fails the test.</summary>
    private List<string> EveryPage(Dictionary<string, string> samples)
    {
        var pages = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Endpoint: e, Page: e.Metadata.GetMetadata<PageActionDescriptor>()))
            .Where(p => p.Page is not null)
            .GroupBy(p => p.Page!.ViewEnginePath)
            .Select(g => "/" + g.Select(p => p.Endpoint.RoutePattern.RawText ?? "").OrderBy(r => r.Length).First())
            .ToList();
        var unfilled = new List<string>();
        var paths = new List<string>();
        foreach (var route in pages)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(route, @"\{(\w+)(:[^}]*)?\}", m =>
                samples.TryGetValue($"{route.Split('{')[0]}{{{m.Groups[1].Value}}}", out var value) ? value : "{?}");
            if (path.Contains("{?}", StringComparison.Ordinal))
                unfilled.Add(route);
            paths.Add(path);
        }
        Assert.True(unfilled.Count == 0, $"No sample route value for: {string.Join(", ", unfilled)}");
        return paths;
    }

    private static async Task<string?> OverflowAsync(IPage page) =>
        await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > document.documentElement.clientWidth")
            ? $"{await page.EvaluateAsync<int>("document.documentElement.scrollWidth")} > {await page.EvaluateAsync<int>("document.documentElement.clientWidth")}"
            : null;

    [Fact]
    public async Task No_page_scrolls_sideways_at_390_or_1366_px_for_any_role()
    {
        var fields = Seed.Registration(name: "版式测试人", description: "申请公开2024年本区老旧小区改造资金使用明细及有关合同、验收报告、审计报告等材料。");
        fields["handler"] = WebApp.UserOfRole[Roles.Caseworker];
        using var api = new HttpClient { BaseAddress = new Uri(BaseAddress) };
        api.DefaultRequestHeaders.Add("X-Api-Key", App.ApiKey);
        var id = (await api.RegisterAsync(fields)).GetProperty("id").GetString()!;
        var consulted = await api.PostAsJsonAsync($"/api/requests/{id}/consultation", new Dictionary<string, object?>
        {
            ["kind"] = "Internal", ["advisers"] = new[] { WebApp.UserOfRole[Roles.LegalAdviser] }, ["question"] = "该合同是否属于可以公开的政府信息？",
            ["date"] = Seed.Today(), ["dueOn"] = Seed.Today(7),
        });
        Assert.True(consulted.IsSuccessStatusCode, await consulted.Content.ReadAsStringAsync());
        var consultation = await App.ScalarAsync<string>("SELECT id FROM consultations WHERE request_id = @Id", new { Id = id });
        var corrected = await api.PostAsJsonAsync("/api/record-corrections", new Dictionary<string, object?>
        {
            ["applicantName"] = "版式测试人", ["applicantIdDocument"] = "居民身份证 110105194912310021", ["applicantContact"] = "13800138000",
            ["record"] = "2025年低保公示名单中本人家庭人口数记为5人", ["evidence"] = "户口簿复印件：家庭人口3人", ["receivedOn"] = Seed.Today(),
        });
        Assert.True(corrected.IsSuccessStatusCode, await corrected.Content.ReadAsStringAsync());
        var correction = (await corrected.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
        var paths = EveryPage(new()
        {
            ["/Requests/Details/{id}"] = id, ["/Requests/Letters/{id}"] = id, ["/Consultations/{id}"] = consultation!,
            ["/RecordCorrections/{id}"] = correction,
        });

        var overflowing = new List<string>();
        var shown = new HashSet<string>();
        foreach (var role in new string?[] { Roles.Caseworker, Roles.LegalAdviser, Roles.Supervisor, Roles.Administrator, null })
        {
            var page = role is null
                ? await Browser.NewPageAsync(new BrowserNewPageOptions { Locale = "zh-CN", BaseURL = BaseAddress, ViewportSize = new ViewportSize { Width = 390, Height = 844 } })
                : await SignInAtAsync(WebApp.UserOfRole[role], 390);
            var who = role ?? "applicant";
            // Signing out is a page too: visited last, or it would end the session for the pages after it.
            foreach (var path in paths.OrderBy(p => p == "/Account/Logout"))
            {
                var response = await page.GotoAsync(path);
                var landed = new Uri(page.Url).AbsolutePath;
                // A page of another role (or of a consultation this role is not party to) is not this role's page.
                if ((landed != path && landed is "/Account/Denied" or "/Account/Login") || response!.Status == 404)
                    continue;
                Assert.True(response.Status < 400 || landed == "/Account/Denied", $"{who} {path}: {response.Status}");
                shown.Add(path);
                foreach (var width in Widths)
                {
                    await page.SetViewportSizeAsync(width, width < 600 ? 844 : 768);
                    if (await OverflowAsync(page) is { } widths)
                        overflowing.Add($"{who} {path} at {width} px: {widths}");
                }
                await page.SetViewportSizeAsync(390, 844);
                await ShotAsync(page, $"layout-390-{who}-{(path.Trim('/').Length == 0 ? "home" : path.Trim('/').Replace('/', '-'))}".Replace(id, "request", StringComparison.Ordinal).Replace(consultation!, "consultation", StringComparison.Ordinal).Replace(correction, "record-correction", StringComparison.Ordinal));
            }
            await page.Context.CloseAsync();
        }

        Assert.Empty(overflowing);
        Assert.Empty(paths.Except(shown));
    }

    [Fact]
    public async Task On_a_phone_the_header_folds_into_a_menu_that_shows_the_user_and_sign_out()
    {
        var page = await SignInAtAsync(WebApp.UserOfRole[Roles.Caseworker], 390);

        await Assertions.Expect(page.Locator("header.top summary")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("header.top >> text=退出")).Not.ToBeVisibleAsync();
        await page.ClickAsync("header.top summary");
        var signOut = page.Locator("header.top >> text=退出");
        await Assertions.Expect(signOut).ToBeVisibleAsync();
        var box = await signOut.BoundingBoxAsync();
        Assert.True(box!.X + box.Width <= 390, $"退出 ends at {box.X + box.Width} px");
        await ShotAsync(page, "layout-390-menu-open");
    }

    [Fact]
    public async Task The_sign_in_page_starts_on_the_user_name_and_the_skip_link_comes_first()
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { Locale = "zh-CN", BaseURL = BaseAddress });
        await page.GotoAsync("/Account/Login");

        Assert.Equal("UserName", await page.EvaluateAsync<string>("document.activeElement.name"));
        Assert.Equal("跳到正文", await page.EvaluateAsync<string>("document.querySelector('a[href], button, input:not([type=hidden]), select, textarea, summary').textContent"));
        await page.FocusAsync("a.skip");
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("document.activeElement.id"));
    }

    [Fact]
    public async Task A_form_page_starts_on_its_first_field_and_a_long_page_does_not_jump()
    {
        var page = await SignInAtAsync(WebApp.UserOfRole[Roles.Caseworker], 390);

        await page.GotoAsync("/Preview");
        Assert.Equal("received", await page.EvaluateAsync<string>("document.activeElement.name"));
        await page.GotoAsync("/Account/Password");
        Assert.Equal("Current", await page.EvaluateAsync<string>("document.activeElement.name"));
        using var api = new HttpClient { BaseAddress = new Uri(BaseAddress) };
        api.DefaultRequestHeaders.Add("X-Api-Key", App.ApiKey);
        var id = (await api.RegisterAsync()).GetProperty("id").GetString();
        await page.GotoAsync($"/Requests/Details/{id}");
        Assert.Equal("BODY", await page.EvaluateAsync<string>("document.activeElement.tagName"));
        Assert.Equal(0, await page.EvaluateAsync<int>("window.scrollY"));
    }
}
