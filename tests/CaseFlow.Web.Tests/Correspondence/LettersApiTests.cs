using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Correspondence;

namespace CaseFlow.Web.Tests.Correspondence;

/// <summary>The letters API: the same rules as the page, errors as ProblemDetails naming the field.</summary>
[Collection(nameof(WebCollection))]
public sealed class LettersApiTests(WebApp app)
{
    [Fact]
    public async Task An_integrator_previews_issues_downloads_and_serves_a_letter()
    {
        var api = app.WithApiKey();
        var id = (await api.RegisterAsync()).GetProperty("id").GetString();

        var preview = await (await api.PostAsJsonAsync($"/api/requests/{id}/letters/preview", new { type = "reply", outcome = 401 }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["input_reasons", "input_reconsideration_body", "input_court"], preview.GetProperty("inputs").EnumerateArray().Select(e => e.GetString()));
        Assert.False(preview.TryGetProperty("content", out _));
        Assert.Equal(["input_reasons", "input_reconsideration_body", "input_court"], preview.GetProperty("missing").EnumerateArray().Select(e => e.GetString()));

        var missing = await api.PostAsJsonAsync($"/api/requests/{id}/letters", new { type = "reply", outcome = 401, inputs = new { input_court = "示范县人民法院" } });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        var errors = (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("请填写：理由。", errors.GetProperty("input_reasons")[0].GetString());
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM letters WHERE request_id = @Id", new { Id = id }));

        var issued = await api.PostAsJsonAsync($"/api/requests/{id}/letters", new
        {
            type = "reply", outcome = 401,
            inputs = new { input_reasons = "经检索本机关档案系统及相关科室，未找到该信息。", input_reconsideration_body = "示范县人民政府", input_court = "示范县人民法院" },
        });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var letter = await issued.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Matches(@"^〔\d{4}〕答第\d+号$", letter.GetProperty("documentNumber").GetString());
        var letterId = letter.GetProperty("id").GetString();

        var docx = await api.GetByteArrayAsync($"/api/requests/{id}/letters/{letterId}/docx");
        Assert.Contains("第三十六条第（四）项", LetterDocx.ReadText(new MemoryStream(docx)));
        Assert.Contains(letter.GetProperty("documentNumber").GetString()!, await api.GetStringAsync($"/api/requests/{id}/letters/{letterId}/html"));

        var badService = await api.PostAsJsonAsync($"/api/requests/{id}/letters/{letterId}/services", new { method = "Pigeon", servedOn = "2026-13-01" });
        var serviceErrors = (await badService.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(serviceErrors.TryGetProperty("method", out _));
        Assert.True(serviceErrors.TryGetProperty("servedOn", out _));
        Assert.True(serviceErrors.TryGetProperty("evidence", out _));
        var served = await api.PostAsJsonAsync($"/api/requests/{id}/letters/{letterId}/services", new { method = "Online", servedOn = Seed.Today(), evidence = "门户网站送达回执 R-778" });
        Assert.Equal(HttpStatusCode.NoContent, served.StatusCode);

        var list = await api.GetFromJsonAsync<JsonElement>($"/api/requests/{id}/letters");
        var only = Assert.Single(list.EnumerateArray());
        Assert.Equal("Online", only.GetProperty("services")[0].GetProperty("method").GetString());
        // Issue 12: serving the reply letter is the reply: the request is closed, so its case file can be exported.
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/requests/{id}/case-file")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_letter_type_is_a_bad_request_and_other_agencies_and_roles_are_kept_out()
    {
        var id = (await app.WithApiKey().RegisterAsync()).GetProperty("id").GetString();

        var bad = await app.WithApiKey().PostAsJsonAsync($"/api/requests/{id}/letters", new { type = "love-letter" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("type", out _));

        var other = await app.SignedInAsync("cw2");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/requests/{id}/letters")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/requests/{id}/letters", new { type = "receipt" })).StatusCode);
        var adviser = await app.AsRoleAsync(Roles.LegalAdviser);
        Assert.Equal(HttpStatusCode.Forbidden, (await adviser.GetAsync($"/api/requests/{id}/letters")).StatusCode);
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM letters WHERE request_id = @Id", new { Id = id }));
    }
}
