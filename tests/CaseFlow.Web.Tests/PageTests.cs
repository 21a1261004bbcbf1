using System.Net;
using System.Text;
using CaseFlow.Persistence.Workplace;

namespace CaseFlow.Web.Tests;

/// <summary>The caseworker's pages: register, act on a request, attach files — through the real forms.</summary>
[Collection(nameof(WebCollection))]
public sealed class PageTests(WebApp app)
{
    private static Dictionary<string, string> Form(Dictionary<string, object?> fields) =>
        fields.ToDictionary(k => $"Input.{k.Key}", k => k.Value?.ToString() ?? "");

    private async Task<string> RegisterThroughThePageAsync(HttpClient client, Dictionary<string, object?> fields)
    {
        var response = await client.PostFormAsync("/Requests/Register", Form(fields));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    [Fact]
    public async Task Registration_errors_name_the_field_in_chinese_and_store_nothing()
    {
        var client = await app.AsRoleAsync(Roles.Caseworker);
        var before = await app.CountAsync("SELECT COUNT(*) FROM requests");
        var fields = Seed.Registration();
        fields["applicantName"] = "";
        fields["receivedOn"] = "2024-02-30";

        var response = await client.PostFormAsync("/Requests/Register", Form(fields));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("请填写「申请人姓名或者名称」。", html);
        Assert.Contains("「收到申请之日」不是有效日期。", html);
        Assert.Equal(before, await app.CountAsync("SELECT COUNT(*) FROM requests"));
    }

    [Fact]
    public async Task A_request_registered_on_the_page_shows_its_deadlines_and_audit_trail()
    {
        var client = await app.AsRoleAsync(Roles.Caseworker);

        var location = await RegisterThroughThePageAsync(client, Seed.Registration(name: "李页面", description: "申请公开2023年度本区道路养护合同。"));
        var html = await client.GetStringAsync(location);

        Assert.Contains("办理中", html);
        Assert.Contains("答复期限", html);
        Assert.Contains("期限计算说明", html);
        Assert.Contains("cw1", html);
        // Issue 12: the correction notice is its letter, drafted from the request page.
        Assert.Contains("id=\"draft-correction-notice\"", html);
        Assert.Contains("拟制补正告知书", html);
    }

    [Fact]
    public async Task A_similar_request_from_the_same_applicant_asks_for_confirmation()
    {
        var client = await app.AsRoleAsync(Roles.Caseworker);
        var fields = Seed.Registration(name: "赵重复", description: "申请公开2022年本街道垃圾分类专项资金的使用情况。");
        await RegisterThroughThePageAsync(client, fields);
        var before = await app.CountAsync("SELECT COUNT(*) FROM requests");

        var warned = await client.PostFormAsync("/Requests/Register", Form(fields));
        Assert.Equal(HttpStatusCode.OK, warned.StatusCode);
        Assert.Contains("请确认不是重复申请", await warned.Content.ReadAsStringAsync());
        Assert.Equal(before, await app.CountAsync("SELECT COUNT(*) FROM requests"));

        var confirmed = Form(fields);
        confirmed["ConfirmDuplicate"] = "true";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/Requests/Register", confirmed)).StatusCode);
        Assert.Equal(before + 1, await app.CountAsync("SELECT COUNT(*) FROM requests"));
    }

    [Fact]
    public async Task Correction_then_corrected_application_then_reply_through_the_request_page()
    {
        var client = await app.AsRoleAsync(Roles.Caseworker);
        var location = await RegisterThroughThePageAsync(client, Seed.Registration(name: "钱流程", description: "申请公开有关文件。"));
        var today = Seed.Today();

        // Issue 12: the correction notice is its letter; the request page has no second form for it.
        Assert.DoesNotContain("action-correction-notice", await client.GetStringAsync(location));
        var letters = location.Replace("/Requests/Details/", "/Requests/Letters/");
        var missing = await client.PostFormAsync($"{letters}?handler=Issue",
            new() { ["Form.Type"] = "correction-notice", ["Form.Inputs[input_correction_items]"] = "", ["Form.Inputs[input_correction_period_ends_on]"] = "" }, letters);
        var missingHtml = await missing.Content.ReadAsStringAsync();
        Assert.Contains("请填写：需要补正的事项（每行一项）。", missingHtml);

        var notice = await client.PostFormAsync($"{letters}?handler=Issue",
            new() { ["Form.Type"] = "correction-notice", ["Form.Inputs[input_correction_items]"] = "请写明文件名称或文号", ["Form.Inputs[input_correction_period_ends_on]"] = Seed.Today(15) }, letters);
        Assert.Equal(HttpStatusCode.Redirect, notice.StatusCode);
        var awaiting = await client.GetStringAsync(location);
        Assert.Contains("待补正", awaiting);
        // Art. 30: no reply day runs down while the applicant corrects; the period restarts from the corrected application.
        Assert.Contains("自收到补正申请之日起重新计算20个工作日（第三十条）", awaiting);
        Assert.DoesNotContain("剩余工作日", awaiting);
        Assert.Contains("下列答复期限仅为按原收到日的计算，不是现行期限。", awaiting);
        Assert.Contains("补正后重新计算", await client.GetStringAsync("/Workbench?search=" + Uri.EscapeDataString("钱流程")));

        var corrected = await client.PostFormAsync($"{location}?handler=Act&action=corrected-application", new() { ["Input.Date"] = today }, location);
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);

        // The old reply form is gone: the reply is the reply letter, and serving it closes the request.
        var oldForm = await client.PostFormAsync($"{location}?handler=Act&action=reply", new() { ["Input.Date"] = today, ["Input.Outcome"] = "102" }, location);
        Assert.Contains("当前状态下不能进行此操作", await oldForm.Content.ReadAsStringAsync());
        var issued = await client.PostFormAsync($"{letters}?handler=Issue",
            new() { ["Form.Type"] = "reply", ["Form.Outcome"] = "102", ["Form.Inputs[input_how]"] = "电子邮件发送，即日发出" }, letters);
        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        var letterId = issued.Headers.Location!.ToString().Split("issued=")[1];
        var reply = await client.PostFormAsync($"{letters}?handler=Serve",
            new() { ["letterId"] = letterId, ["method"] = "Email", ["servedOn"] = today, ["evidence"] = "电子邮件送达记录" }, letters);
        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        var html = await client.GetStringAsync(location);
        Assert.Contains("已答复", html);
        Assert.Contains("予以公开", html);
        Assert.DoesNotContain("action=reply", html);
        Assert.DoesNotContain("action-reply", html);
    }

