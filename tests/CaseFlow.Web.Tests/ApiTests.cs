using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Persistence.Workplace;

namespace CaseFlow.Web.Tests;

/// <summary>The HTTP API, as an integrator's portal uses it with its API key.</summary>
[Collection(nameof(WebCollection))]
public sealed class ApiTests(WebApp app)
{
    [Fact]
    public async Task Register_then_read_with_deadlines_history_and_masked_personal_data()
    {
        var api = app.WithApiKey();

        var created = await api.RegisterAsync(Seed.Registration(name: "接口申请人"));
        var read = await api.GetFromJsonAsync<JsonElement>($"/api/requests/{created.GetProperty("id").GetString()}");

        Assert.Equal("InProgress", read.GetProperty("state").GetString());
        Assert.Equal(Seed.Today(), read.GetProperty("deadlines").GetProperty("receivedOn").GetString());
        Assert.Equal(20, read.GetProperty("deadlines").GetProperty("workingDaysLeft").GetInt32());
        Assert.Equal("138****8000", read.GetProperty("applicant").GetProperty("phone").GetString());
        Assert.Equal("居民身份证 1101**********0021", read.GetProperty("applicant").GetProperty("idDocument").GetString());
        Assert.Equal("api:portal", read.GetProperty("history")[0].GetProperty("actor").GetString());
        Assert.Matches(@"^\d{4}-\d{6}$", read.GetProperty("trackingNumber").GetString()!);
    }

    [Fact]
    public async Task Invalid_fields_come_back_as_problem_details_naming_each_field_and_nothing_is_stored()
    {
        var api = app.WithApiKey();
        var before = await app.CountAsync("SELECT COUNT(*) FROM requests");
        var body = Seed.Registration();
        body["applicantType"] = "Alien";
        body["applicantPhone"] = "call me";
        body["receivedOn"] = "2019-05-14";

        var response = await api.PostAsJsonAsync("/api/requests", body);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = problem.GetProperty("errors");
        Assert.Contains("申请人类型", errors.GetProperty("applicantType")[0].GetString());
        Assert.Contains("联系电话", errors.GetProperty("applicantPhone")[0].GetString());
        Assert.Contains("2019年5月15日", errors.GetProperty("receivedOn")[0].GetString());
        Assert.Equal(before, await app.CountAsync("SELECT COUNT(*) FROM requests"));
    }

    [Fact]
    public async Task Lifecycle_actions_follow_the_state_and_the_role()
    {
        var api = app.WithApiKey();
        var id = (await api.RegisterAsync(Seed.Registration(name: "动作测试"))).GetProperty("id").GetString();

        var wrongState = await api.PostAsJsonAsync($"/api/requests/{id}/payment", new { date = Seed.Today() });
        Assert.Equal(HttpStatusCode.Conflict, wrongState.StatusCode);

        var invalid = await api.PostAsJsonAsync($"/api/requests/{id}/extension-request", new { days = 10 });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _));

        var tooLong = await api.PostAsJsonAsync($"/api/requests/{id}/extension-request", new { days = 21, reason = "检索量大" });
        // Art. 33 ¶2's limit is the workflow's rule; the API names the field it refuses.
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("20", (await tooLong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("days")[0].GetString());

        var requested = await api.PostAsJsonAsync($"/api/requests/{id}/extension-request", new { days = 10, reason = "检索量大" });
        Assert.Equal(HttpStatusCode.OK, requested.StatusCode);
        Assert.Equal("AwaitingExtensionDecision", (await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());

        // An API key acts as a caseworker: deciding an extension is the supervisor's.
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsJsonAsync($"/api/requests/{id}/extension-decision", new { approved = true, days = 10 })).StatusCode);
        var supervisor = await app.AsRoleAsync(Roles.Supervisor);
        var decided = await supervisor.PostAsJsonAsync($"/api/requests/{id}/extension-decision", new { approved = true, days = 10 });
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var read = await api.GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
        Assert.Equal(10, read.GetProperty("deadlines").GetProperty("extensionDays").GetInt32());

        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync($"/api/requests/{id}/no-such-action", new { })).StatusCode);
    }

    [Fact]
    public async Task The_list_filters_and_pages()
    {
        var api = app.WithApiKey();
        var mine = await api.RegisterAsync(Seed.Registration(name: "列表甲"));

        var page = await api.GetFromJsonAsync<JsonElement>($"/api/requests?scope=all&search={mine.GetProperty("trackingNumber").GetString()}&pageSize=1");

        Assert.Equal(1, page.GetProperty("total").GetInt64());
        Assert.Equal(mine.GetProperty("id").GetString(), page.GetProperty("items")[0].GetProperty("id").GetString());
        Assert.Equal("列**", page.GetProperty("items")[0].GetProperty("applicantName").GetString());
        var bad = await api.GetAsync("/api/requests?scope=sometimes&pageSize=500");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("scope", out _));
        Assert.True(errors.TryGetProperty("pageSize", out _));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_request_endpoints()
    {
        var document = await app.Anonymous().GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/requests", out _));
        Assert.True(paths.TryGetProperty("/api/requests/{id}/{action}", out _));
    }

    [Fact]
    public async Task Attachments_are_uploaded_checked_and_downloaded_only_within_the_agency()
    {
        var api = app.WithApiKey();
        var id = (await api.RegisterAsync(Seed.Registration(name: "接口附件"))).GetProperty("id").GetString();
        var pdf = TestFiles.Pdf("api");
        static MultipartFormDataContent Form(string kind, string fileName, byte[] bytes) =>
            new() { { new StringContent(kind), "kind" }, { new ByteArrayContent(bytes), "file", fileName } };

        var renamed = await api.PostAsync($"/api/requests/{id}/attachments", Form("identity-proof", "id.pdf", [(byte)'M', (byte)'Z', 0x90, 0x00]));
        Assert.Equal(HttpStatusCode.BadRequest, renamed.StatusCode);
        Assert.Contains("内容与其文件类型不符", (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("file")[0].GetString());
        var badKind = await api.PostAsync($"/api/requests/{id}/attachments", Form("selfie", "id.pdf", pdf));
        Assert.True((await badKind.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("kind", out _));
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM attachments WHERE request_id = @Id", new { Id = id }));

        var created = await api.PostAsync($"/api/requests/{id}/attachments", Form("identity-proof", "id.pdf", pdf));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        var download = await api.GetAsync(location);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        var listed = await api.GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
        Assert.Equal("id.pdf", listed.GetProperty("attachments")[0].GetProperty("fileName").GetString());

        var otherAgency = await app.SignedInAsync("cw2");
        Assert.Equal(HttpStatusCode.NotFound, (await otherAgency.GetAsync(location)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherAgency.PostAsync($"/api/requests/{id}/attachments", Form("other", "x.pdf", pdf))).StatusCode);
    }
}
