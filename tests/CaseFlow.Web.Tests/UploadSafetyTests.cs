using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Correspondence;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 13: uploads are checked by structure, and every reading of an uploaded document is bounded — a bad file
/// is refused on upload, and one kept from before is listed as not screened, never an error page.</summary>
[Collection(nameof(WebCollection))]
public sealed class UploadSafetyTests(WebApp app)
{
    private static MultipartFormDataContent Form(string fileName, byte[] bytes, string kind = "reply-document") =>
        new() { { new StringContent(kind), "kind" }, { new ByteArrayContent(bytes), "file", fileName } };

    [Fact]
    public async Task A_file_whose_structure_is_not_its_type_or_that_expands_beyond_the_limits_is_refused_naming_the_field_and_nothing_is_stored()
    {
        var api = app.WithApiKey();
        var id = (await api.RegisterAsync(Seed.Registration(name: "结构检查"))).GetProperty("id").GetString();
        var refused = new (string Name, byte[] Content, string Message)[]
        {
            ("payload.docx", TestFiles.Zip(1000, "payload.exe"), "不是有效的Word（DOCX）文件"),
            ("page.pdf", "%PDF-1.4\n<html><body><script>alert(1)</script></body></html>\n"u8.ToArray(), "不是有效的PDF文件"),
            ("junk.docx", "PK\u0003\u0004junk"u8.ToArray(), "不是有效的Word（DOCX）文件"),
            ("sheet.xlsx", TestFiles.Docx(), "不是有效的Excel（XLSX）文件"),
            // Under the test host's 64 KB upload limit, expanding to 52 MB: beyond the 50 MB reading limit.
            ("bomb.docx", TestFiles.DocxBomb(52L * 1024 * 1024), "解压后超过读取上限"),
        };

        foreach (var (name, content, message) in refused)
        {
            var response = await api.PostAsync($"/api/requests/{id}/attachments", Form(name, content));

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.Contains(message, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("file")[0].GetString());
        }
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM attachments WHERE request_id = @Id", new { Id = id }));

        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync($"/api/requests/{id}/attachments", Form("合同.docx", TestFiles.Docx()))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync($"/api/requests/{id}/attachments", Form("合同.pdf", TestFiles.Pdf()))).StatusCode);
        Assert.Equal(2, await app.CountAsync("SELECT COUNT(*) FROM attachments WHERE request_id = @Id", new { Id = id }));
    }

    [Fact]
    public async Task The_page_shows_the_refusal_in_chinese_next_to_the_file_field()
    {
        var id = (await app.WithApiKey().RegisterAsync(Seed.Registration(name: "页面结构检查"))).GetProperty("id").GetString();
        var client = await app.AsRoleAsync(Roles.Caseworker);

        var response = await client.PostMultipartAsync($"/Requests/Details/{id}?handler=Upload", new() { ["kind"] = "application" },
            [("file", "申请书.docx", TestFiles.Zip(1000, "payload.exe"))], $"/Requests/Details/{id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("附件「申请书.docx」不是有效的Word（DOCX）文件（结构无法读取），已拒收。", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM attachments WHERE request_id = @Id", new { Id = id }));
    }

    [Fact]
    public async Task A_kept_document_that_is_damaged_or_expands_too_far_is_listed_as_not_screened_by_preview_issue_and_the_letters_page()
    {
        var api = app.WithApiKey();
        var id = (await api.RegisterAsync(Seed.Registration(name: "读取上限"))).GetProperty("id").GetString()!;
        // Kept before uploads were checked: written straight to the store.
        await KeepAsync(id, "junk.docx", "PK\u0003\u0004junk"u8.ToArray());
        var bomb = TestFiles.DocxBomb(100L * 1024 * 1024);
        Assert.True(bomb.Length < 300 * 1024, $"{bomb.Length} bytes");
        await KeepAsync(id, "bomb.docx", bomb);
        await KeepAsync(id, "damaged.pdf", "%PDF-1.4\n<html></html>\n"u8.ToArray());

        var preview = await api.PostAsJsonAsync($"/api/requests/{id}/letters/preview", new { type = "reply", outcome = 102, inputs = new { input_how = "随本答复书提供" } });
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var unscanned = (await preview.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unscanned").EnumerateArray().Select(e => e.GetString()).Order().ToList();
        Assert.Equal(["bomb.docx", "damaged.pdf", "junk.docx"], unscanned);

        var client = await app.AsRoleAsync(Roles.Caseworker);
        var page = await client.GetAsync($"/Requests/Letters/{id}?type=reply&outcome=102");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("未筛查的附件", await page.Content.ReadAsStringAsync());

        var issued = await api.PostAsJsonAsync($"/api/requests/{id}/letters", new { type = "reply", outcome = 102, inputs = new { input_how = "随本答复书提供" } });
        Assert.True(issued.IsSuccessStatusCode, $"{(int)issued.StatusCode} {await issued.Content.ReadAsStringAsync()}");
        Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM letters WHERE request_id = @Id", new { Id = id }));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/Requests/Letters/{id}")).StatusCode);
    }

    [Fact]
    public async Task Reading_limits_are_counted_while_decompressing()
    {
        Assert.Equal(DocumentProblem.ExpandsTooFar, await DocumentReader.CheckAsync(TestFiles.DocxBomb(DocumentReader.MaxExpandedBytes + 1), ".docx"));
        Assert.Equal(DocumentProblem.TooManyEntries, await DocumentReader.CheckAsync(TestFiles.Zip(0, [.. Enumerable.Range(0, DocumentReader.MaxEntries + 1).Select(i => $"e{i}")]), ".docx"));
        Assert.Equal(DocumentProblem.None, await DocumentReader.CheckAsync(TestFiles.Docx(), ".docx"));
        Assert.Null(await DocumentReader.TextAsync(TestFiles.DocxBomb(DocumentReader.MaxExpandedBytes + 1), "a.docx"));
        Assert.Equal("测试\n正文。", await DocumentReader.TextAsync(TestFiles.Docx(), "a.docx"));
    }

    private async Task KeepAsync(string requestId, string fileName, byte[] content)
    {
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync();
        await Attachments.InsertAsync(connection, new AttachmentInfo
        {
            Id = Guid.NewGuid().ToString(), RequestId = requestId, Kind = "reply-document", FileName = fileName,
            ContentType = "application/octet-stream", SizeBytes = content.Length,
            Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), UploadedBy = "cw1",
            UploadedAt = NodaTime.SystemClock.Instance.GetCurrentInstant(),
        }, content);
    }
}