    [Fact]
    public async Task An_action_the_state_does_not_allow_is_refused_and_changes_nothing()
    {
        var client = await app.AsRoleAsync(Roles.Caseworker);
        var location = await RegisterThroughThePageAsync(client, Seed.Registration(name: "孙状态", description: "申请公开2021年本区绿化工程验收报告。"));
        var audit = await app.CountAsync("SELECT COUNT(*) FROM audit_entries");

        var response = await client.PostFormAsync($"{location}?handler=Act&action=payment", new() { ["Input.Date"] = Seed.Today() }, location);

        Assert.Contains("当前状态下不能进行此操作", await response.Content.ReadAsStringAsync());
        Assert.Equal(audit, await app.CountAsync("SELECT COUNT(*) FROM audit_entries"));
    }

    [Fact]
    public async Task A_caseworker_cannot_decide_an_extension()
    {
        var client = await app.AsRoleAsync(Roles.Caseworker);
        var location = await RegisterThroughThePageAsync(client, Seed.Registration(name: "周延期", description: "申请公开2020年至2024年本区财政预算执行情况。"));
        await client.PostFormAsync($"{location}?handler=Act&action=extension-request",
            new() { ["Input.Date"] = Seed.Today(), ["Input.Days"] = "10", ["Input.Reason"] = "需跨年度检索。" }, location);

        var html = await client.GetStringAsync(location);
        Assert.Contains("延期待审批", html);
        Assert.DoesNotContain("action=extension-decision", html);
        var refused = await client.PostFormAsync($"{location}?handler=Act&action=extension-decision",
            new() { ["Input.Approved"] = "true", ["Input.Days"] = "10" }, location);
        Assert.Contains("您的角色无权办理", await refused.Content.ReadAsStringAsync());

        var supervisor = await app.AsRoleAsync(Roles.Supervisor);
        var approved = await supervisor.PostFormAsync($"{location}?handler=Act&action=extension-decision",
            new() { ["Input.Approved"] = "true", ["Input.Days"] = "10", ["Input.Date"] = Seed.Today() }, location);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Contains("已批准10个工作日", await supervisor.GetStringAsync(location));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("\"><img src=x onerror=alert(1)>")]
    public async Task Free_text_comes_back_escaped(string payload)
    {
        var client = await app.AsRoleAsync(Roles.Caseworker);
        var fields = Seed.Registration(name: "X" + payload, description: payload + "的文件");
        fields["applicantAddress"] = payload;
        fields["purpose"] = payload;
        fields["receiptEvidence"] = payload;
        var location = await RegisterThroughThePageAsync(client, fields);
        var today = Seed.Today();
        var letters = location.Replace("/Requests/Details/", "/Requests/Letters/");
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"{letters}?handler=Issue",
            new() { ["Form.Type"] = "correction-notice", ["Form.Inputs[input_correction_items]"] = payload, ["Form.Inputs[input_correction_period_ends_on]"] = Seed.Today(15) }, letters)).StatusCode);

        foreach (var page in new[] { location, "/Workbench?Scope=all&Search=X" })
        {
            var html = await client.GetStringAsync(page);
            Assert.DoesNotContain(payload, html);
            Assert.Contains("&lt;", html);
        }
    }

    [Fact]
    public async Task The_workbench_masks_natural_persons_and_colours_nothing_that_is_not_due()
    {
        var client = await app.AsRoleAsync(Roles.Caseworker);
        var location = await RegisterThroughThePageAsync(client, Seed.Registration(name: "欧阳遮蔽", description: "申请公开2019年本区体育场馆建设审批文件。"));
        // Found by its own tracking number: other tests of the shared app register requests too.
        var trackingNumber = await app.ScalarAsync<string>("SELECT tracking_number FROM requests WHERE id = @Id",
            new { Id = location.Split('/').Last() });

        var html = await client.GetStringAsync($"/Workbench?Scope=all&Search={Uri.EscapeDataString(trackingNumber!)}");

        Assert.Contains("欧***", html);
        Assert.DoesNotContain("欧阳遮蔽", html);
        Assert.DoesNotContain("13800138000", html);
    }

    [Fact]
    public async Task Attachments_are_checked_kept_and_served_only_to_the_agency()
    {
        var client = await app.AsRoleAsync(Roles.Caseworker);
        var location = await RegisterThroughThePageAsync(client, Seed.Registration(name: "吴附件", description: "申请公开2018年本区河道整治工程档案。"));
        var pdf = TestFiles.Pdf();
        var exe = new byte[] { (byte)'M', (byte)'Z', 0x90, 0x00, 0x03 };

        var renamed = await client.PostMultipartAsync($"{location}?handler=Upload", new() { ["kind"] = "application" }, [("file", "scan.pdf", exe)], location);
        Assert.Contains("内容与其文件类型不符", await renamed.Content.ReadAsStringAsync());
        var oversize = await client.PostMultipartAsync($"{location}?handler=Upload", new() { ["kind"] = "application" },
            [("file", "big.pdf", [.. pdf, .. new byte[70_000]])], location);
        Assert.Contains("超过", await oversize.Content.ReadAsStringAsync());
        var kept = await client.PostMultipartAsync($"{location}?handler=Upload", new() { ["kind"] = "identity-proof" }, [("file", "id.pdf", pdf)], location);
        Assert.Equal(HttpStatusCode.Redirect, kept.StatusCode);

        var requestId = location.Split('/')[^1];
        Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM attachments WHERE request_id = @Id", new { Id = requestId }));
        var attachmentId = await FirstAttachmentAsync(requestId);
        var download = await client.GetAsync($"{location}?handler=Attachment&attachmentId={attachmentId}");
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());
        var other = await app.SignedInAsync("cw2");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"{location}?handler=Attachment&attachmentId={attachmentId}")).StatusCode);
    }

    private async Task<string> FirstAttachmentAsync(string requestId)
    {
        await using var connection = await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<CaseFlow.Persistence.Database>(app.Services).OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection, "SELECT id FROM attachments WHERE request_id = @Id", new { Id = requestId }) ?? "";
    }

    [Theory]
    [InlineData("received=2024-09-27", "2024年10月30日（星期三）")]
    [InlineData("received=2024-09-27&extensionDays=20", "2024年11月27日（星期三）")]
    [InlineData("received=2024-02-30", "「收到申请之日」不是有效日期。")]
    [InlineData("received=2019-05-14", "「收到申请之日」早于条例施行日（2019年5月15日）。")]
    [InlineData("received=2024-09-27&corrected=2024-09-26", "「收到补正申请之日」早于收到申请之日。")]
    [InlineData("received=2024-09-27&extensionDays=21", "「延长答复期限」须为0至20个工作日（第三十三条第二款）。")]
    public async Task The_public_deadline_preview_counts_working_days_or_names_the_wrong_field(string query, string expected)
    {
        var html = await app.Anonymous().GetStringAsync($"/Preview?{query}");

        Assert.Contains(expected, html);
    }

    [Fact]
    public async Task The_language_switch_shows_the_pages_in_english()
    {
        var client = await app.AsRoleAsync(Roles.Caseworker);
        await client.PostFormAsync("/Language", new() { ["lang"] = "en", ["returnUrl"] = "/Workbench" }, "/Workbench");

        var html = await client.GetStringAsync("/Workbench");

        Assert.Contains("Working days left", html);
        Assert.Contains("lang=\"en\"", html);
    }
}
