using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Requests;
using Microsoft.Playwright;

namespace CaseFlow.Web.Tests;

/// <summary>What the form error browser tests share (issue 16 item 1): a form case, how it is typed and sent in Chromium and
/// what is checked afterwards (the Chinese message next to the field, <c>aria-invalid</c>, <c>aria-describedby</c>, everything
/// typed kept). Each derived class is one app and one browser, so xunit runs the classes in parallel.</summary>
public abstract class FormErrorBrowserTest : BrowserTest
{
    protected FormErrorBrowserTest() { }

    protected FormErrorBrowserTest(WebApp app) : base(app) { }

    protected enum Kind { Text, Select, Check, File, Secret }

    /// <summary>What is typed into one control: its selector, the value, how it is typed and checked afterwards
    /// (a secret is typed but never shown again; a file, a PDF unless its content is given, must be listed among the kept files).</summary>
    protected sealed record Typed(string Selector, string Value, Kind Kind = Kind.Text, byte[]? Content = null);

    /// <summary>One form's error path: who opens which page (null: the public; <c>applicant:number:code</c>: the public
    /// signed in to 我的申请 with a receipt), what is clicked to show the form, what is
    /// typed, which button sends it, the control refused and the Chinese message expected next to it.</summary>
    protected sealed record FormCase(string Name, string? User, string Url, string? Open, Typed[] Typed, string Submit, string Bad, string Message);

    protected async Task TryAsync(FormCase form, List<string> failures, Dictionary<string, IPage> pages)
    {
        try
        {
            var key = form.User ?? "";
            if (!pages.TryGetValue(key, out var page))
                pages[key] = page = form.User is null ? await PublicPageAsync()
                    : form.User.StartsWith("applicant:", StringComparison.Ordinal) ? await ApplicantPageAsync(form.User)
                    : await SignInAsync(form.User);
            await CheckAsync(page, form);
        }
        catch (Exception e) when (e is PlaywrightException or Xunit.Sdk.XunitException or TimeoutException)
        {
            failures.Add($"{form.Name}: {e.Message.Split('\n')[0]}");
            if (pages.TryGetValue(form.User ?? "", out var failed))
                await ShotAsync(failed, $"form-error-{failures.Count}");
        }
    }

    /// <summary>The action's form on the request page: the first text field marked required is left empty, the others typed;
    /// null when no text field is marked required.</summary>
    protected static async Task<FormCase?> ActionCaseAsync(IPage page, string requestId, string name)
    {
        var fields = (await page.Locator($"#action-{name} form").EvaluateAsync<string[]>(
                "f => [...f.querySelectorAll('textarea[name], input[name]:not([type]), input[name][type=text]')].map(c => (c.getAttribute('aria-required') === 'true' ? '*' : '') + c.name)"))
            .Select(f => new Field(f.TrimStart('*'), f.StartsWith('*'))).ToList();
        if (fields.FirstOrDefault(f => f.Required) is not { } bad)
            return null;
        var spec = RequestActions.Find(name)!;
        return new FormCase($"申请页：{spec.Zh}", WebApp.UserOfRole[Roles.Caseworker], $"/Requests/Details/{requestId}", $"#action-{name} summary",
            fields.Where(f => f != bad).Select((f, i) => new Typed($"#action-{name} [name='{f.Name}']", $"保留{i + 1}：{spec.Zh}")).ToArray(),
            $"#action-{name} button[type=submit]", $"#action-{name} [name='{bad.Name}']", "请填写");
    }

    private sealed record Field(string Name, bool Required);

    private async Task<IPage> PublicPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", BaseURL = BaseAddress });
        return await context.NewPageAsync();
    }

    /// <summary>A public page signed in to 我的申请 with the receipt's tracking number and access code.</summary>
    private async Task<IPage> ApplicantPageAsync(string user)
    {
        var (number, code) = (user.Split(':')[1], user.Split(':')[2]);
        var page = await PublicPageAsync();
        await page.GotoAsync("/My");
        await page.FillAsync("input[name=TrackingNumber]", number);
        await page.FillAsync("input[name=AccessCode]", code);
        await page.ClickAsync("#open-form button[type=submit]");
        await Assertions.Expect(page.Locator("#open-form")).ToHaveCountAsync(0);
        return page;
    }

    private static async Task CheckAsync(IPage page, FormCase form)
    {
        await page.GotoAsync(form.Url);
        if (form.Open is not null)
            await page.ClickAsync(form.Open);
        // The server's refusal is what is tested: the browser's own checks (max, type=email, maxlength) must not stop the
        // form or cut what is typed first.
        await page.EvaluateAsync("() => { document.querySelectorAll('form').forEach(f => f.noValidate = true); document.querySelectorAll('[maxlength]').forEach(c => c.removeAttribute('maxlength')); }");
        foreach (var typed in form.Typed)
        {
            switch (typed.Kind)
            {
                case Kind.Select: await page.SelectOptionAsync(typed.Selector, typed.Value); break;
                case Kind.Check: await page.CheckAsync(typed.Selector); break;
                case Kind.File:
                    await page.SetInputFilesAsync(typed.Selector, typed.Content is null
                        ? new FilePayload { Name = typed.Value, MimeType = "application/pdf", Buffer = ApplicantApiTests.Pdf }
                        : new FilePayload { Name = typed.Value, MimeType = "text/csv", Buffer = typed.Content });
                    break;
                default: await page.FillAsync(typed.Selector, typed.Value); break;
            }
        }
        await page.ClickAsync(form.Submit);

        var bad = page.Locator(form.Bad).First;
        await Assertions.Expect(bad).ToHaveAttributeAsync("aria-invalid", "true", new() { Timeout = 30_000 });
        var describedBy = (await bad.GetAttributeAsync("aria-describedby") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var errorId = describedBy.LastOrDefault();
        Assert.True(errorId is not null, $"{form.Bad} has no aria-describedby to its message ({string.Join(' ', describedBy)})");
        var error = page.Locator($"[id='{errorId}']");
        var said = await error.InnerTextAsync();
        Assert.True(said.Contains(form.Message, StringComparison.Ordinal), $"expected 「{form.Message}」, the message says 「{said}」");
        // Next to the field: right after it, or inside the group it is.
        Assert.True(await bad.EvaluateAsync<bool>("(field, id) => field.nextElementSibling?.id === id || (field.tagName === 'FIELDSET' && !!field.querySelector('#' + CSS.escape(id)))", errorId),
            $"the message {errorId} is not next to {form.Bad}");
        foreach (var typed in form.Typed)
        {
            switch (typed.Kind)
            {
                case Kind.Secret: break;
                case Kind.Check: Assert.True(await page.IsCheckedAsync(typed.Selector), $"{typed.Selector} is no longer checked"); break;
                case Kind.File: Assert.Contains(typed.Value, await page.Locator("#kept-files").InnerTextAsync()); break;
                default: Assert.Equal(typed.Value, await page.Locator(typed.Selector).First.InputValueAsync()); break;
            }
        }
    }
}
