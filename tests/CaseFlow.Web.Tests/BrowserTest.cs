using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CaseFlow.Web.Tests;

/// <summary>What every browser test stands on: the real app on a loopback port and Debian's Chromium (never a
/// downloaded browser). Screenshots go to <c>$CASEFLOW_ARTIFACTS/screenshots</c> (default: the test output).</summary>
public abstract class BrowserTest : IAsyncLifetime
{
    private static readonly string Screenshots = Path.Combine(
        Environment.GetEnvironmentVariable("CASEFLOW_ARTIFACTS") ?? AppContext.BaseDirectory, "screenshots");

    private IPlaywright _playwright = null!;

    protected WebApp App { get; }

    protected BrowserTest() : this(new WebApp()) { }

    /// <summary>A browser test over an app set up otherwise (e.g. with a fake SMTP boundary).</summary>
    protected BrowserTest(WebApp app) => App = app.OnKestrel();

    protected IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync(_playwright);
    }

    /// <summary>Debian's Chromium, headless; the screenshot folder made.</summary>
    internal static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(Screenshots);
        return browser;
    }

    public virtual async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await App.DisposeAsync();
    }

    protected string BaseAddress => App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    protected internal static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, $"{name}.png"), FullPage = true });

    /// <summary>A new browser context in Chinese, signed in through the sign-in form.</summary>
    protected async Task<IPage> SignInAsync(string userName)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", BaseURL = BaseAddress });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.FillAsync("input[name=UserName]", userName);
        await page.FillAsync("input[name=Password]", WebApp.Password);
        await page.ClickAsync("button:has-text('登录')");
        return page;
    }
}
