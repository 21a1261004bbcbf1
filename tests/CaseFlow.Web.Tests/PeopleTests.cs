using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 16, people by name: a handler is chosen from the agency's people, never typed; pages show 姓名 with the
/// login name on hover; the administrator sets 姓名 and 科室.</summary>
[Collection(nameof(WebCollection))]
public sealed class PeopleTests(WebApp app)
{
    private async Task AddCaseworkerAsync(string userName, string displayName, string? department, string agency = "a1", string role = Roles.Caseworker)
    {
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync();
        if (await Users.FindByNameAsync(connection, userName) is not null)
            return;
        await Users.InsertAsync(connection, new UserAccount
        {
            Id = Guid.NewGuid().ToString(), UserName = userName, DisplayName = displayName, Department = department, AgencyCode = agency,
            Role = role, PasswordHash = SignInService.HashPassword(WebApp.Password), CreatedAt = SystemClock.Instance.GetCurrentInstant(),
        });
    }

    private static Dictionary<string, string> Form(Dictionary<string, object?> fields) =>
        fields.ToDictionary(k => $"Input.{k.Key}", k => k.Value?.ToString() ?? "");

    [Fact]
    public async Task A_request_handed_to_a_colleague_shows_her_name_with_the_login_name_on_hover()
    {
        await AddCaseworkerAsync("liu.yang.t", "刘洋", "政务公开科");
        var client = await app.AsRoleAsync(Roles.Caseworker);
        var form = await client.GetStringAsync("/Requests/Register");
        Assert.Contains("<option value=\"liu.yang.t\">刘洋（政务公开科）</option>", form);
        Assert.Contains("data-filter=", form);
        Assert.DoesNotContain("name=\"Input.Handler\" value=", form);

        var fields = Seed.Registration(name: "姓名测试", description: "申请公开承办人姓名测试文件。");
        fields["handler"] = "liu.yang.t";
        var response = await client.PostFormAsync("/Requests/Register", Form(fields));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await client.GetStringAsync(response.Headers.Location!.OriginalString);
        var workbench = await client.GetStringAsync("/Workbench?search=姓名测试");

        Assert.Contains("<dd><span class=\"person\" title=\"liu.yang.t（政务公开科）\">刘洋</span></dd>", page[page.IndexOf("<h1", StringComparison.Ordinal)..]);
        Assert.Contains("<span class=\"person\" title=\"liu.yang.t（政务公开科）\">刘洋</span>", workbench);
        Assert.Contains("<option value=\"liu.yang.t\">刘洋</option>", workbench);
    }

    [Fact]
    public async Task A_typed_handler_who_is_not_a_person_of_the_agency_is_refused_on_the_page_and_nothing_is_stored()
    {
        await AddCaseworkerAsync("other.agency.cw", "外机关", null, agency: "a2");
        var client = await app.AsRoleAsync(Roles.Caseworker);
        var before = await app.CountAsync("SELECT COUNT(*) FROM requests");
        foreach (var handler in new[] { "刘洋", "other.agency.cw", "adv1" })
        {
            var fields = Seed.Registration(name: "自由文本", description: "申请公开自由文本承办人测试。");
            fields["handler"] = handler;
            var response = await client.PostFormAsync("/Requests/Register", Form(fields));
            var html = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("「承办人」须从本机关的承办人中选择。", html);
        }
        Assert.Equal(before, await app.CountAsync("SELECT COUNT(*) FROM requests"));
    }

    [Fact]
    public async Task The_api_answers_an_unknown_handler_with_a_400_naming_handler()
    {
        var api = app.WithApiKey();
        var before = await app.CountAsync("SELECT COUNT(*) FROM requests");
        var body = Seed.Registration(name: "接口承办人");
        body["handler"] = "刘洋";

        var response = await api.PostAsJsonAsync("/api/requests", body);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("承办人", problem.GetProperty("errors").GetProperty("handler")[0].GetString());
        Assert.Equal(before, await app.CountAsync("SELECT COUNT(*) FROM requests"));

        body["handler"] = "cw1";
        var created = await api.RegisterAsync(body);
        Assert.Equal("cw1", created.GetProperty("handler").GetString());
    }

    [Fact]
    public async Task A_request_registered_by_an_api_key_without_a_handler_has_none_rather_than_the_key()
    {
        var created = await app.WithApiKey().RegisterAsync(Seed.Registration(name: "无承办人"));

        Assert.False(created.TryGetProperty("handler", out _));
        Assert.Equal("api:portal", created.GetProperty("history")[0].GetProperty("actor").GetString());
    }

