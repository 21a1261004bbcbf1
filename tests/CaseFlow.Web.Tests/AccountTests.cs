using System.Net;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CaseFlow.Web.Tests;

/// <summary>Accounts over time: a user changes their password, an administrator edits or disables a user, and the
/// sessions that no longer match end at once.</summary>
[Collection(nameof(WebCollection))]
public sealed class AccountTests(WebApp app)
{
    private async Task<string> NewUserAsync(string userName, string role = Roles.Caseworker)
    {
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync();
        var id = Guid.NewGuid().ToString();
        await Users.InsertAsync(connection, new UserAccount
        {
            Id = id, UserName = userName, DisplayName = userName, AgencyCode = "a1", Role = role,
            PasswordHash = SignInService.HashPassword(WebApp.Password), CreatedAt = SystemClock.Instance.GetCurrentInstant(),
        });
        return id;
    }

    private static async Task<HttpStatusCode> WorkbenchAsync(HttpClient client) => (await client.GetAsync("/Workbench")).StatusCode;

    [Fact]
    public async Task A_user_changes_their_password_and_their_other_sessions_end()
    {
        await NewUserAsync("pw.change");
        var here = await app.SignedInAsync("pw.change");
        var elsewhere = await app.SignedInAsync("pw.change");

        var wrong = await here.PostFormAsync("/Account/Password", new() { ["Current"] = "not-it", ["New"] = "a-new-password-2", ["Confirm"] = "a-new-password-2" });
        Assert.Contains("「当前密码」不正确。", await wrong.Content.ReadAsStringAsync());
        var shortOne = await here.PostFormAsync("/Account/Password", new() { ["Current"] = WebApp.Password, ["New"] = "short", ["Confirm"] = "short" });
        Assert.Contains("「新密码」至少10位。", await shortOne.Content.ReadAsStringAsync());
        var differs = await here.PostFormAsync("/Account/Password", new() { ["Current"] = WebApp.Password, ["New"] = "a-new-password-2", ["Confirm"] = "a-new-password-3" });
        Assert.Contains("两次输入的「新密码」不一致。", await differs.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, await WorkbenchAsync(elsewhere));

        var changed = await here.PostFormAsync("/Account/Password", new() { ["Current"] = WebApp.Password, ["New"] = "a-new-password-2", ["Confirm"] = "a-new-password-2" });
        Assert.Contains("密码已修改", await changed.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, await WorkbenchAsync(here));
        Assert.Equal(HttpStatusCode.Redirect, await WorkbenchAsync(elsewhere));
        var oldPassword = await app.Anonymous().PostFormAsync("/Account/Login", new() { ["UserName"] = "pw.change", ["Password"] = WebApp.Password });
        Assert.Equal(HttpStatusCode.OK, oldPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await WorkbenchAsync(await app.SignedInAsync("pw.change", "a-new-password-2")));
        Assert.Contains("pw.change</small></td><td>修改密码</td><td>pw.change</td>", await (await app.AsRoleAsync(Roles.Administrator)).GetStringAsync("/Admin/Audit"));
    }

    private static readonly System.Text.RegularExpressions.Regex FormToken = new("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");

    private static string CookiesOf(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string cookies, Dictionary<string, string>? form = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Cookie", cookies);
        if (form is not null)
            request.Content = new FormUrlEncodedContent(form);
        return await client.SendAsync(request);
    }

    private static string TokenOf(string page) => WebUtility.HtmlDecode(FormToken.Match(page).Groups[1].Value);

