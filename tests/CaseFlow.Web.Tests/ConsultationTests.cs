using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Web.Tests;

/// <summary>Consultations in the workplace: the caseworker invites a legal adviser from the request, the adviser sees
/// exactly the consultations that invite them (question, masked description, shared materials) and gives an opinion.</summary>
[Collection(nameof(WebCollection))]
public sealed class ConsultationTests(WebApp app)
{
    private const string ApplicantName = "王小明";

    /// <summary>A request (its description repeats the applicant's name and phone) with two files, and an internal
    /// consultation inviting <paramref name="adviser"/> that shares only the first file.</summary>
    private async Task<(string RequestId, string ConsultationId, string Shared, string NotShared)> InviteAsync(string adviser = "adv1")
    {
        var api = app.WithApiKey();
        var created = await api.RegisterAsync(Seed.Registration(ApplicantName, $"申请人{ApplicantName}（电话13800138000）申请公开2024年本区老旧小区改造合同。"));
        var requestId = created.GetProperty("id").GetString()!;
        var shared = await AttachAsync(requestId, "合同.pdf");
        var notShared = await AttachAsync(requestId, "身份证.pdf");
        var response = await api.PostAsJsonAsync($"/api/requests/{requestId}/consultation", new Dictionary<string, object?>
        {
            ["kind"] = "Internal", ["participants"] = adviser, ["question"] = "该合同是否属于可以公开的政府信息？", ["date"] = Seed.Today(),
            ["dueOn"] = Seed.Today(7), ["materials"] = new[] { shared },
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("accepted").GetBoolean(), body);
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync();
        var consultationId = await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection, "SELECT id FROM consultations WHERE request_id = @Id", new { Id = requestId });
        return (requestId, consultationId!, shared, notShared);
    }