    [Fact]
    public async Task The_administrator_sets_name_and_department_and_the_trail_shows_the_actor_by_name()
    {
        var admin = await app.AsRoleAsync(Roles.Administrator);
        var created = await admin.PostFormAsync("/Admin/Users?handler=Create", new()
        {
            ["UserName"] = "zhou.jie", ["DisplayName"] = "周杰", ["Department"] = "法制科", ["AgencyCode"] = "a1", ["Role"] = Roles.LegalAdviser,
        }, "/Admin/Users");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        await using (var connection = await app.Services.GetRequiredService<Database>().OpenAsync())
        {
            var user = await Users.FindByNameAsync(connection, "zhou.jie");
            Assert.Equal("周杰", user!.DisplayName);
            Assert.Equal("法制科", user.Department);
        }
        var users = await admin.GetStringAsync("/Admin/Users");
        Assert.Contains("<td>zhou.jie</td><td>周杰</td><td>法制科</td>", users);

        var trail = await admin.GetStringAsync("/Admin/Audit");
        Assert.Contains("<span class=\"person\" title=\"adm1\">adm1</span> <small class=\"muted\">adm1</small>", trail);
    }

    [Fact]
    public async Task A_consultation_invites_only_the_agencys_legal_advisers()
    {
        var api = app.WithApiKey();
        var created = await api.RegisterAsync(Seed.Registration(name: "顾问选择"));
        var id = created.GetProperty("id").GetString();

        var response = await api.PostAsJsonAsync($"/api/requests/{id}/consultation",
            new { date = Seed.Today(), kind = "Internal", advisers = new[] { "cw1" }, question = "是否涉及内部事务？" });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("法律顾问", problem.GetProperty("errors").GetProperty("advisers")[0].GetString());
    }

    [Fact]
    public async Task Letters_drafts_in_review_and_attachments_name_who_made_them()
    {
        await AddCaseworkerAsync("wang.fang.t", "王芳", "政务公开科");
        await AddCaseworkerAsync("zhao.lei.t", "赵磊", "办公室", role: Roles.Supervisor);
        const string wangFang = "<span class=\"person\" title=\"wang.fang.t（政务公开科）\">王芳</span>";
        var id = (await app.WithApiKey().RegisterAsync(Seed.Registration(name: "经办人姓名"))).GetProperty("id").GetString()!;
        var caseworker = await app.SignedInAsync("wang.fang.t");
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.PostMultipartAsync($"/Requests/Details/{id}?handler=Upload", new() { ["kind"] = "reply-document" },
            [("file", "名录.docx", CaseFlow.Web.Correspondence.LetterDocx.Write("# 名录\n"))], $"/Requests/Details/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await caseworker.PostAsJsonAsync($"/api/requests/{id}/letters", new { type = "receipt" })).StatusCode);
        await app.ReviewRepliesAsync(Domain.Correspondence.ReviewMode.Single);
        try
        {
            Assert.Equal(HttpStatusCode.Accepted, (await caseworker.PostAsJsonAsync($"/api/requests/{id}/letters", new
            {
                type = "reply", outcome = 401,
                inputs = new { input_reasons = "经检索，本机关未制作或者获取该信息。", input_reconsideration_body = "示范县人民政府", input_court = "示范县人民法院" },
            })).StatusCode);
        }
        finally
        {
            await app.ReviewRepliesAsync(Domain.Correspondence.ReviewMode.None);
        }
        var supervisor = await app.SignedInAsync("zhao.lei.t");
        var draft = (await supervisor.GetFromJsonAsync<JsonElement>("/api/reviews")).EnumerateArray().Single(d => d.GetProperty("requestId").GetString() == id);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PostAsJsonAsync($"/api/requests/{id}/letters/{draft.GetProperty("id").GetString()}/review",
            new { decision = "return", comment = "请补充检索范围。" })).StatusCode);

        var details = await caseworker.GetStringAsync($"/Requests/Details/{id}");
        var letters = await caseworker.GetStringAsync($"/Requests/Letters/{id}");

        Assert.Contains($"KB · {wangFang}", details);
        Assert.Contains($"{wangFang}</td>", letters);
        Assert.Contains($"· {wangFang} ·", letters);
        Assert.Contains("<span class=\"person\" title=\"zhao.lei.t（办公室）\">赵磊</span>：请补充检索范围。", letters);
        Assert.DoesNotContain(">wang.fang.t", details + letters);
    }
}
