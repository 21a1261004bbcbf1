using CaseFlow.Persistence.Workplace;
using Microsoft.Playwright;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 16, phone and keyboard: every page a role can open, at 390 px (a phone) and 1366 px (a desk), never
/// scrolls sideways; the header folds into a 菜单 on the phone; the sign-in page starts on 用户名. Screenshots of every
/// page at both widths go to <c>$CASEFLOW_ARTIFACTS/screenshots/layout-*</c>.</summary>
public sealed class LayoutBrowserTests : BrowserTest
{
    private static readonly Dictionary<string, string[]> PagesOfRole = new()
    {
        [Roles.Caseworker] = ["/Workbench", "/Requests/Register", "/Reminders", "/Notifications", "/Account/Password", "/Preview", "/Status", "/Requests/Details/{id}"],
        [Roles.Supervisor] = ["/Workbench", "/Supervision", "/Supervision/FollowUp", "/Supervision/Extensions", "/Supervision/Report", "/Supervision/Warnings", "/Settings", "/Requests/Details/{id}"],
        [Roles.LegalAdviser] = ["/Consultations", "/Notifications", "/Account/Password"],
        [Roles.Administrator] = ["/Admin/Agencies", "/Admin/Users", "/Admin/ApiKeys", "/Admin/Audit", "/Admin/LetterNumbers", "/Settings"],
    };

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

    private static async Task<(int ScrollWidth, int InnerWidth)> WidthsAsync(IPage page) =>
        (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));

    [Theory]
    [InlineData(390)]
    [InlineData(1366)]
    public async Task No_page_a_role_can_open_scrolls_sideways(int width)
    {
        var fields = Seed.Registration(name: "版式测试人", description: "申请公开2024年本区老旧小区改造资金使用明细及有关合同、验收报告、审计报告等材料。");
        fields["handler"] = WebApp.UserOfRole[Roles.Caseworker];
        using var api = new HttpClient { BaseAddress = new Uri(BaseAddress) };
        api.DefaultRequestHeaders.Add("X-Api-Key", App.ApiKey);
        var id = (await api.RegisterAsync(fields)).GetProperty("id").GetString()!;
        var overflowing = new List<string>();
        foreach (var (role, paths) in PagesOfRole)
        {
            var page = await SignInAtAsync(WebApp.UserOfRole[role], width);
            foreach (var path in paths.Select(p => p.Replace("{id}", id, StringComparison.Ordinal)))
            {
                var response = await page.GotoAsync(path);
                Assert.True(response!.Ok, $"{role} {path}: {response.Status}");
                var (scroll, inner) = await WidthsAsync(page);
                if (scroll > inner)
                    overflowing.Add($"{role} {path}: {scroll} > {inner}");
                await ShotAsync(page, $"layout-{width}-{role}-{path.Trim('/').Replace('/', '-').Replace(id, "request", StringComparison.Ordinal)}");
            }
            await page.Context.CloseAsync();
        }
        var anonymous = await Browser.NewPageAsync(new BrowserNewPageOptions { Locale = "zh-CN", BaseURL = BaseAddress, ViewportSize = new ViewportSize { Width = width, Height = 800 } });
        foreach (var path in new[] { "/Account/Login", "/Status", "/Preview" })
        {
            await anonymous.GotoAsync(path);
            var (scroll, inner) = await WidthsAsync(anonymous);
            if (scroll > inner)
                overflowing.Add($"anonymous {path}: {scroll} > {inner}");
        }

        Assert.Empty(overflowing);
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
}
