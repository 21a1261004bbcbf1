using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Reporting;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Security;
using CaseFlow.Web.Setup;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Web.Tests;

/// <summary>The supervisor's pages on the real app: each page's happy path, its validation messages, and another
/// agency's data not found. Which roles reach the pages at all is in <see cref="AuthorisationTests"/>.</summary>
[Collection(nameof(WebCollection))]
public sealed class SupervisionTests(WebApp app)
{
    private Task<HttpClient> SupervisorAsync() => app.AsRoleAsync(Roles.Supervisor);

    private async Task<(string Id, string TrackingNumber)> RegisterAsync(string name, string description)
    {
        var fields = Seed.Registration(name, description);
        fields["handler"] = "sup1";
        var created = await app.WithApiKey().RegisterAsync(fields);
        return (created.GetProperty("id").GetString()!, created.GetProperty("trackingNumber").GetString()!);
    }

    [Fact]
    public async Task The_dashboard_shows_the_rates_the_trend_chart_and_the_open_requests_by_days_left()
    {
        await RegisterAsync("看板测试", "申请公开看板测试文件。");
        var html = await (await SupervisorAsync()).GetStringAsync("/Supervision");

        Assert.Contains("本月按时答复率", html);
        Assert.Contains("未经延期按时答复", html);
        Assert.Contains("<svg class=\"chart\"", html);
        Assert.Contains("id=\"open-by-days-left\"", html);
        Assert.Contains("测试机关a1", html);
        Assert.Contains("id=\"oldest\"", html);
    }

    [Fact]
    public async Task A_reply_served_today_counts_as_on_time_and_its_stages_are_timed()
    {
        var (id, _) = await RegisterAsync("按时测试", "申请公开按时答复测试文件。");
        // Issue 12: the reply is the reply letter; its service today is the reply.
        var issued = await app.WithApiKey().PostAsJsonAsync($"/api/requests/{id}/letters",
            new { type = "reply", outcome = 102, inputs = new Dictionary<string, string> { ["input_how"] = "随本答复书以电子邮件提供。" } });
        Assert.True(issued.StatusCode == HttpStatusCode.Created, await issued.Content.ReadAsStringAsync());
        var letterId = (await issued.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString();
        var replied = await app.WithApiKey().PostAsJsonAsync($"/api/requests/{id}/letters/{letterId}/services",
            new { method = "Email", servedOn = Seed.Today(), evidence = "电子邮件送达记录" });
        Assert.Equal(HttpStatusCode.NoContent, replied.StatusCode);

        var html = await (await SupervisorAsync()).GetStringAsync("/Supervision");

        // Every reply the web tests serve is served on the day of receipt, well before its due date.
        Assert.Contains("id=\"rate-month\">100.0%", html);
        Assert.Contains("<td><span class=\"person\" title=\"sup1\">sup1</span></td>", html);
        var stages = html[html.IndexOf("id=\"stages\"", StringComparison.Ordinal)..];
        Assert.Contains("办理中", stages);
    }

    [Theory]
    [InlineData("/Supervision?agency=a2")]
    [InlineData("/Supervision/FollowUp?agency=a2")]
    [InlineData("/Supervision/Extensions?agency=a2")]
    [InlineData("/Supervision/Warnings?agency=a2")]
    [InlineData("/Supervision/Report?agency=a2")]
    [InlineData("/Supervision/Report?agency=no-such-agency")]
    public async Task Another_agency_is_not_found_for_an_agency_supervisor(string path)
    {
        var response = await (await SupervisorAsync()).GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_platform_supervisor_sees_every_agency_and_can_choose_one()
    {
        await using (var connection = await app.Services.GetRequiredService<Database>().OpenAsync())
            if (await Users.FindByNameAsync(connection, "psup") is null)
                await Users.InsertAsync(connection, new UserAccount
                {
                    Id = Guid.NewGuid().ToString(), UserName = "psup", DisplayName = "平台督办", AgencyCode = FirstRun.PlatformAgency, Role = Roles.Supervisor,
                    PasswordHash = SignInService.HashPassword(WebApp.Password), CreatedAt = NodaTime.SystemClock.Instance.GetCurrentInstant(),
                });
        var platform = await app.SignedInAsync("psup");

        var all = await platform.GetStringAsync("/Supervision");
        var one = await platform.GetAsync("/Supervision?agency=a2");

        Assert.Contains("测试机关a1", all);
        Assert.Contains("测试机关a2", all);
        Assert.Contains("id=\"by-agency\"", all);
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await platform.GetAsync("/Supervision?agency=no-such-agency")).StatusCode);

        // Art. 49, Art. 33 ¶2: the agency itself locks its report and decides its extensions; the platform only watches.
        var locking = await platform.PostFormAsync("/Supervision/Report?handler=Lock&agency=a2&year=2020", new(), "/Supervision/Report?agency=a2");
        Assert.Contains("只能锁定本机关的年度报告", await locking.Content.ReadAsStringAsync());
        Assert.Equal(0L, await app.CountAsync("SELECT COUNT(*) FROM report_locks WHERE agency_code = 'a2'"));
    }

