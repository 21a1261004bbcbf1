using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Correspondence;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 18 through the public API: apply, follow with the access code, answer the correction, receive the reply
/// online, rate it; the agency's side through the staff API.</summary>
[Collection(nameof(WebCollection))]
public sealed class ApplicantApiTests(WebApp app)
{
    public const string IdentityNumber = "11010519491231002X";
    public static readonly byte[] Pdf = TestFiles.Pdf("identity");

    public static Dictionary<string, object?> Citizen(string name = "李网申", string description = "申请公开2025年本区道路维修工程的招标文件。") => new()
    {
        ["applicantType"] = "NaturalPerson", ["agencyCode"] = "a1", ["name"] = name, ["idType"] = "居民身份证", ["idNumber"] = IdentityNumber,
        ["phone"] = "13912345678", ["email"] = "li@example.com", ["description"] = description, ["formOfProvision"] = "Electronic",
        ["receiveBy"] = "Download", ["consentElectronic"] = true,
        ["attachments"] = new[] { new { kind = "identity-proof", fileName = "id.pdf", contentBase64 = Convert.ToBase64String(Pdf) } },
    };

    private static HttpClient WithCode(HttpClient client, string code)
    {
        client.DefaultRequestHeaders.Add("X-Access-Code", code);
        return client;
    }

    public static async Task<(string TrackingNumber, string AccessCode, string Id)> ApplyAsync(WebApp app, Dictionary<string, object?>? body = null)
    {
        var response = await app.Anonymous().PostAsJsonAsync("/api/public/applications", body ?? Citizen());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("a1", created.GetProperty("agencyCode").GetString());
        Assert.Equal("Registered", created.GetProperty("state").GetString());
        var number = created.GetProperty("trackingNumber").GetString()!;
        var id = await app.ScalarAsync<string>("SELECT request_id FROM applicant_access WHERE tracking_number = @N AND agency_code = 'a1'", new { N = number });
        return (number, created.GetProperty("accessCode").GetString()!, id!);
    }