    [Fact]
    public async Task A_cookie_copied_before_sign_out_stops_working()
    {
        await NewUserAsync("copied.cookie");
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var loginPage = await client.GetAsync("/Account/Login");
        var antiforgery = CookiesOf(loginPage);
        var login = await SendAsync(client, HttpMethod.Post, "/Account/Login", antiforgery, new()
        {
            ["UserName"] = "copied.cookie", ["Password"] = WebApp.Password, ["__RequestVerificationToken"] = TokenOf(await loginPage.Content.ReadAsStringAsync()),
        });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var copied = $"{antiforgery}; {CookiesOf(login)}";
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, "/Workbench", copied)).StatusCode);

        var page = await (await SendAsync(client, HttpMethod.Get, "/Account/Password", copied)).Content.ReadAsStringAsync();
        var signOut = await SendAsync(client, HttpMethod.Post, "/Account/Logout", copied, new() { ["__RequestVerificationToken"] = TokenOf(page) });
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        var replayed = await SendAsync(client, HttpMethod.Get, "/Workbench", copied);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Contains("/Account/Login", replayed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, await WorkbenchAsync(await app.SignedInAsync("copied.cookie")));
    }

    private static readonly System.Text.RegularExpressions.Regex OneTime = new("<code>([^<]+)</code>");

    [Fact]
    public async Task A_password_an_administrator_set_must_be_changed_and_the_policy_refuses_trivial_ones()
    {
        var admin = await app.AsRoleAsync(Roles.Administrator);
        var created = await admin.PostFormAsync("/Admin/Users?handler=Create",
            new() { ["UserName"] = "forced.change", ["DisplayName"] = "强制改密", ["AgencyCode"] = "a1", ["Role"] = Roles.Caseworker }, "/Admin/Users");
        var given = WebUtility.HtmlDecode(OneTime.Match(await created.Content.ReadAsStringAsync()).Groups[1].Value);
        Assert.NotEmpty(given);

        var user = await app.SignedInAsync("forced.change", given);
        var workbench = await user.GetAsync("/Workbench");
        Assert.Equal(HttpStatusCode.Redirect, workbench.StatusCode);
        Assert.Equal("/Account/Password", workbench.Headers.Location!.OriginalString);
        var api = await user.GetAsync("/api/requests");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);
        Assert.Contains("请先修改密码", await user.GetStringAsync("/Account/Password"));

        foreach (var (weak, message) in new[]
        {
            ("aaaaaaaaaa", "「新密码」须包含小写字母、大写字母、数字、符号中的至少三类。"),
            ("12345678", "「新密码」至少10位。"),
            ("password", "「新密码」至少10位。"),
            ("Password123!", "「新密码」过于常见或简单，请换一个。"),
            ("Forced.Change-1", "「新密码」不能包含用户名。"),
            ("Ab1Ab1Ab1Ab1", "「新密码」过于常见或简单，请换一个。"),
        })
        {
            var refused = await user.PostFormAsync("/Account/Password", new() { ["Current"] = given, ["New"] = weak, ["Confirm"] = weak });
            Assert.Contains(message, await refused.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.Redirect, await WorkbenchAsync(user));
        }

        var changed = await user.PostFormAsync("/Account/Password", new() { ["Current"] = given, ["New"] = "Lotus-pond-42", ["Confirm"] = "Lotus-pond-42" });
        Assert.Contains("密码已修改", await changed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, await WorkbenchAsync(user));

        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync();
        var id = (await Users.FindByNameAsync(connection, "forced.change"))!.Id;
        var reset = await admin.PostFormAsync($"/Admin/Users?handler=Reset&id={id}", new(), "/Admin/Users");
        var again = WebUtility.HtmlDecode(OneTime.Match(await reset.Content.ReadAsStringAsync()).Groups[1].Value);
        Assert.Equal(HttpStatusCode.Redirect, await WorkbenchAsync(user));
        var afterReset = await app.SignedInAsync("forced.change", again);
        Assert.Equal("/Account/Password", (await afterReset.GetAsync("/Workbench")).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_disabled_user_is_signed_out_and_cannot_sign_in_again()
    {
        var id = await NewUserAsync("to.disable");
        var session = await app.SignedInAsync("to.disable");
        Assert.Equal(HttpStatusCode.OK, await WorkbenchAsync(session));
        var admin = await app.AsRoleAsync(Roles.Administrator);

        await admin.PostFormAsync($"/Admin/Users?handler=Update&id={id}",
            new() { ["DisplayName"] = "to.disable", ["AgencyCode"] = "a1", ["Role"] = Roles.Caseworker, ["Disabled"] = "true" }, "/Admin/Users");

        Assert.Equal(HttpStatusCode.Redirect, await WorkbenchAsync(session));
        var again = await app.Anonymous().PostFormAsync("/Account/Login", new() { ["UserName"] = "to.disable", ["Password"] = WebApp.Password });
        Assert.Contains("用户名或密码不正确。", await again.Content.ReadAsStringAsync());
        Assert.Contains("修改用户</td><td>to.disable</td><td>disabled</td>", await admin.GetStringAsync("/Admin/Audit"));
    }

    [Fact]
    public async Task A_user_moved_to_another_role_gets_that_roles_pages_after_signing_in_again()
    {
        var id = await NewUserAsync("to.promote");
        var session = await app.SignedInAsync("to.promote");
        var admin = await app.AsRoleAsync(Roles.Administrator);

        var invalid = await admin.PostFormAsync($"/Admin/Users?handler=Update&id={id}",
            new() { ["DisplayName"] = "to.promote", ["AgencyCode"] = "a1", ["Role"] = "emperor" }, "/Admin/Users");
        Assert.Contains("「角色」无效。", await invalid.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, await WorkbenchAsync(session));

        await admin.PostFormAsync($"/Admin/Users?handler=Update&id={id}",
            new() { ["DisplayName"] = "to.promote", ["AgencyCode"] = "a1", ["Role"] = Roles.LegalAdviser }, "/Admin/Users");

        Assert.Equal(HttpStatusCode.Redirect, await WorkbenchAsync(session));
        var adviser = await app.SignedInAsync("to.promote");
        Assert.Equal(HttpStatusCode.OK, (await adviser.GetAsync("/Consultations")).StatusCode);
        Assert.Contains("/Account/Denied", (await adviser.GetAsync("/Workbench")).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_administrator_cannot_disable_themselves()
    {
        var admin = await app.AsRoleAsync(Roles.Administrator);
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync();
        var me = (await Users.FindByNameAsync(connection, WebApp.UserOfRole[Roles.Administrator]))!;

        var response = await admin.PostFormAsync($"/Admin/Users?handler=Update&id={me.Id}",
            new() { ["DisplayName"] = me.DisplayName, ["AgencyCode"] = "a1", ["Role"] = Roles.Administrator, ["Disabled"] = "true" }, "/Admin/Users");

        Assert.Contains("不能停用自己的账号", await response.Content.ReadAsStringAsync());
        Assert.False((await Users.FindAsync(connection, me.Id))!.Disabled);
    }

    [Fact]
    public async Task Administration_forms_name_the_field_in_error_and_store_nothing()
    {
        var admin = await app.AsRoleAsync(Roles.Administrator);
        var (agencies, users, keys) = (await app.CountAsync("SELECT COUNT(*) FROM agencies"), await app.CountAsync("SELECT COUNT(*) FROM users"),
            await app.CountAsync("SELECT COUNT(*) FROM api_keys"));

        var badCode = await admin.PostFormAsync("/Admin/Agencies?handler=Save",
            new() { ["Code"] = "bad code!", ["Name"] = "某局", ["CalendarId"] = "cn", ["WarningLeadWorkingDays"] = "5" }, "/Admin/Agencies");
        Assert.Contains("「机关代码」须为1–64位字母、数字或连字符。", await badCode.Content.ReadAsStringAsync());
        var badLead = await admin.PostFormAsync("/Admin/Agencies?handler=Save",
            new() { ["Code"] = "x1", ["Name"] = "某局", ["CalendarId"] = "cn", ["WarningLeadWorkingDays"] = "0" }, "/Admin/Agencies");
        Assert.Contains("「预警提前工作日数」须为1–20。", await badLead.Content.ReadAsStringAsync());
        foreach (var calendar in new[] { "mars", "gx" })
        {
            var badCalendar = await admin.PostFormAsync("/Admin/Agencies?handler=Save",
                new() { ["Code"] = "x1", ["Name"] = "某局", ["CalendarId"] = calendar, ["WarningLeadWorkingDays"] = "5" }, "/Admin/Agencies");
            Assert.Contains("「工作日历」无效。", await badCalendar.Content.ReadAsStringAsync());
        }
        var badUser = await admin.PostFormAsync("/Admin/Users?handler=Create",
            new() { ["UserName"] = "新 用户", ["DisplayName"] = "新用户", ["AgencyCode"] = "a1", ["Role"] = Roles.Caseworker }, "/Admin/Users");
        Assert.Contains("「用户名」须为1–100位字母、数字或 . - _。", await badUser.Content.ReadAsStringAsync());
        var takenUser = await admin.PostFormAsync("/Admin/Users?handler=Create",
            new() { ["UserName"] = "cw1", ["DisplayName"] = "重名", ["AgencyCode"] = "a1", ["Role"] = Roles.Caseworker }, "/Admin/Users");
        Assert.Contains("该用户名已存在。", await takenUser.Content.ReadAsStringAsync());
        var badAgency = await admin.PostFormAsync("/Admin/Users?handler=Create",
            new() { ["UserName"] = "nobody", ["DisplayName"] = "无名", ["AgencyCode"] = "zz", ["Role"] = Roles.Caseworker }, "/Admin/Users");
        Assert.Contains("「机关」无效。", await badAgency.Content.ReadAsStringAsync());
        // Issue 13: keys are created by the agency's supervisor; the administrator's page only revokes.
        await admin.PostFormAsync("/Admin/ApiKeys?handler=Create", new() { ["Name"] = "管理员建的", ["AgencyCode"] = "a1" }, "/Admin/ApiKeys");
        var supervisor = await app.AsRoleAsync(Roles.Supervisor);
        var badKey = await supervisor.PostFormAsync("/Supervision/ApiKeys?handler=Create", new() { ["Name"] = " " }, "/Supervision/ApiKeys");
        Assert.Contains("请填写「名称」", await badKey.Content.ReadAsStringAsync());

        Assert.Equal(agencies, await app.CountAsync("SELECT COUNT(*) FROM agencies"));
        Assert.Equal(users, await app.CountAsync("SELECT COUNT(*) FROM users"));
        Assert.Equal(keys, await app.CountAsync("SELECT COUNT(*) FROM api_keys"));
    }

    [Fact]
    public async Task An_administrator_adds_an_agency_and_a_user_who_signs_in_with_the_one_time_password()
    {
        var admin = await app.AsRoleAsync(Roles.Administrator);

        var agency = await admin.PostFormAsync("/Admin/Agencies?handler=Save",
            new() { ["Code"] = "gx-town", ["Name"] = "某镇人民政府", ["CalendarId"] = "cn+gx", ["WarningLeadWorkingDays"] = "3" }, "/Admin/Agencies");
        Assert.Equal(HttpStatusCode.Redirect, agency.StatusCode);
        var created = await admin.PostFormAsync("/Admin/Users?handler=Create",
            new() { ["UserName"] = "town.clerk", ["DisplayName"] = "镇办事员", ["AgencyCode"] = "gx-town", ["Role"] = Roles.Caseworker }, "/Admin/Users");
        var html = await created.Content.ReadAsStringAsync();
        var password = System.Text.RegularExpressions.Regex.Match(html, "一次性密码（仅显示这一次）：<code>([^<]+)</code>").Groups[1].Value;

        var clerk = await app.SignedInAsync("town.clerk", System.Net.WebUtility.HtmlDecode(password));
        await clerk.PostFormAsync("/Account/Password", new() { ["Current"] = System.Net.WebUtility.HtmlDecode(password), ["New"] = "Town-clerk-own-9", ["Confirm"] = "Town-clerk-own-9" });
        Assert.Contains("（gx-town）", await clerk.GetStringAsync("/Workbench"));

        var trail = System.Net.WebUtility.HtmlDecode(await admin.GetStringAsync("/Admin/Audit"));
        Assert.Contains("新增机关</td><td>gx-town</td><td>name=某镇人民政府; calendar=cn+gx; warning lead=3 working days", trail);
        Assert.Contains("adm1</small></td><td>新增用户</td><td>town.clerk</td><td>agency=gx-town; role=caseworker", trail);
        Assert.DoesNotContain(System.Net.WebUtility.HtmlDecode(password), trail);
    }
}
