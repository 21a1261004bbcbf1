using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Security;
using CaseFlow.Web.Supervision;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 13: security headers on every response, no-store on personal data, no inline script anywhere in the
/// pages, cross-site cookie writes to the API refused, formulas in exports written as text.</summary>
[Collection(nameof(WebCollection))]
public sealed class SecurityHeaderTests(WebApp app)
{
    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Matches("script-src 'self'(;|$)", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/Status")]
    [InlineData("/no-such-page")]
    [InlineData("/healthz")]
    public async Task Every_response_carries_the_security_headers(string url)
    {
        var response = await app.Anonymous().GetAsync(url);

        AssertSecurityHeaders(response);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task HSTS_is_sent_when_served_over_HTTPS()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });

        var response = await client.GetAsync("/Account/Login");

        Assert.StartsWith("max-age=", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
    }

    [Fact]
    public async Task API_answers_and_pages_with_personal_data_are_not_stored_by_caches()
    {
        var api = app.WithApiKey();
        var created = await api.RegisterAsync();
        var id = created.GetProperty("id").GetString();
        var caseworker = await app.AsRoleAsync(Roles.Caseworker);

        foreach (var response in new[]
                 {
                     await api.GetAsync("/api/requests"), await api.GetAsync($"/api/requests/{id}"),
                     await caseworker.GetAsync($"/Requests/{id}"),
                 })
        {
            AssertSecurityHeaders(response);
            Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "");
        }
    }

    [Fact]
    public void No_page_has_inline_script_or_event_handler_attributes()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "CaseFlow.sln")))
            directory = directory.Parent;
        var pages = Directory.EnumerateFiles(Path.Combine(directory.FullName, "src", "CaseFlow.Web"), "*.cshtml", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToList();
        Assert.NotEmpty(pages);
        var inlineScript = new Regex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase);
        var handler = new Regex(@"\s on[a-z]+\s*=\s*[""']", RegexOptions.IgnoreCase);
        var offenders = pages.Where(p => File.ReadAllText(p) is var text && (inlineScript.IsMatch(text) || handler.IsMatch(text.Replace("\n", " "))))
            .ToList();

        Assert.Empty(offenders);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("multipart/form-data")]
    public async Task A_cookie_authenticated_API_write_from_another_site_is_refused(string kind)
    {
        var api = app.WithApiKey();
        var id = (await api.RegisterAsync()).GetProperty("id").GetString();
        var caseworker = await app.AsRoleAsync(Roles.Caseworker);
        var before = await app.CountAsync("SELECT COUNT(*) FROM requests");

        using var request = new HttpRequestMessage(HttpMethod.Post, kind == "application/json" ? "/api/requests" : $"/api/requests/{id}/attachments");
        request.Headers.Add("Origin", "http://evil.example");
        request.Content = kind == "application/json"
            ? JsonContent.Create(Seed.Registration())
            : new MultipartFormDataContent { { new StringContent("other"), "kind" }, { new ByteArrayContent("hello"u8.ToArray()), "file", "a.txt" } };
        var response = await caseworker.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await app.CountAsync("SELECT COUNT(*) FROM requests"));
    }

    [Fact]
    public async Task A_cookie_authenticated_API_write_from_the_site_itself_is_accepted()
    {
        var caseworker = await app.AsRoleAsync(Roles.Caseworker);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/requests") { Content = JsonContent.Create(Seed.Registration()) };
        request.Headers.Add("Origin", caseworker.BaseAddress!.GetLeftPart(UriPartial.Authority));

        var response = await caseworker.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"点此\")", "'=HYPERLINK")]
    [InlineData("@SUM(A1:A9)", "'@SUM")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("\tTAB", "'\tTAB")]
    public void Exports_write_formulas_as_text(string typed, string written)
    {
        var sheet = new ExportSheet("导出", ["申请人", "件数"], [[typed, "-5"]]);

        var csv = System.Text.Encoding.UTF8.GetString(SheetExport.Csv(sheet));
        using var xlsx = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(SheetExport.Xlsx(sheet)), false);
        var cells = xlsx.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c => c.InnerText).ToList();

        Assert.Contains(written, csv);
        Assert.Contains(",-5\r\n", csv);
        Assert.Contains(cells, c => c.StartsWith(written, StringComparison.Ordinal));
    }
}