    private async Task<string> AttachAsync(string requestId, string fileName)
    {
        var id = Guid.NewGuid().ToString();
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync();
        var content = "%PDF-1.4\n%test\n"u8.ToArray();
        await Attachments.InsertAsync(connection, new AttachmentInfo
        {
            Id = id, RequestId = requestId, Kind = "other", FileName = fileName, ContentType = "application/pdf", SizeBytes = content.Length,
            Sha256 = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(content)), UploadedBy = "cw1",
            UploadedAt = NodaTime.SystemClock.Instance.GetCurrentInstant(),
        }, content);
        return id;
    }

    private async Task<HttpClient> SecondAdviserAsync()
    {
        await using (var connection = await app.Services.GetRequiredService<Database>().OpenAsync())
        {
            if (await Users.FindByNameAsync(connection, "adv2") is null)
                await Users.InsertAsync(connection, new UserAccount
                {
                    Id = Guid.NewGuid().ToString(), UserName = "adv2", DisplayName = "adv2", AgencyCode = "a1", Role = Roles.LegalAdviser,
                    PasswordHash = Security.SignInService.HashPassword(WebApp.Password), CreatedAt = NodaTime.SystemClock.Instance.GetCurrentInstant(),
                });
        }
        return await app.SignedInAsync("adv2");
    }

    [Fact]
    public async Task The_invited_adviser_sees_the_question_the_masked_description_and_only_the_shared_materials()
    {
        var (_, consultationId, shared, notShared) = await InviteAsync();
        var adviser = await app.AsRoleAsync(Roles.LegalAdviser);

        var inbox = await adviser.GetStringAsync("/Consultations");
        Assert.Contains($"/Consultations/{consultationId}", inbox);
        Assert.Contains("该合同是否属于可以公开的政府信息？", inbox);

        var page = await adviser.GetStringAsync($"/Consultations/{consultationId}");
        Assert.Contains("老旧小区改造合同", page);
        Assert.Contains("王**", page);
        Assert.Contains("138****8000", page);
        Assert.DoesNotContain(ApplicantName, page);
        Assert.DoesNotContain("13800138000", page);
        Assert.DoesNotContain("110105194912310021", page);
        Assert.Contains("合同.pdf", page);
        Assert.DoesNotContain("身份证.pdf", page);
        Assert.Equal(HttpStatusCode.OK, (await adviser.GetAsync($"/Consultations/{consultationId}?handler=Material&attachmentId={shared}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await adviser.GetAsync($"/Consultations/{consultationId}?handler=Material&attachmentId={notShared}")).StatusCode);
    }

    [Fact]
    public async Task The_adviser_gives_an_opinion_and_the_caseworker_sees_it_on_the_request()
    {
        var (requestId, consultationId, _, _) = await InviteAsync();
        var adviser = await app.AsRoleAsync(Roles.LegalAdviser);

        var posted = await adviser.PostFormAsync($"/Consultations/{consultationId}", new()
        {
            ["Input.Position"] = "Conditional", ["Input.Reasoning"] = "合同中的商业条款应作区分处理后公开。", ["Input.CitedArticles"] = "第十五条、第三十七条",
        });

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var caseworker = await app.AsRoleAsync(Roles.Caseworker);
        var request = await caseworker.GetStringAsync($"/Requests/Details/{requestId}");
        Assert.Contains("合同中的商业条款应作区分处理后公开。", request);
        Assert.Contains("第十五条、第三十七条", request);
        Assert.Contains("附条件同意", request);
        Assert.Contains("意见已齐", request);
        Assert.Contains("我的意见", await adviser.GetStringAsync($"/Consultations/{consultationId}"));
    }

    [Fact]
    public async Task The_invitation_reaches_the_advisers_notices_and_no_one_elses()
    {
        var (_, consultationId, _, _) = await InviteAsync();
        var adviser = await app.AsRoleAsync(Roles.LegalAdviser);

        var until = DateTime.UtcNow.AddSeconds(20);
        string notices;
        while (!(notices = await adviser.GetStringAsync("/Notifications")).Contains($"/Consultations/{consultationId}") && DateTime.UtcNow < until)
            await Task.Delay(100);

        Assert.Contains("会商邀请", notices);
        Assert.Contains("class=\"badge\"", notices);
        Assert.DoesNotContain($"/Consultations/{consultationId}", await (await app.AsRoleAsync(Roles.Supervisor)).GetStringAsync("/Notifications"));
        var read = await adviser.PostFormAsync("/Notifications?handler=Read", new());
        Assert.Equal(HttpStatusCode.Redirect, read.StatusCode);
        Assert.DoesNotContain("class=\"badge\"", await adviser.GetStringAsync("/Notifications"));
    }

    [Fact]
    public async Task Through_the_api_a_third_party_letter_is_served_later_and_bad_input_names_the_field()
    {
        var api = app.WithApiKey();
        var requestId = (await api.RegisterAsync()).GetProperty("id").GetString();
        var started = await api.PostAsJsonAsync($"/api/requests/{requestId}/consultation", new Dictionary<string, object?>
        {
            ["kind"] = "ThirdParty", ["participants"] = "某建设有限公司", ["question"] = "是否同意公开合同？", ["date"] = Seed.Today(), ["documentNumber"] = "测征〔2026〕1号",
        });
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM consultations WHERE request_id = @Id", new { Id = requestId }));
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync();
        var id = await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection, "SELECT id FROM consultations WHERE request_id = @Id", new { Id = requestId });

        var missing = await api.PostAsJsonAsync($"/api/requests/{requestId}/consultation-service", new Dictionary<string, object?> { ["date"] = Seed.Today() });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("consultationId", await missing.Content.ReadAsStringAsync());
        var tooEarly = await api.PostAsJsonAsync($"/api/requests/{requestId}/consultation-service", new Dictionary<string, object?> { ["consultationId"] = id, ["date"] = Seed.Today(-1) });
        Assert.Equal(HttpStatusCode.Conflict, tooEarly.StatusCode);
        Assert.Contains("送达日期须在发出日期至今天之间", await tooEarly.Content.ReadAsStringAsync());

        var served = await api.PostAsJsonAsync($"/api/requests/{requestId}/consultation-service", new Dictionary<string, object?> { ["consultationId"] = id, ["date"] = Seed.Today() });

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        var data = await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection, "SELECT data FROM consultations WHERE id = @Id", new { Id = id });
        Assert.Contains($"\"letterReceivedOn\":\"{Seed.Today()}\"", data);
    }

    [Fact]
    public async Task An_opinion_without_position_or_reasoning_names_the_fields_and_stores_nothing()
    {
        var (_, consultationId, _, _) = await InviteAsync();
        var adviser = await app.AsRoleAsync(Roles.LegalAdviser);

        var response = await adviser.PostFormAsync($"/Consultations/{consultationId}", new() { ["Input.Position"] = "", ["Input.Reasoning"] = " " });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("请选择「意见」", html);
        Assert.Contains("请填写「理由」", html);
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync();
        var data = await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection, "SELECT data FROM consultations WHERE id = @Id", new { Id = consultationId });
        Assert.Contains("\"opinions\":[]", data);
    }

    [Fact]
    public async Task An_uninvited_adviser_finds_nothing_by_list_page_material_or_guessed_id()
    {
        var (requestId, consultationId, shared, _) = await InviteAsync();
        var stranger = await SecondAdviserAsync();

        Assert.DoesNotContain(consultationId, await stranger.GetStringAsync("/Consultations"));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/Consultations/{consultationId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/Consultations/{consultationId}?handler=Material&attachmentId={shared}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/Consultations/{Guid.NewGuid()}")).StatusCode);
        // Posting an opinion to a consultation that does not invite them is not found either, and changes nothing.
        var post = await stranger.PostFormAsync($"/Consultations/{consultationId}", new() { ["Input.Position"] = "Agree", ["Input.Reasoning"] = "同意" },
            pageUrl: "/Consultations");
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM audit_entries WHERE request_id = @Id AND activity = 'RecordOpinion'", new { Id = requestId }));
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM consultation_participants WHERE participant = 'adv2'"));
    }

    [Fact]
    public async Task An_adviser_reaches_no_request_by_page_or_api_whether_the_id_exists_or_not()
    {
        var (requestId, _, shared, _) = await InviteAsync();
        var adviser = await app.AsRoleAsync(Roles.LegalAdviser);
        var guessed = Guid.NewGuid();

        foreach (var path in new[] { $"/Requests/Details/{requestId}", $"/Requests/Details/{guessed}", $"/Requests/Details/{requestId}?handler=Attachment&attachmentId={shared}", "/Workbench" })
        {
            var response = await adviser.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Account/Denied", response.Headers.Location!.OriginalString);
        }
        foreach (var path in new[] { $"/api/requests/{requestId}", $"/api/requests/{guessed}", "/api/requests", $"/api/requests/{requestId}/attachments/{shared}" })
            Assert.Equal(HttpStatusCode.Forbidden, (await adviser.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await adviser.PostAsJsonAsync($"/api/requests/{requestId}/opinion", new { })).StatusCode);
    }

    [Fact]
    public async Task Another_agencys_caseworker_cannot_see_the_consultation_and_the_caseworker_sees_no_one_elses()
    {
        var (requestId, consultationId, _, _) = await InviteAsync();
        var other = await app.SignedInAsync("cw2");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Requests/Details/{requestId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Consultations/{consultationId}")).StatusCode);
        Assert.DoesNotContain(consultationId, await other.GetStringAsync("/Consultations"));
        // Caseworkers have a consultation inbox (issue 17 item 2), but a consultation that does not ask them is not found.
        var caseworker = await app.AsRoleAsync(Roles.Caseworker);
        Assert.Equal(HttpStatusCode.NotFound, (await caseworker.GetAsync($"/Consultations/{consultationId}")).StatusCode);
    }

    /// <summary>Issue 17 item 2 (Art. 34): agency a1 consults agency a2 of the same installation; a2's caseworker cw2
    /// finds the task in 会商待办, sees the question, the description with the applicant's data masked and only the shared
    /// file, never the request; answers as the agency; a1 sees the opinion on the request.</summary>
    [Fact]
    public async Task An_other_agency_of_the_installation_answers_in_its_inbox_seeing_only_what_it_needs()
    {
        var api = app.WithApiKey();
        var created = await api.RegisterAsync(Seed.Registration(ApplicantName, $"申请人{ApplicantName}（电话13800138000）申请公开本区河道整治规划图。"));
        var requestId = created.GetProperty("id").GetString()!;
        var shared = await AttachAsync(requestId, "规划图.pdf");
        var notShared = await AttachAsync(requestId, "身份证.pdf");
        var response = await api.PostAsJsonAsync($"/api/requests/{requestId}/consultation", new Dictionary<string, object?>
        {
            ["kind"] = "OtherAgency", ["addressedAgency"] = "a2", ["question"] = "规划图是否涉及贵局不宜公开的内容？", ["date"] = Seed.Today(),
            ["letterReceivedOn"] = Seed.Today(), ["materials"] = new[] { shared },
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync();
        var consultationId = await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection, "SELECT id FROM consultations WHERE request_id = @Id", new { Id = requestId });

        var other = await app.SignedInAsync("cw2");
        var inbox = await other.GetStringAsync("/Consultations");
        Assert.Contains($"/Consultations/{consultationId}", inbox);
        Assert.Contains("测试机关a1", inbox);
        var page = await other.GetStringAsync($"/Consultations/{consultationId}");
        Assert.Contains("河道整治规划图", page);
        Assert.Contains("王**", page);
        Assert.Contains("138****8000", page);
        Assert.DoesNotContain(ApplicantName, page);
        Assert.DoesNotContain("13800138000", page);
        Assert.Contains("规划图.pdf", page);
        Assert.DoesNotContain("身份证.pdf", page);
        Assert.Contains("第三十四条", page);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/Consultations/{consultationId}?handler=Material&attachmentId={shared}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Consultations/{consultationId}?handler=Material&attachmentId={notShared}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Requests/Details/{requestId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/requests/{requestId}")).StatusCode);
        // a1's own caseworker is not asked: the task is not theirs.
        var caseworker = await app.AsRoleAsync(Roles.Caseworker);
        Assert.Equal(HttpStatusCode.NotFound, (await caseworker.GetAsync($"/Consultations/{consultationId}")).StatusCode);

        var posted = await other.PostFormAsync($"/Consultations/{consultationId}", new()
        {
            ["Input.Position"] = "Agree", ["Input.Reasoning"] = "规划图不涉及本局不宜公开的内容，同意公开。", ["Input.CitedArticles"] = "第三十四条",
        });

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var request = await caseworker.GetStringAsync($"/Requests/Details/{requestId}");
        Assert.Contains("规划图不涉及本局不宜公开的内容，同意公开。", request);
        Assert.Contains("测试机关a2", request);
        Assert.Contains("意见已齐", request);
    }

    [Fact]
    public async Task An_addressed_agency_that_is_not_on_the_installation_names_the_refusal()
    {
        var api = app.WithApiKey();
        var created = await api.RegisterAsync(Seed.Registration(ApplicantName, "申请公开本区河道整治规划图。"));
        var requestId = created.GetProperty("id").GetString()!;

        var response = await api.PostAsJsonAsync($"/api/requests/{requestId}/consultation", new Dictionary<string, object?>
        {
            ["kind"] = "OtherAgency", ["addressedAgency"] = "nowhere", ["question"] = "是否同意公开？", ["date"] = Seed.Today(),
        });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("本平台没有该机关", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM consultations WHERE request_id = @Id", new { Id = requestId }));
    }
}

/// <summary>The demo (<c>--demo</c>): the legal adviser li.na finds an open invitation in 会商待办.</summary>
public sealed class DemoConsultationTests : IAsyncLifetime
{
    private readonly WebApp _app = new() { Demo = true };

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_demo_adviser_has_an_open_invitation()
    {
        var adviser = await _app.SignedInAsync("li.na", Setup.DemoData.DefaultPassword);

        var inbox = await adviser.GetStringAsync("/Consultations");

        Assert.Contains("发放名册含有个人信息", inbox);
        Assert.Contains("待提出", inbox);
        var link = System.Text.RegularExpressions.Regex.Match(inbox, "/Consultations/([0-9a-f-]{36})");
        Assert.True(link.Success, inbox);
        Assert.Contains("提交意见", await adviser.GetStringAsync(link.Value));
    }
}