    [Fact]
    public async Task An_applicant_applies_online_and_the_request_waits_registered_for_the_agency_to_confirm()
    {
        var (number, code, id) = await ApplyAsync(app);

        Assert.Matches("^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$", code);
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM applicant_access WHERE access_code_hash = @C OR access_code_hash LIKE @Like", new { C = code, Like = $"%{code.Replace("-", "")}%" }));
        var staff = await app.WithApiKey().GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
        Assert.Equal("Registered", staff.GetProperty("state").GetString());
        Assert.Equal("Online", staff.GetProperty("channel").GetString());
        Assert.False(staff.GetProperty("deadlines").TryGetProperty("receivedOn", out _));
        var proof = Assert.Single(staff.GetProperty("attachments").EnumerateArray());
        Assert.Equal("identity-proof", proof.GetProperty("kind").GetString());
        Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM audit_entries WHERE request_id = @Id AND actor = 'applicant:online'", new { Id = id }));

        var seen = await WithCode(app.Anonymous(), code).GetFromJsonAsync<JsonElement>($"/api/public/applications/{number}");
        Assert.Equal("Registered", seen.GetProperty("state").GetString());
        Assert.False(seen.TryGetProperty("receivedOn", out _));
        Assert.Equal("submitted", Assert.Single(seen.GetProperty("timeline").EnumerateArray()).GetProperty("kind").GetString());
        var json = seen.GetRawText();
        Assert.DoesNotContain("handler", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("actor", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(IdentityNumber, json);
    }

    [Fact]
    public async Task A_wrong_access_code_answers_exactly_as_an_unknown_tracking_number()
    {
        var (number, _, _) = await ApplyAsync(app);

        var wrong = await WithCode(app.Anonymous(), "AAAA-BBBB-CCCC").GetAsync($"/api/public/applications/{number}");
        var unknown = await WithCode(app.Anonymous(), "AAAA-BBBB-CCCC").GetAsync("/api/public/applications/1999-999999");
        var none = await app.Anonymous().GetAsync($"/api/public/applications/{number}");

        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Equal(unknown.StatusCode, wrong.StatusCode);
        static async Task<string> WithoutTrace(HttpResponseMessage r)
        {
            var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
            return string.Join("|", problem.EnumerateObject().Where(p => p.Name != "traceId").Select(p => $"{p.Name}={p.Value}"));
        }
        Assert.Equal(await WithoutTrace(unknown), await WithoutTrace(wrong));
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task Each_wrong_field_is_named_and_nothing_is_registered()
    {
        var before = await app.CountAsync("SELECT COUNT(*) FROM requests");
        var body = Citizen();
        body["idNumber"] = "110105194912310021";
        body["phone"] = "";
        body["agencyCode"] = "nowhere";
        body["receiveBy"] = "Pigeon";
        body["attachments"] = Array.Empty<object>();

        var response = await app.Anonymous().PostAsJsonAsync("/api/public/applications", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("GB 11643", errors.GetProperty("idNumber")[0].GetString());
        Assert.Equal("请填写「联系电话」。", errors.GetProperty("phone")[0].GetString());
        Assert.True(errors.TryGetProperty("agencyCode", out _));
        Assert.True(errors.TryGetProperty("receiveBy", out _));
        Assert.True(errors.TryGetProperty("identityProof", out _));
        Assert.Equal(before, await app.CountAsync("SELECT COUNT(*) FROM requests"));
    }

    [Fact]
    public async Task An_organisation_needs_a_valid_unified_social_credit_code()
    {
        var body = Citizen();
        body["applicantType"] = "Organisation";
        body["organisationName"] = "示范科技有限公司";
        body["creditCode"] = "91110108551385082R";
        body["legalRepresentative"] = "陈法人";
        body["contactName"] = "周联系";

        var bad = await app.Anonymous().PostAsJsonAsync("/api/public/applications", body);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("GB 32100", errors.GetProperty("creditCode")[0].GetString());

        body["creditCode"] = "91110108551385082Q";
        var (_, _, id) = await ApplyAsync(app, body);
        var staff = await app.WithApiKey().GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
        Assert.Equal("OtherOrganization", staff.GetProperty("applicant").GetProperty("type").GetString());
        Assert.Equal("示范科技有限公司", staff.GetProperty("applicant").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_bot_filling_the_hidden_field_registers_nothing()
    {
        var before = await app.CountAsync("SELECT COUNT(*) FROM requests");
        // Other forms of the shared app may hold files of their own (a refused report import keeps its file).
        var uploadsBefore = await app.CountAsync("SELECT COUNT(*) FROM applicant_uploads");
        var body = Citizen();
        body["website"] = "http://spam.example";

        var response = await app.Anonymous().PostAsJsonAsync("/api/public/applications", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await app.CountAsync("SELECT COUNT(*) FROM requests"));
        Assert.Equal(uploadsBefore, await app.CountAsync("SELECT COUNT(*) FROM applicant_uploads"));
    }

    [Fact]
    public async Task A_near_duplicate_from_the_same_applicant_is_flagged_to_staff()
    {
        var (first, _, _) = await ApplyAsync(app, Citizen("赵重复", "申请公开2025年本街道垃圾分类补贴资金的发放明细。"));
        var (_, _, second) = await ApplyAsync(app, Citizen("赵重复", "申请公开2025年本街道垃圾分类补贴资金的发放明细表。"));

        Assert.Equal(first, await app.ScalarAsync<string>("SELECT duplicate_of FROM applicant_access WHERE request_id = @Id", new { Id = second }));
        var page = await (await app.AsRoleAsync(Roles.Caseworker)).GetStringAsync("/Requests/Online");
        Assert.Contains(first, page);
        Assert.Contains("疑似重复", page);
    }

    [Fact]
    public async Task The_whole_case_through_the_public_api()
    {
        var (number, code, id) = await ApplyAsync(app, Citizen("钱全程", "申请公开2025年本区公共停车场收费标准的制定依据。"));
        var staff = app.WithApiKey();
        var applicant = WithCode(app.Anonymous(), code);

        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/requests/{id}/confirm-receipt", new { date = Seed.Today() })).StatusCode);
        var confirmed = await applicant.GetFromJsonAsync<JsonElement>($"/api/public/applications/{number}");
        Assert.Equal(Seed.Today(), confirmed.GetProperty("receivedOn").GetString());
        Assert.True(confirmed.TryGetProperty("replyDueOn", out _));

        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsJsonAsync($"/api/requests/{id}/correction-notice",
            new { items = "请写明收费标准的文件名称\n请说明所指停车场的位置", correctionPeriodEndsOn = Seed.Today(10) })).StatusCode);
        var asked = await applicant.GetFromJsonAsync<JsonElement>($"/api/public/applications/{number}");
        Assert.True(asked.GetProperty("clockPaused").GetBoolean());
        Assert.Equal(["请写明收费标准的文件名称", "请说明所指停车场的位置"], asked.GetProperty("correction").GetProperty("items").EnumerateArray().Select(e => e.GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await applicant.PostAsJsonAsync($"/api/public/applications/{number}/correction",
            new { correctedDescription = "申请公开《示范区公共停车场收费标准》（示价〔2025〕3号）的制定依据，位置：人民路停车场。" })).StatusCode);
        var corrected = await staff.GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
        Assert.Equal("InProgress", corrected.GetProperty("state").GetString());
        Assert.Contains(corrected.GetProperty("history").EnumerateArray(), h => h.GetProperty("actor").GetString() == $"applicant:{number}");

        var letter = await (await staff.PostAsJsonAsync($"/api/requests/{id}/letters", new
        {
            type = "reply", outcome = 401,
            inputs = new { input_reasons = "经检索，未找到该信息。", input_reconsideration_body = "示范县人民政府", input_court = "示范县人民法院" },
        })).Content.ReadFromJsonAsync<JsonElement>();
        var letterId = letter.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await staff.PostAsync($"/api/requests/{id}/letters/{letterId}/online-service", null)).StatusCode);
        // Serving the reply letter is the reply (issue 12): served online, the request is closed with its outcome.
        var closed = await staff.GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
        Assert.Equal("Replied", closed.GetProperty("state").GetString());

        var replied = await applicant.GetFromJsonAsync<JsonElement>($"/api/public/applications/{number}");
        var served = Assert.Single(replied.GetProperty("letters").EnumerateArray());
        Assert.Equal("Online", served.GetProperty("method").GetString());
        Assert.Equal(Seed.Today(), served.GetProperty("servedOn").GetString());
        var docx = await applicant.GetByteArrayAsync($"/api/public/applications/{number}/letters/{letterId}");
        Assert.Contains("第三十六条第（四）项", LetterDocx.ReadText(new MemoryStream(docx)));
        Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM applicant_deliveries WHERE letter_id = @L AND first_downloaded_at IS NOT NULL", new { L = letterId }));
        var service = await app.ScalarAsync<string>("SELECT evidence FROM letter_services WHERE letter_id = @L AND method = 'Online'", new { L = letterId });
        Assert.Contains("置于申请人空间", service);

        var rated = await applicant.PostAsJsonAsync($"/api/public/applications/{number}/rating", new { level = "不满意", comment = "答复太慢。" });
        Assert.Equal(HttpStatusCode.NoContent, rated.StatusCode);
        var after = await applicant.GetFromJsonAsync<JsonElement>($"/api/public/applications/{number}");
        Assert.Equal("不满意", after.GetProperty("rating").GetProperty("level").GetString());
        var item = Assert.Single(after.GetProperty("rectifications").EnumerateArray());
        Assert.Equal(Seed.Today(), item.GetProperty("openedOn").GetString());
        var calendars = app.Services.GetRequiredService<CaseFlow.Workflows.Infrastructure.CalendarCatalog>();
        var today = CaseFlow.Workflows.DisclosureRequest.ChinaTime.Today(NodaTime.SystemClock.Instance);
        Assert.Equal(calendars.ClockFor("cn").After(today, 15).DueOn.ToString("uuuu-MM-dd", null), item.GetProperty("dueOn").GetString());
    }

    [Fact]
    public async Task A_rating_before_close_or_with_an_unknown_level_is_refused()
    {
        var (number, code, _) = await ApplyAsync(app);
        var applicant = WithCode(app.Anonymous(), code);

        var early = await applicant.PostAsJsonAsync($"/api/public/applications/{number}/rating", new { level = "满意" });
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.True((await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("level", out _));

        Assert.Equal(HttpStatusCode.NoContent, (await applicant.PostAsJsonAsync($"/api/public/applications/{number}/withdrawal", new { reason = "不再需要" })).StatusCode);
        var closed = await applicant.GetFromJsonAsync<JsonElement>($"/api/public/applications/{number}");
        Assert.Equal("Withdrawn", closed.GetProperty("closeReason").GetString());
        var bad = await applicant.PostAsJsonAsync($"/api/public/applications/{number}/rating", new { level = "5" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await applicant.PostAsJsonAsync($"/api/public/applications/{number}/rating", new { level = "非常满意" })).StatusCode);
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM rectifications WHERE tracking_number = @N AND agency_code = 'a1'", new { N = number }));
    }
}
