using System.Net.Http.Json;
using System.Net;
using System.Text.RegularExpressions;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Requests;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 16, clean Chinese: no enum names or internal identifiers where people read; what an IME types is
/// understood; masking never splits a character.</summary>
[Collection(nameof(WebCollection))]
public sealed class CleanChineseTests(WebApp app)
{
    /// <summary>The identifiers of states, applicant types and channels as the code spells them.</summary>
    private static readonly Regex EnumNames = new(
        @"\b(Registered|InProgress|AwaitingCorrection|Consulting|AwaitingExtensionDecision|AwaitingFeePayment|Replied|NaturalPerson|Business|ResearchInstitution|NonProfit|LegalServiceProvider|OtherOrganization|InPerson|RegisteredPost|OrdinaryPost|Online|Fax)\b");

    [Fact]
    public async Task The_follow_up_export_says_states_applicant_types_and_handlers_in_chinese()
    {
        var fields = Seed.Registration(name: "导出企业", description: "申请公开导出测试文件。");
        fields["applicantType"] = "Business";
        fields["receivedOn"] = Seed.Today(-60);
        fields["handler"] = "sup1";
        await app.WithApiKey().RegisterAsync(fields);
        var supervisor = await app.AsRoleAsync(Roles.Supervisor);

        var csv = (await supervisor.GetStringAsync("/Supervision/FollowUp?handler=Export&list=overdue&format=csv")).TrimStart('\uFEFF');
        var row = csv.Split('\n').Single(l => l.Contains("导出企业"));

        Assert.Contains(",商业企业,办理中,sup1,", row);
        Assert.DoesNotMatch(EnumNames, csv);
    }

    [Fact]
    public async Task The_public_lookup_understands_full_width_digits_and_keeps_the_phone_after_a_failure()
    {
        var created = await app.WithApiKey().RegisterAsync(Seed.Registration(name: "全角查询"));
        var number = created.GetProperty("trackingNumber").GetString()!;
        var client = app.Anonymous();

        var found = await (await client.PostFormAsync("/Status", new() { ["TrackingNumber"] = number, ["PhoneLastFour"] = "８０００" })).Content.ReadAsStringAsync();
        var wrong = await (await client.PostFormAsync("/Status", new() { ["TrackingNumber"] = "", ["PhoneLastFour"] = "８００" })).Content.ReadAsStringAsync();

        Assert.Contains("办理中", found);
        Assert.Contains("name=\"PhoneLastFour\" value=\"800\"", wrong);
        Assert.Contains("aria-describedby=\"TrackingNumber-error\"", wrong);
        Assert.Contains("<span class=\"error\" id=\"PhoneLastFour-error\">「手机号后四位」须为4位数字。</span>", wrong);
    }

    [Fact]
    public async Task A_phone_typed_in_full_width_registers_through_the_api()
    {
        var fields = Seed.Registration(name: "全角电话");
        fields["applicantPhone"] = "１３８　００１３　８０００";
        var created = await app.WithApiKey().RegisterAsync(fields);

        Assert.Equal("138****8000", created.GetProperty("applicant").GetProperty("phone").GetString());
    }

    [Fact]
    public async Task A_number_typed_in_full_width_is_a_number_on_every_form()
    {
        var admin = await app.AsRoleAsync(Roles.Administrator);

        var saved = await admin.PostFormAsync("/Admin/Agencies?handler=Save",
            new() { ["Code"] = "fw-digits", ["Name"] = "全角数字局", ["CalendarId"] = "cn", ["WarningLeadWorkingDays"] = "１２" }, "/Admin/Agencies");

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(12L, await app.ScalarAsync<long>("SELECT warning_lead_working_days FROM agencies WHERE code = 'fw-digits'"));
    }

    [Fact]
    public async Task A_reason_ending_with_a_full_stop_is_issued_with_one_and_the_preview_is_the_issued_letter()
    {
        var id = (await app.WithApiKey().RegisterAsync(Seed.Registration(name: "句号预览人"))).GetProperty("id").GetString()!;
        var caseworker = await app.AsRoleAsync(Roles.Caseworker);
        var previewPage = await caseworker.PostFormAsync($"/Requests/Letters/{id}?handler=Preview", new()
        {
            ["Form.Type"] = "reply", ["Form.Outcome"] = "401", ["Form.Inputs[input_reasons]"] = "经检索，本机关未制作该信息。",
            ["Form.Inputs[input_reconsideration_body]"] = "示范县人民政府", ["Form.Inputs[input_court]"] = "示范县人民法院",
        }, $"/Requests/Letters/{id}");
        var preview = Regex.Match(await previewPage.Content.ReadAsStringAsync(), "<div class=\"letter-preview\"[^>]*>(.*?)</div>", RegexOptions.Singleline).Groups[1].Value;

        var issued = await app.WithApiKey().PostAsJsonAsync($"/api/requests/{id}/letters", new
        {
            type = "reply", outcome = 401,
            inputs = new { input_reasons = "经检索，本机关未制作该信息。", input_reconsideration_body = "示范县人民政府", input_court = "示范县人民法院" },
        });
        var letter = await issued.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var (letterId, number) = (letter.GetProperty("id").GetString(), letter.GetProperty("documentNumber").GetString()!);
        var printed = EnumNameScanTests.VisibleText(await caseworker.GetStringAsync($"/Requests/Letters/{id}?handler=Print&letterId={letterId}"));

        Assert.Contains("经检索，本机关未制作该信息。", printed);
        Assert.DoesNotContain("。。", printed);
        Assert.NotEmpty(preview);
        Assert.Contains(Squeeze(EnumNameScanTests.VisibleText(preview).Replace("〔　　〕（签发时编号）", number, StringComparison.Ordinal)), Squeeze(printed));
    }

    private static string Squeeze(string text) => Regex.Replace(text, "\\s+", "");

    [Fact]
    public async Task The_clock_explanation_names_the_calendar_not_its_fingerprint()
    {
        var client = await app.AsRoleAsync(Roles.Caseworker);
        var created = await app.WithApiKey().RegisterAsync(Seed.Registration(name: "日历说明"));

        var html = await client.GetStringAsync($"/Requests/Details/{created.GetProperty("id").GetString()}");

        Assert.Contains("所用日历：国务院办公厅公布的全国节假日安排（2019—", html);
        Assert.DoesNotMatch(new Regex(@"cn:\d{4}-\d{4}:[0-9a-f]{6,}"), html);
    }

    [Theory]
    [InlineData("张三丰", true, "张**")]
    [InlineData("𠮷田", true, "𠮷*")]
    [InlineData("𠮷", true, "𠮷")]
    [InlineData("𠮷野家有限公司", false, "𠮷野家有限公司")]
    public void Names_are_masked_by_text_element_never_by_utf16_unit(string name, bool naturalPerson, string masked) =>
        Assert.Equal(masked, Masking.Name(name, naturalPerson));

    [Theory]
    [InlineData("５６７８", "5678")]
    [InlineData("２０２６－０００００１", "2026－000001")]
    [InlineData("居民身份证　１１０１０５", "居民身份证 110105")]
    [InlineData("申请公开，２０２３年。", "申请公开，2023年。")]
    public void Full_width_digits_and_spaces_become_ascii_and_chinese_punctuation_stays(string typed, string normalised) =>
        Assert.Equal(normalised, InputText.Normalise(typed));
}
