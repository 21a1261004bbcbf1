using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Correspondence;
using CaseFlow.Workflows.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 13: inputs are bounded and a bad one is refused naming its field — never an overflow, a 500 or seconds
/// of CPU; case-file entry names are safe whatever the uploaded file was called.</summary>
[Collection(nameof(WebCollection))]
public sealed class InputLimitTests(WebApp app)
{
    [Theory]
    [InlineData("2147483647")]
    [InlineData("10001")]
    [InlineData("0")]
    public async Task A_page_beyond_the_cap_is_refused_naming_page(string page)
    {
        var response = await app.WithApiKey().GetAsync($"/api/requests?scope=all&page={page}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"1–{RequestFilter.MaxPage}", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("page")[0].GetString());
    }

    [Theory]
    [InlineData("search")]
    [InlineData("state")]
    [InlineData("handler")]
    public async Task A_list_filter_longer_than_any_name_is_refused_naming_it(string field)
    {
        var response = await app.WithApiKey().GetAsync($"/api/requests?scope=all&{field}={new string('王', CommandValidation.MaxNameLength + 1)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"{CommandValidation.MaxNameLength}", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Equal(HttpStatusCode.OK, (await app.WithApiKey().GetAsync($"/api/requests?scope=all&{field}={new string('王', CommandValidation.MaxNameLength)}")).StatusCode);
    }

    [Fact]
    public async Task The_workbench_names_a_search_longer_than_any_name_next_to_the_field()
    {
        var client = await app.AsRoleAsync(Roles.Caseworker);
        var html = await client.GetStringAsync($"/Workbench?Search={new string('王', CommandValidation.MaxNameLength + 1)}");

        Assert.Contains("id=\"err-search\"", html);
        Assert.Contains($"搜索内容不能超过{CommandValidation.MaxNameLength}个字符", html);
    }

    [Fact]
    public async Task The_last_page_is_answered_and_the_workbench_shows_a_huge_page_number_as_the_last_page()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.WithApiKey().GetAsync($"/api/requests?scope=all&page={RequestFilter.MaxPage}&pageSize=200")).StatusCode);
        var client = await app.AsRoleAsync(Roles.Caseworker);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Workbench?p=2147483647")).StatusCode);
    }

    [Theory]
    [InlineData("received=2099-12-31")]
    [InlineData("received=2026-12-31&corrected=2099-12-31")]
    public async Task A_receipt_date_beyond_the_working_calendar_is_a_clear_error_on_the_preview_page(string query)
    {
        var response = await app.Anonymous().GetAsync($"/Preview?{query}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("超出工作日历可计算的年份", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_4_MB_letter_input_is_refused_naming_the_field_by_the_api_and_nothing_is_issued()
    {
        var api = app.WithApiKey();
        var id = (await api.RegisterAsync(Seed.Registration(name: "长输入"))).GetProperty("id").GetString();
        var huge = new string('长', 4 * 1024 * 1024);

        var issued = await api.PostAsJsonAsync($"/api/requests/{id}/letters", new
        {
            type = "reply", outcome = 401, inputs = new { input_reasons = huge, input_reconsideration_body = "示范县人民政府", input_court = "示范县人民法院" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, issued.StatusCode);
        Assert.Equal("「理由」不能超过4000个字。", (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("input_reasons")[0].GetString());
        var preview = await (await api.PostAsJsonAsync($"/api/requests/{id}/letters/preview", new { type = "reply", outcome = 401, inputs = new { input_reasons = huge } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("input_reasons", preview.GetProperty("missing").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM letters WHERE request_id = @Id", new { Id = id }));
    }

    [Fact]
    public async Task A_4_MB_form_field_is_refused_naming_the_field_on_pages_and_in_the_api()
    {
        var id = (await app.WithApiKey().RegisterAsync(Seed.Registration(name: "长表单"))).GetProperty("id").GetString();
        var client = await app.AsRoleAsync(Roles.Caseworker);
        var huge = new string('a', 4_000_000);

        var page = await client.PostFormAsync($"/Requests/Letters/{id}?handler=Preview",
            new() { ["Form.Type"] = "reply", ["Form.Outcome"] = "401", ["Form.Inputs[input_reasons]"] = huge }, $"/Requests/Letters/{id}");

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains($"「Form.Inputs[input_reasons]」过长（最多{Security.InputLimits.MaxFormValueChars}个字），未保存。", await page.Content.ReadAsStringAsync());

        var upload = await app.WithApiKey().PostAsync($"/api/requests/{id}/attachments",
            new MultipartFormDataContent { { new StringContent(huge), "kind" }, { new ByteArrayContent(TestFiles.Pdf()), "file", "a.pdf" } });
        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        Assert.True((await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("kind", out _));
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM attachments WHERE request_id = @Id", new { Id = id }));
    }

    [Fact]
    public async Task The_case_file_zip_has_no_entry_outside_its_folders_whatever_the_uploaded_names_were()
    {
        var api = app.WithApiKey();
        var id = (await api.RegisterAsync(Seed.Registration(name: "案卷文件名"))).GetProperty("id").GetString()!;
        foreach (var name in new[] { @"..\..\payload.exe", "../../etc/cron.d/job" })
        {
            var content = TestFiles.Pdf();
            await using var connection = await app.Services.GetRequiredService<CaseFlow.Persistence.Database>().OpenAsync();
            await CaseFlow.Persistence.Workplace.Attachments.InsertAsync(connection, new CaseFlow.Persistence.Workplace.AttachmentInfo
            {
                Id = Guid.NewGuid().ToString(), RequestId = id, Kind = "application", FileName = name, ContentType = "application/pdf", SizeBytes = content.Length,
                Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), UploadedBy = "cw1",
                UploadedAt = NodaTime.SystemClock.Instance.GetCurrentInstant(),
            }, content);
        }
        var issued = await (await api.PostAsJsonAsync($"/api/requests/{id}/letters", new
        {
            type = "reply", outcome = 401,
            inputs = new { input_reasons = "经检索未找到该信息。", input_reconsideration_body = "示范县人民政府", input_court = "示范县人民法院" },
        })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsJsonAsync($"/api/requests/{id}/letters/{issued.GetProperty("id").GetString()}/services",
            new { method = "Online", servedOn = Seed.Today(), evidence = "回执" })).StatusCode);

        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(await api.GetByteArrayAsync($"/api/requests/{id}/case-file")));

        var attachments = zip.Entries.Select(e => e.FullName).Where(n => n.StartsWith("attachments/")).ToList();
        Assert.Equal(2, attachments.Count);
        Assert.All(zip.Entries, e => Assert.False(e.FullName.Contains("..") || e.FullName.Contains('\\') || e.FullName.StartsWith('/'), e.FullName));
        Assert.Contains(attachments, n => n.EndsWith("-payload.exe") && n.Count(c => c == '/') == 1);
        Assert.Contains(attachments, n => n.EndsWith("-job") && n.Count(c => c == '/') == 1);
    }

    [Theory]
    [InlineData(@"..\..\payload.exe", "payload.exe")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("/abs/合同.pdf", "合同.pdf")]
    [InlineData("..", "file")]
    [InlineData("a:b*c?.pdf", "abc.pdf")]
    [InlineData(".hidden.pdf", "hidden.pdf")]
    public void Case_file_entry_names_keep_only_a_safe_last_segment(string uploaded, string entry) =>
        Assert.Equal(entry, CaseFile.EntryName(uploaded));
}