    [Fact]
    public async Task A_supervisor_approves_an_extension_through_the_workflow_within_the_days_asked()
    {
        var (id, tracking) = await RegisterAsync("延期测试", "申请公开2019年至2025年各乡镇财政预决算明细。");
        var asked = await app.WithApiKey().PostAsJsonAsync($"/api/requests/{id}/extension-request", new { days = 15, reason = "跨越七个年度，需多个乡镇汇总" });
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var supervisor = await SupervisorAsync();

        var queue = await supervisor.GetStringAsync("/Supervision/Extensions");
        Assert.Contains(tracking, queue);
        Assert.Contains("跨越七个年度，需多个乡镇汇总", queue);
        Assert.Contains("批准后答复期限", queue);

        var tooMany = await supervisor.PostFormAsync($"/Supervision/Extensions?handler=Decide&id={id}", new() { ["Days"] = "16", ["Decision"] = "approve" }, "/Supervision/Extensions");
        Assert.Equal(HttpStatusCode.OK, tooMany.StatusCode);
        Assert.Contains("须为1至15", await tooMany.Content.ReadAsStringAsync());
        Assert.Equal("AwaitingExtensionDecision", await StateAsync(id));

        var approved = await supervisor.PostFormAsync($"/Supervision/Extensions?handler=Decide&id={id}", new() { ["Days"] = "10", ["Decision"] = "approve" }, "/Supervision/Extensions");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal("InProgress", await StateAsync(id));
        Assert.Equal(10L, await app.CountAsync("SELECT extension_days FROM requests WHERE id = @id", new { id }));
        Assert.Equal(1L, await app.CountAsync("SELECT COUNT(*) FROM audit_entries WHERE request_id = @id AND activity = 'DecideExtension' AND actor = 'sup1'", new { id }));
        Assert.DoesNotContain(tracking, await supervisor.GetStringAsync("/Supervision/Extensions"));

        // The notice to the applicant (Art. 33 ¶2): the page after the approval links the letters page with it preselected.
        var after = await supervisor.GetStringAsync(approved.Headers.Location!.OriginalString);
        var notice = $"/Requests/Letters/{id}?type=extension-notice";
        Assert.Contains($"href=\"{notice}\"", after);
        var letters = await supervisor.GetAsync(notice);
        Assert.Equal(HttpStatusCode.OK, letters.StatusCode);
        var draft = await letters.Content.ReadAsStringAsync();
        Assert.Contains("value=\"extension-notice\" selected=\"selected\"", draft);
        Assert.Contains("答复期限延长10个工作日", draft);
        Assert.Contains("跨越七个年度，需多个乡镇汇总", draft);
    }

    [Fact]
    public async Task Another_agencys_extension_cannot_be_decided()
    {
        var (id, _) = await RegisterAsync("他机关延期", "申请公开他机关延期测试文件。");
        await app.WithApiKey().PostAsJsonAsync($"/api/requests/{id}/extension-request", new { days = 5, reason = "检索量大" });
        await using (var connection = await app.Services.GetRequiredService<Database>().OpenAsync())
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE requests SET agency_code = 'a2' WHERE id = @id", new { id });

        var response = await (await SupervisorAsync()).PostFormAsync($"/Supervision/Extensions?handler=Decide&id={id}", new() { ["Days"] = "5", ["Decision"] = "approve" }, "/Supervision/Extensions");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(1L, await app.CountAsync("SELECT COUNT(*) FROM requests WHERE id = @id AND state = 'AwaitingExtensionDecision'", new { id }));
    }

