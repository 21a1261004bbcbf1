using System.Net;
using CaseFlow.Persistence.Workplace;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Web.Tests;

/// <summary>Every endpoint declares who may use it, and each role gets exactly what its work needs.</summary>
[Collection(nameof(WebCollection))]
public sealed class AuthorisationTests(WebApp app)
{
    [Fact]
    public void Every_endpoint_declares_its_authorisation()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, e => Assert.True(
            e.Metadata.GetMetadata<IAuthorizeData>() is not null || e.Metadata.GetMetadata<IAllowAnonymous>() is not null,
            $"{e.RoutePattern.RawText} declares no authorisation."));
    }

    // Expected status per role: anonymous, caseworker, legal adviser, supervisor, administrator. 302 from a signed-out
    // page is the redirect to sign-in; 302 from a signed-in user on a page of another role is to the denied page.
    public static TheoryData<string, int, int, int, int, int> Pages() => new()
    {
        { "/healthz", 200, 200, 200, 200, 200 },
        { "/readyz", 200, 200, 200, 200, 200 },
        { "/Preview", 200, 200, 200, 200, 200 },
        { "/Status", 200, 200, 200, 200, 200 },
        { "/Account/Login", 200, 200, 200, 200, 200 },
        { "/openapi/v1.json", 200, 200, 200, 200, 200 },
        { "/Account/Password", 302, 200, 200, 200, 200 },
        { "/Workbench", 302, 200, 302, 200, 302 },
        { "/Requests/Register", 302, 200, 302, 200, 302 },
        { "/Consultations", 302, 200, 200, 200, 302 },
        { "/Notifications", 302, 200, 200, 200, 200 },
        { "/Notifications?handler=Badges", 302, 200, 200, 200, 200 },
        { "/Consultations/00000000-0000-0000-0000-000000000001", 302, 404, 404, 404, 302 },
        { "/Consultations/00000000-0000-0000-0000-000000000001?handler=Material&attachmentId=x", 302, 404, 404, 404, 302 },
        { "/Admin/Agencies", 302, 302, 302, 302, 200 },
        { "/Admin/Users", 302, 302, 302, 302, 200 },
        { "/Admin/ApiKeys", 302, 302, 302, 302, 200 },
        { "/Supervision/ApiKeys", 302, 302, 302, 200, 302 },
        { "/Admin/Audit", 302, 302, 302, 302, 200 },
        { "/Admin/LetterNumbers", 302, 302, 302, 302, 200 },
        { "/api/requests", 401, 200, 403, 200, 403 },
        { "/Requests/Letters/00000000-0000-0000-0000-000000000001", 302, 404, 302, 404, 302 },
        { "/api/requests/00000000-0000-0000-0000-000000000001/letters", 401, 404, 403, 404, 403 },
        { "/api/requests/00000000-0000-0000-0000-000000000001/case-file", 401, 404, 403, 404, 403 },
        { "/Supervision", 302, 302, 302, 200, 302 },
        { "/Supervision/FollowUp", 302, 302, 302, 200, 302 },
        { "/Supervision/FollowUp?handler=Export&format=csv", 302, 302, 302, 200, 302 },
        { "/Supervision/Extensions", 302, 302, 302, 200, 302 },
        { "/Supervision/Warnings", 302, 200, 302, 200, 302 },
        { "/Supervision/Warnings?agency=a2", 302, 404, 302, 404, 302 },
        { "/Requests/ProactiveDisclosure", 302, 200, 302, 200, 302 },
        { "/Supervision/Report", 302, 302, 302, 200, 302 },
        { "/Supervision/Report?handler=Export&format=xlsx", 302, 302, 302, 200, 302 },
        { "/Supervision/Report?handler=Document", 302, 302, 302, 200, 302 },
        { "/Reminders", 302, 200, 302, 200, 302 },
        { "/Reviews", 302, 200, 200, 200, 302 },
        { "/api/reviews", 401, 200, 200, 200, 403 },
        { "/Apply", 200, 200, 200, 200, 200 },
        { "/My", 200, 200, 200, 200, 200 },
        { "/api/public/applications/2026-000001", 404, 404, 404, 404, 404 },
        { "/api/public/applications/2026-000001/letters/x", 404, 404, 404, 404, 404 },
        { "/Requests/Online", 302, 200, 302, 200, 302 },
        { "/Supervision/Rectifications", 302, 302, 302, 200, 302 },
        { "/Supervision/Rectifications?handler=Export&format=xlsx", 302, 302, 302, 200, 302 },
        { "/Settings", 302, 302, 302, 200, 200 },
        { "/RecordCorrections", 302, 200, 302, 200, 302 },
        { "/RecordCorrections/00000000-0000-0000-0000-000000000001", 302, 404, 302, 404, 302 },
        { "/api/record-corrections", 401, 200, 403, 200, 403 },
        { "/api/record-corrections/00000000-0000-0000-0000-000000000001", 401, 404, 403, 404, 403 },
        { "/api/proactive-disclosures", 401, 200, 403, 200, 403 },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Each_role_reaches_only_its_pages(string path, int anonymous, int caseworker, int adviser, int supervisor, int administrator)
    {
        var expected = new (string? Role, int Status)[] { (null, anonymous), (Roles.Caseworker, caseworker), (Roles.LegalAdviser, adviser), (Roles.Supervisor, supervisor), (Roles.Administrator, administrator) };
        foreach (var (role, status) in expected)
        {
            var client = role is null ? app.Anonymous() : await app.AsRoleAsync(role);
            var response = await client.GetAsync(path);
            Assert.True(status == (int)response.StatusCode, $"{path} as {role ?? "anonymous"}: expected {status}, got {(int)response.StatusCode}");
            if (status == 302 && role is not null)
                Assert.Contains("/Account/Denied", response.Headers.Location!.OriginalString);
        }
    }

    [Fact]
    public async Task Another_agencys_request_is_not_found_on_the_page_and_in_the_api()
    {
        var created = await app.WithApiKey().RegisterAsync();
        var id = created.GetProperty("id").GetString();
        var other = await app.SignedInAsync("cw2");

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Requests/Details/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/requests/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.AsRoleAsync(Roles.Caseworker)).GetAsync($"/Requests/Details/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_revoked_or_unknown_api_key_is_refused()
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Add("X-Api-Key", "cf_not-a-key");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/requests")).StatusCode);
    }

    [Fact]
    public async Task Sign_in_answers_alike_and_wrong_passwords_cannot_lock_out_the_real_user()
    {
        var database = app.Services.GetRequiredService<CaseFlow.Persistence.Database>();
        await using (var connection = await database.OpenAsync())
        {
            await Users.InsertAsync(connection, new UserAccount
            {
                Id = Guid.NewGuid().ToString(), UserName = "locky", DisplayName = "locky", AgencyCode = "a1", Role = Roles.Caseworker,
                PasswordHash = Security.SignInService.HashPassword(WebApp.Password), CreatedAt = NodaTime.SystemClock.Instance.GetCurrentInstant(),
            });
            await Users.InsertAsync(connection, new UserAccount
            {
                Id = Guid.NewGuid().ToString(), UserName = "locky.off", DisplayName = "locky.off", AgencyCode = "a1", Role = Roles.Caseworker, Disabled = true,
                PasswordHash = Security.SignInService.HashPassword(WebApp.Password), CreatedAt = NodaTime.SystemClock.Instance.GetCurrentInstant(),
            });
        }
        var attacker = app.Anonymous();
        var answers = new List<string>();
        foreach (var (user, password) in new[] { ("nobody.here", "wrong"), ("locky.off", WebApp.Password) }.Concat(Enumerable.Repeat(("locky", "wrong"), 6)))
        {
            var html = await (await attacker.PostFormAsync("/Account/Login", new() { ["UserName"] = user, ["Password"] = password })).Content.ReadAsStringAsync();
            answers.Add(System.Text.RegularExpressions.Regex.Match(html, "class=\"error\"[^>]*>([^<]*)<").Groups[1].Value);
        }
        Assert.All(answers, a => Assert.Equal("用户名或密码不正确。", a));

        var real = await app.Anonymous().PostFormAsync("/Account/Login", new() { ["UserName"] = "locky", ["Password"] = WebApp.Password });
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
    }

    [Fact]
    public async Task The_first_run_administrator_can_sign_in_with_the_configured_password()
    {
        var client = await app.SignedInAsync("admin", WebApp.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Admin/Users")).StatusCode);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        var client = await app.AsRoleAsync(Roles.Caseworker);

        var response = await client.PostAsync("/Requests/Register", new FormUrlEncodedContent(Seed.Registration().ToDictionary(k => $"Input.{k.Key}", k => k.Value?.ToString() ?? "")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