    private async Task<string> StateAsync(string id) =>
        (await app.WithApiKey().GetFromJsonAsync<JsonElement>($"/api/requests/{id}")).GetProperty("state").GetString()!;

    [Fact]
    public async Task The_follow_up_lists_export_as_csv_and_xlsx()
    {
        var supervisor = await SupervisorAsync();

        var csv = await supervisor.GetAsync("/Supervision/FollowUp?handler=Export&list=overdue&format=csv");
        var xlsx = await supervisor.GetAsync("/Supervision/FollowUp?handler=Export&list=duesoon&format=xlsx");

        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("受理编号,机关,申请人", (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF'));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        var path = Path.GetTempFileName() + ".xlsx";
        await File.WriteAllBytesAsync(path, await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Equal("受理编号", LedgerFiles.ReadXlsx(path).Headers[0]);
        File.Delete(path);
        var unknown = await supervisor.GetAsync("/Supervision/FollowUp?handler=Export&list=overdue&format=pdf");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("「format」须为 csv 或 xlsx", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_bulk_reminder_needs_a_message_and_audits_each_request()
    {
        var first = await RegisterAsync("督办甲", "申请公开督办测试文件甲。");
        var second = await RegisterAsync("督办乙", "申请公开督办测试文件乙。");
        var supervisor = await SupervisorAsync();

        var empty = await supervisor.PostFormAsync("/Supervision/FollowUp?handler=Remind&list=overdue", new() { ["Selected"] = first.Id, ["Message"] = " " }, "/Supervision/FollowUp");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("请填写「督办意见」", await empty.Content.ReadAsStringAsync());
        Assert.Equal(0L, await app.CountAsync("SELECT COUNT(*) FROM audit_entries WHERE request_id = @Id AND activity = 'SupervisionReminder'", new { first.Id }));

        var content = new FormUrlEncodedContent([
            new("Selected", first.Id), new("Selected", second.Id), new("Message", "请于本周内答复"),
            new("__RequestVerificationToken", await TokenAsync(supervisor, "/Supervision/FollowUp")),
        ]);
        var sent = await supervisor.PostAsync("/Supervision/FollowUp?handler=Remind&list=overdue", content);

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        foreach (var id in new[] { first.Id, second.Id })
            Assert.Equal(1L, await app.CountAsync("SELECT COUNT(*) FROM audit_entries WHERE request_id = @id AND activity = 'SupervisionReminder' AND actor = 'sup1'", new { id }));
        Assert.Equal(2L, await app.CountAsync("SELECT COUNT(*) FROM reminders WHERE message = '请于本周内答复'"));
    }

    private static async Task<string> TokenAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var match = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [Fact]
    public async Task A_bulk_reassignment_goes_through_the_workflow_and_is_audited_per_request()
    {
        var first = await RegisterAsync("改派甲", "申请公开改派测试文件甲。");
        var second = await RegisterAsync("改派乙", "申请公开改派测试文件乙。");
        var supervisor = await SupervisorAsync();

        var nobody = await supervisor.PostFormAsync("/Supervision/FollowUp?handler=Reassign", new() { ["Selected"] = first.Id, ["NewHandler"] = "no-such-user" }, "/Supervision/FollowUp");
        Assert.Contains("请选择本机关的「新承办人」", await nobody.Content.ReadAsStringAsync());

        var content = new FormUrlEncodedContent([
            new("Selected", first.Id), new("Selected", second.Id), new("NewHandler", "cw1"),
            new("__RequestVerificationToken", await TokenAsync(supervisor, "/Supervision/FollowUp")),
        ]);
        var sent = await supervisor.PostAsync("/Supervision/FollowUp?handler=Reassign", content);

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        foreach (var id in new[] { first.Id, second.Id })
        {
            Assert.Equal(1L, await app.CountAsync("SELECT COUNT(*) FROM requests WHERE id = @id AND handler = 'cw1'", new { id }));
            Assert.Equal(1L, await app.CountAsync("SELECT COUNT(*) FROM audit_entries WHERE request_id = @id AND activity = 'ReassignHandler' AND actor = 'sup1'", new { id }));
        }
    }

    [Fact]
    public async Task Many_applicants_asking_for_the_same_information_raise_a_group_warning()
    {
        await RegisterAsync("预警甲", "申请公开城西片区棚户区改造征收补偿标准及安置方案。");
        await RegisterAsync("预警乙", "请公开城西片区棚户区改造的征收补偿标准和安置方案");
        await RegisterAsync("预警丙", "申请公开：城西片区棚户区改造征收补偿标准、安置方案。");

        var html = await (await SupervisorAsync()).GetStringAsync("/Supervision/Warnings");

        Assert.Contains("群体性申请", html);
        Assert.Contains("城西片区棚户区改造", html);
        Assert.Contains("第四十四条", html);
    }

    [Fact]
    public async Task The_annual_report_page_exports_balanced_tables_and_rejects_a_bad_year()
    {
        var supervisor = await SupervisorAsync();
        var year = NodaTime.SystemClock.Instance.GetCurrentInstant().InUtc().Year;

        var page = await supervisor.GetStringAsync($"/Supervision/Report?year={year}");
        var bad = await supervisor.GetStringAsync("/Supervision/Report?year=abc");
        var csv = await supervisor.GetStringAsync($"/Supervision/Report?handler=Export&year={year}&format=csv");

        Assert.Contains("id=\"table-3\"", page);
        Assert.Contains("符合全部算术规则", page);
        Assert.Contains("「年度」须为2019至", bad);
        Assert.Contains("一、本年新收政府信息公开申请数量", csv);
        var response = await supervisor.GetAsync($"/Supervision/Report?handler=Export&year={year}&format=xlsx");
        Assert.Equal(AnnualReportXlsx.ContentType, response.Content.Headers.ContentType?.MediaType);
        var xlsx = await response.Content.ReadAsByteArrayAsync();
        // The national layout, as the CLI writes it, with the page's figures in it.
        var rows = ReportSheetAssert.Balances(xlsx);
        var pageRow = page[page.IndexOf("data-row=\"一\"", StringComparison.Ordinal)..];
        var pageTotal = pageRow[(pageRow.IndexOf("<td class=\"n total\">", StringComparison.Ordinal) + "<td class=\"n total\">".Length)..];
        Assert.Equal(pageTotal[..pageTotal.IndexOf('<')], rows["一"][6].ToString(System.Globalization.CultureInfo.InvariantCulture));
        using (var workbook = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(xlsx), false))
            Assert.EndsWith($"{year}年度政府信息公开工作年度报告", ReportSheetAssert.Cells(workbook, AnnualReportXlsx.Table3Sheet)["A1"]);
        using var workbook2019 = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(
            new MemoryStream(await supervisor.GetByteArrayAsync($"/Supervision/Report?handler=Export&year={year}&format=xlsx&layout=2019")), false);
        var in2019 = ReportSheetAssert.Cells(workbook2019, AnnualReportXlsx.Table3Sheet);
        Assert.Contains("三(六)", in2019.Values);
        Assert.DoesNotContain("三(六)1", in2019.Values);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.GetAsync($"/Supervision/Report?handler=Export&year={year}&format=xlsx&layout=2020")).StatusCode);
    }

    [Fact]
    public async Task The_annual_report_page_downloads_the_draft_report_document_with_sections_一_to_六()
    {
        var supervisor = await SupervisorAsync();
        var year = NodaTime.SystemClock.Instance.GetCurrentInstant().InUtc().Year;
        var page = await supervisor.GetStringAsync($"/Supervision/Report?year={year}");

        var response = await supervisor.GetAsync($"/Supervision/Report?handler=Document&year={year}&layout=2019");
        var bad = await supervisor.GetAsync($"/Supervision/Report?handler=Document&year={year}&layout=2020");

        Assert.Contains("id=\"report-docx\"", page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(AnnualReportDocx.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var document = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(await response.Content.ReadAsStreamAsync(), false);
        var body = document.MainDocumentPart!.Document!.Body!;
        var paragraphs = body.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText).ToList();
        Assert.All(AnnualReportDocx.Sections, s => Assert.Contains(s, paragraphs));
        var rows = body.Elements<DocumentFormat.OpenXml.Wordprocessing.Table>().First().Elements<DocumentFormat.OpenXml.Wordprocessing.TableRow>()
            .Select(r => r.Elements<DocumentFormat.OpenXml.Wordprocessing.TableCell>().Select(c => c.InnerText).ToList()).ToList();
        // The 2019 layout: one 三(六) row; the figures are the page's.
        Assert.Single(rows, r => r[0].StartsWith("三(六)"));
        var newlyReceived = rows.Single(r => r[0] == "一");
        var pageRow = page[page.IndexOf("data-row=\"一\"", StringComparison.Ordinal)..];
        var total = pageRow[(pageRow.IndexOf("<td class=\"n total\">", StringComparison.Ordinal) + "<td class=\"n total\">".Length)..];
        Assert.Equal(newlyReceived[8], total[..total.IndexOf('<')]);
    }

    [Fact]
    public async Task A_year_is_locked_once_and_a_challenge_is_validated_then_recorded()
    {
        var supervisor = await SupervisorAsync();
        var (_, tracking) = await RegisterAsync("复议测试", "申请公开复议测试文件。");

        var locked = await supervisor.PostFormAsync("/Supervision/Report?handler=Lock&year=2021", new(), "/Supervision/Report?year=2021");
        var again = await supervisor.PostFormAsync("/Supervision/Report?handler=Lock&year=2021", new(), "/Supervision/Report");
        Assert.Equal(HttpStatusCode.Redirect, locked.StatusCode);
        Assert.Contains("已于此前锁定", await again.Content.ReadAsStringAsync());
        Assert.Contains("id=\"locked\"", await supervisor.GetStringAsync("/Supervision/Report?year=2021"));

        var invalid = await supervisor.PostFormAsync("/Supervision/Report?handler=Challenge", new()
        {
            ["Filing.TrackingNumber"] = "no-such", ["Filing.Kind"] = "", ["Filing.FiledOn"] = "2024-13-01", ["Filing.Result"] = "pending",
        }, "/Supervision/Report");
        var invalidHtml = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("「受理编号」不是本机关的申请", invalidHtml);
        Assert.Contains("请选择「类型」", invalidHtml);
        Assert.Contains("「提起日期」不是有效日期", invalidHtml);
        Assert.Equal(0L, await app.CountAsync("SELECT COUNT(*) FROM challenges WHERE tracking_number = 'no-such'"));

        var recorded = await supervisor.PostFormAsync("/Supervision/Report?handler=Challenge", new()
        {
            ["Filing.TrackingNumber"] = tracking, ["Filing.Kind"] = "reconsideration", ["Filing.FiledOn"] = Seed.Today(), ["Filing.Result"] = "pending",
        }, "/Supervision/Report");
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        Assert.Equal(1L, await app.CountAsync("SELECT COUNT(*) FROM challenges WHERE tracking_number = @tracking AND kind = 'reconsideration' AND result = 'pending'", new { tracking }));
    }

    [Fact]
    public async Task A_locked_year_keeps_its_published_tables_and_says_when_the_data_differ()
    {
        var supervisor = await SupervisorAsync();
        var (_, tracking) = await RegisterAsync("锁定测试", "申请公开锁定测试文件。");
        await supervisor.PostFormAsync("/Supervision/Report?handler=Lock&year=2022", new(), "/Supervision/Report?year=2022");
        Assert.DoesNotContain("当前数据与锁定的报告不一致", await supervisor.GetStringAsync("/Supervision/Report?year=2022"));

        // A lawsuit filed in the locked year, recorded afterwards: table 四 of 2022 as published does not change.
        await supervisor.PostFormAsync("/Supervision/Report?handler=Challenge", new()
        {
            ["Filing.TrackingNumber"] = tracking, ["Filing.Kind"] = "litigation", ["Filing.FiledOn"] = "2022-06-01", ["Filing.Result"] = "upheld", ["Filing.DecidedOn"] = "2022-09-01",
        }, "/Supervision/Report");
        var page = await supervisor.GetStringAsync("/Supervision/Report?year=2022");
        var csv = await supervisor.GetStringAsync("/Supervision/Report?handler=Export&year=2022&format=csv");

        Assert.Contains("当前数据与锁定的报告不一致", page);
        Assert.Contains("表四,行政诉讼 未经复议直接起诉,0,0,0,0,0", csv);
    }

    [Fact]
    public async Task The_dashboard_reads_in_english_when_chosen()
    {
        var supervisor = await SupervisorAsync();
        supervisor.DefaultRequestHeaders.Add("Cookie", "caseflow-lang=en");

        var html = await supervisor.GetStringAsync("/Supervision");

        Assert.Contains("On-time reply rate this month", html);
        Assert.Contains("Open requests by working days left", html);
    }

    [Fact]
    public async Task A_caseworker_sees_the_reminders_sent_to_them()
    {
        var caseworker = await app.AsRoleAsync(Roles.Caseworker);
        var registered = await caseworker.PostFormAsync("/Requests/Register", Seed.Registration("提醒收件", "申请公开提醒收件测试文件。")
            .ToDictionary(k => $"Input.{char.ToUpperInvariant(k.Key[0])}{k.Key[1..]}", k => k.Value?.ToString() ?? ""));
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var id = registered.Headers.Location!.OriginalString.Split('/').Last().Split('?')[0];
        var supervisor = await SupervisorAsync();
        await supervisor.PostFormAsync("/Supervision/FollowUp?handler=Remind", new() { ["Selected"] = id, ["Message"] = "请核实收到日期" }, "/Supervision/FollowUp");

        var html = await caseworker.GetStringAsync("/Reminders");

        Assert.Contains("请核实收到日期", html);
    }

    [Fact]
    public async Task The_report_page_imports_a_GBK_ledger_and_challenges_lists_every_problem_and_undoes_a_batch()
    {
        var supervisor = await SupervisorAsync();
        var (id, tracking) = await RegisterAsync("复议导入", "申请公开复议导入测试文件。");
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var key = Guid.NewGuid().ToString("N")[..8];
        var gbk = System.Text.Encoding.GetEncoding("GBK").GetBytes($"申请编号,申请人类型,申请人,收到申请日期,办结日期,答复类型\r\nW{key},公民,欧阳娜娜,2025/3/1,2025年3月9日,予以公开\r\n");

        var imported = await supervisor.PostMultipartAsync("/Supervision/Report?handler=Import&year=2025", new() { ["what"] = "ledger" }, [("file", "台账.csv", gbk)], "/Supervision/Report");
        var importedHtml = await imported.Content.ReadAsStringAsync();
        Assert.Contains("已导入：新增1条，更新0条。", importedHtml);
        Assert.Equal("欧阳娜娜", await app.ScalarAsync<string>("SELECT applicant_name FROM ledger_requests WHERE tracking_number = @t", new { t = $"W{key}" }));

        var bad = string.Join("\n", Enumerable.Range(1, 30).Select(i => $"X{key}-{i},外星人,2025-02-30"));
        var refused = await supervisor.PostMultipartAsync("/Supervision/Report?handler=Import&year=2025", new() { ["what"] = "ledger" },
            [("file", "bad.csv", System.Text.Encoding.UTF8.GetBytes("tracking_number,applicant_type,received_on\n" + bad))], "/Supervision/Report");
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.Contains("共60个问题，未导入任何数据", refusedHtml);
        Assert.Equal(60, System.Text.RegularExpressions.Regex.Matches(refusedHtml, "<li>第\\d+行").Count);
        Assert.Equal(0L, await app.CountAsync("SELECT COUNT(*) FROM ledger_requests WHERE tracking_number LIKE @p", new { p = $"X{key}-%" }));

        var challenges = await supervisor.PostMultipartAsync("/Supervision/Report?handler=Import&year=2025", new() { ["what"] = "challenges" },
            [("file", "复议.csv", System.Text.Encoding.UTF8.GetBytes($"申请编号,类型,提起日期,结果\n{tracking},行政复议,{Seed.Today()},尚未审结\n"))], "/Supervision/Report");
        Assert.Contains("已导入：新增1条，更新0条。", await challenges.Content.ReadAsStringAsync());
        var details = await supervisor.GetStringAsync($"/Requests/Details/{id}");
        Assert.Contains("id=\"challenges\"", details);
        Assert.Contains("尚未审结", details);

        var batch = await app.ScalarAsync<string>("SELECT import_batch FROM ledger_requests WHERE tracking_number = @t", new { t = $"W{key}" });
        var undone = await supervisor.PostFormAsync("/Supervision/Report?handler=Undo&year=2025", new() { ["batch"] = batch! }, "/Supervision/Report");
        Assert.Contains($"已撤销批次 {batch}", await undone.Content.ReadAsStringAsync());
        Assert.Equal(0L, await app.CountAsync("SELECT COUNT(*) FROM ledger_requests WHERE tracking_number = @t", new { t = $"W{key}" }));
    }
}

/// <summary>Reads an exported annual report workbook in the national layout (the one <c>caseflow report annual --xlsx</c>
/// writes): 表三 with the 申请人情况 corner and the 法人或其他组织 group, 表四 as one row of 15 columns; checks its headers
/// and the arithmetic of the national format, and returns the cells of 表三 by label.</summary>
public static class ReportSheetAssert
{
    public static Dictionary<string, string> Cells(DocumentFormat.OpenXml.Packaging.SpreadsheetDocument document, string sheetName)
    {
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook!.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Single(s => s.Name == sheetName);
        var part = (DocumentFormat.OpenXml.Packaging.WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
        return part.Worksheet!.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().ToDictionary(c => c.CellReference!.Value!,
            c => c.DataType?.Value == DocumentFormat.OpenXml.Spreadsheet.CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue!.Text);
    }

    /// <summary>The counts of 表三 by row label (自然人, the five organisation columns, 总计).</summary>
    public static Dictionary<string, int[]> Balances(byte[] xlsx)
    {
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var t3 = Cells(document, AnnualReportXlsx.Table3Sheet);
        Assert.Equal("三、收到和处理政府信息公开申请情况", t3["A2"]);
        Assert.Equal(["申请人情况", "自然人", "法人或其他组织", "总计"], [t3["A3"], t3["C3"], t3["D3"], t3["I3"]]);
        Assert.Equal(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"], new[] { "D4", "E4", "F4", "G4", "H4" }.Select(r => t3[r]));
        var merged = document.WorkbookPart!.WorksheetParts.SelectMany(p => p.Worksheet!.Descendants<DocumentFormat.OpenXml.Spreadsheet.MergeCell>())
            .Select(m => m.Reference!.Value).ToList();
        Assert.Contains("D3:H3", merged);
        var rows = Enumerable.Range(AnnualReportXlsx.Table3FirstRow, 40).Where(r => t3.ContainsKey($"A{r}") && t3.ContainsKey($"C{r}"))
            .ToDictionary(r => t3[$"A{r}"], r => "CDEFGHI".Select(c => int.Parse(t3[$"{c}{r}"], System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        var (one, two, total, four) = (rows["一"], rows["二"], rows["三(七)"], rows["四"]);
        var outcomes = rows.Where(r => r.Key.StartsWith("三(", StringComparison.Ordinal) && r.Key != "三(七)").Select(r => r.Value).ToList();
        Assert.Equal(21, outcomes.Count);
        for (var column = 0; column < 7; column++)
        {
            Assert.Equal(one[column] + two[column], total[column] + four[column]);
            Assert.Equal(total[column], outcomes.Sum(o => o[column]));
        }
        foreach (var row in rows.Values)
            Assert.Equal(row[6], row.Take(6).Sum());

        var t4 = Cells(document, AnnualReportXlsx.Table4Sheet);
        Assert.Equal("四、政府信息公开行政复议、行政诉讼情况", t4["A2"]);
        Assert.Equal(["行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"], [t4["A3"], t4["F3"], t4["F4"], t4["K4"]]);
        var cells = Enumerable.Range(0, 15).Select(i => int.Parse(t4[AnnualReportXlsx.Reference(AnnualReportXlsx.Table4Row, i)], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        for (var block = 0; block < 3; block++)
            Assert.Equal(cells[block * 5 + 4], cells.Skip(block * 5).Take(4).Sum());
        return rows;
    }
}
