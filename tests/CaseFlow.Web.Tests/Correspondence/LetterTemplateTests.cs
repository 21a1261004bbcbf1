using CaseFlow.Domain.Correspondence;
using CaseFlow.Domain.Replies;
using CaseFlow.Persistence.Correspondence;
using CaseFlow.Web.Correspondence;
using CaseFlow.Workflows.DisclosureRequest;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using NodaTime;

namespace CaseFlow.Web.Tests.Correspondence;

/// <summary>The templates of <c>workflows/templates/</c>: one per letter type and reply outcome, each rendering whole from a
/// request's facts, citing the article its outcome rests on and, where the outcome is adverse, the applicant's rights.</summary>
public sealed class LetterTemplateTests
{
    private static readonly LetterTemplates Templates = new();

    /// <summary>A request that has been through everything a letter can speak of.</summary>
    private static DisclosureRequestState Request() => new()
    {
        CorrelationId = Guid.NewGuid(), AgencyCode = "demo", TrackingNumber = "2026-000042", CurrentState = "InProgress",
        Applicant = new Applicant { Name = "王小明", IdDocument = "居民身份证 11010519491231002X", Phone = "13800138000" },
        Description = "2025年本区老旧小区改造资金使用明细", FormOfProvision = "Electronic",
        ReceivedOn = new LocalDate(2026, 3, 2), ReplyDueOn = new LocalDate(2026, 4, 28),
        CorrectionNotice = new CorrectionNotice(new LocalDate(2026, 3, 4), ["请写明所需信息的年份", "请写明小区名称"], new LocalDate(2026, 3, 18)),
        CorrectedOn = new LocalDate(2026, 3, 10),
        Extension = new Extension(new LocalDate(2026, 4, 1), 20, "需要检索的档案数量较大") { Approved = true, ApprovedDays = 15, DecidedOn = new LocalDate(2026, 4, 2) },
        Consultations =
        [
            new Consultation
            {
                Id = Guid.NewGuid(), Kind = ConsultationKind.ThirdParty, Participants = ["示范建设有限公司"], Question = "是否同意公开贵公司的合同金额",
                SentOn = new LocalDate(2026, 3, 12),
                Opinions = [new Opinion("示范建设有限公司", OpinionPosition.Disagree, "合同金额属于商业秘密", new LocalDate(2026, 3, 20))],
            },
        ],
        PublicInterestOverride = new PublicInterestOverride(new LocalDate(2026, 3, 23), "该项目使用财政资金，资金使用情况关系公众切身利益。", "caseworker"),
        ExcessiveInquiry = new ExcessiveRequestInquiry(new LocalDate(2026, 3, 12), new LocalDate(2026, 3, 26), "10日内申请30件", "caseworker")
        {
            ReasonablePeriodEndsOn = new LocalDate(2026, 6, 30), ReasonablePeriodDecidedOn = new LocalDate(2026, 3, 27),
        },
    };

    public static TheoryData<string> TemplateNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Templates.Names.Order())
            data.Add(name);
        return data;
    }

    private static (LetterType Type, Outcome? Outcome) Parse(string name) =>
        name.StartsWith("reply-", StringComparison.Ordinal) ? (LetterType.Reply, (Outcome)int.Parse(name[6..])) : (LetterTypes.FromSlug(name)!.Value, null);

    private static async Task<(string Content, Dictionary<string, string> Values)> RenderAsync(string name)
    {
        var (type, outcome) = Parse(name);
        var template = Templates.For(type, outcome);
        var state = Request();
        var inputs = template.Inputs.ToDictionary(i => i, i => $"【{i}的内容】");
        var values = LetterFacts.From(state, "示范县人民政府办公室", type, LetterFacts.ConsultationAddressees(state).First().Key, new LocalDate(2026, 3, 20), inputs);
        if (type == LetterType.FeeNotice)
        {
            // The fee's computation comes from the tiers and the requests table (FeeNoticeDraft), not from LetterFacts.
            var computation = CaseFlow.Domain.Fees.ProcessingFeeTiers.PerVolume(120);
            values["fee_computation"] = computation.ExplainZh();
            values["fee_charge"] = CaseFlow.Domain.Fees.FeeNoticeRule.ChargeZh(computation, computation.MaximumYuan, null);
        }
        var result = await Templates.RenderAsync(template, values);
        Assert.True(result.Missing.Count == 0, $"{name}: no value for {string.Join(", ", result.Missing)}");
        return (result.Content!, values);
    }

    [Fact]
    public void There_is_one_template_per_letter_type_and_per_reply_outcome_and_no_other()
    {
        var expected = LetterTypes.All.Where(t => t != LetterType.Reply).Select(t => LetterTypes.TemplateName(t, null))
            .Concat(LetterTypes.ReplyOutcomes.Select(o => LetterTypes.TemplateName(LetterType.Reply, o)));

        Assert.Equal(expected.Order(), Templates.Names.Order());
        Assert.Equal(28, Templates.Names.Count);
    }

    [Theory]
    [MemberData(nameof(TemplateNames))]
    public async Task Each_template_renders_with_no_unfilled_field(string name)
    {
        var (content, values) = await RenderAsync(name);
        var template = Templates.For(Parse(name).Type, Parse(name).Outcome);

        Assert.DoesNotContain("{{", content);
        Assert.DoesNotContain("{%", content);
        Assert.DoesNotContain("}}", content);
        Assert.DoesNotContain("comment", content);
        foreach (var variable in template.Variables.Where(v => v != "consultation_kind"))
            Assert.Contains(values[variable].Split('\n')[0], content);
        var blocks = LetterFormat.Parse(content);
        Assert.Equal(LetterBlockKind.Title, blocks[0].Kind);
        Assert.Equal(LetterBlockKind.Number, blocks[1].Kind);
        Assert.Equal(Letters.NumberPlaceholder, blocks[1].Text);
        Assert.Equal(LetterBlockKind.Addressee, blocks[2].Kind);
        Assert.Equal(["示范县人民政府办公室（印章）", "2026年3月20日"], blocks.Where(b => b.Kind == LetterBlockKind.Signature).Select(b => b.Text));
        Assert.Contains("《中华人民共和国政府信息公开条例》第", content);
    }

    [Theory]
    [MemberData(nameof(TemplateNames))]
    public async Task A_reply_cites_the_articles_its_outcome_rests_on_and_states_the_rights_when_adverse(string name)
    {
        var (type, outcome) = Parse(name);
        if (type != LetterType.Reply)
            return;
        var (content, _) = await RenderAsync(name);

        foreach (var article in outcome!.Value.Article().Split('、'))
            Assert.Contains(article, content);
        var rights = new[] { "六十日内", "申请行政复议", "六个月内", "提起行政诉讼", "《中华人民共和国行政复议法》第二十条第一款", "《中华人民共和国行政诉讼法》第四十六条第一款" };
        if (outcome.Value.IsAdverse())
            Assert.All(rights, r => Assert.Contains(r, content));
        else
            Assert.All(rights, r => Assert.DoesNotContain(r, content));
    }

    [Fact]
    public async Task The_letters_other_than_replies_cite_their_articles()
    {
        Assert.Contains("第三十一条", (await RenderAsync("receipt")).Content);
        Assert.Contains("第三十三条第二款", (await RenderAsync("receipt")).Content);
        var correction = (await RenderAsync("correction-notice")).Content;
        Assert.Contains("第三十条", correction);
        Assert.Contains("1. 请写明所需信息的年份\n2. 请写明小区名称", correction);
        Assert.Contains("2026年3月18日前", correction);
        var consultation = (await RenderAsync("consultation-letter")).Content;
        Assert.Contains("第三十二条", consultation);
        Assert.Contains("15个工作日", consultation);
        Assert.DoesNotContain("王小明", consultation);
        Assert.Contains("延长15个工作日", (await RenderAsync("extension-notice")).Content);
        Assert.Contains("第四十二条", (await RenderAsync("fee-notice")).Content);
        Assert.Contains("国办函〔2020〕109号", (await RenderAsync("fee-notice")).Content);
    }

    [Fact]
    public async Task The_notice_of_disclosure_tells_the_refusing_third_party_what_will_be_disclosed_and_why_under_article_32()
    {
        var (content, _) = await RenderAsync("override-notice");

        Assert.Equal("示范建设有限公司", LetterFormat.Addressee(content));
        Assert.Contains("政府信息公开决定告知书", content);
        Assert.Contains("根据《中华人民共和国政府信息公开条例》第三十二条的规定，本机关于2026年3月23日决定予以公开", content);
        Assert.Contains("一、决定公开的政府信息内容：【input_disclosed_content的内容】", content);
        Assert.Contains("二、决定公开的理由：该项目使用财政资金，资金使用情况关系公众切身利益\n", content);
        Assert.Contains("第五十一条", content);
        Assert.Contains("六十日内向【input_reconsideration_body的内容】申请行政复议", content);
        Assert.DoesNotContain("王小明", content);
    }

    [Fact]
    public async Task The_notice_of_disclosure_needs_the_override_recorded_on_the_request()
    {
        var state = Request();
        state.PublicInterestOverride = null;
        var template = Templates.For(LetterType.OverrideNotice, null);
        var inputs = template.Inputs.ToDictionary(i => i, _ => "内容");

        var result = await Templates.RenderAsync(template, LetterFacts.From(state, "示范县人民政府办公室", LetterType.OverrideNotice, null, new LocalDate(2026, 3, 24), inputs));

        Assert.Null(result.Content);
        Assert.Equal(["override_decided_on", "override_reasons"], result.Missing);
        Assert.Equal("2025年本区老旧小区改造资金使用明细", LetterFacts.Defaults(state, LetterType.OverrideNotice, null)["input_disclosed_content"]);
    }

    [Fact]
    public async Task A_fact_the_request_lacks_is_named_and_nothing_renders()
    {
        var state = Request();
        state.CorrectionNotice = null;
        var template = Templates.For(LetterType.CorrectionNotice, null);

        var result = await Templates.RenderAsync(template, LetterFacts.From(state, "示范县人民政府办公室", LetterType.CorrectionNotice, null, new LocalDate(2026, 3, 20), new Dictionary<string, string>()));

        Assert.Null(result.Content);
        Assert.Equal(["correction_items", "correction_period_ends_on"], result.Missing);
    }

    [Fact]
    public async Task A_caseworkers_field_cannot_turn_into_a_title_or_signature_line()
    {
        var template = Templates.For(LetterType.Reply, Outcome.WithheldInternalAffairs);
        var inputs = template.Inputs.ToDictionary(i => i, _ => "正常内容");
        inputs["input_reasons"] = "第一行\n# 伪造标题\n> 伪造印章";

        var content = (await Templates.RenderAsync(template, LetterFacts.From(Request(), "示范县人民政府办公室", LetterType.Reply, null, new LocalDate(2026, 3, 20), inputs))).Content!;

        Assert.Single(LetterFormat.Parse(content), b => b.Kind == LetterBlockKind.Title);
        Assert.Contains(LetterFormat.Parse(content), b => b is { Kind: LetterBlockKind.Body, Text: "伪造印章" });
    }

    [Fact]
    public async Task The_word_file_sets_the_chinese_fonts_and_holds_the_letter_text()
    {
        var content = (await RenderAsync("reply-304")).Content.Replace(Letters.NumberPlaceholder, "〔2026〕答第7号");

        var bytes = LetterDocx.Write(content);

        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var paragraphs = document.MainDocumentPart!.Document!.Body!.Elements<Paragraph>().ToList();
        Assert.Equal(LetterFormat.Parse(content).Select(b => b.Text), paragraphs.Select(p => p.InnerText));
        Assert.Equal("宋体", paragraphs[0].Descendants<RunFonts>().Single().EastAsia?.Value);
        Assert.NotNull(paragraphs[0].Descendants<Bold>().SingleOrDefault());
        Assert.All(paragraphs.Skip(1), p => Assert.Equal("仿宋", p.Descendants<RunFonts>().Single().EastAsia?.Value));
        Assert.Equal(JustificationValues.Right, paragraphs[^1].ParagraphProperties!.Justification!.Val!.Value);
        Assert.Equal(11906U, document.MainDocumentPart.Document.Body!.GetFirstChild<SectionProperties>()!.GetFirstChild<PageSize>()!.Width!.Value);
        Assert.Equal(LetterFormat.PlainText(content), LetterDocx.ReadText(new MemoryStream(bytes)));
    }

    [Fact]
    public async Task The_printable_page_is_a4_with_chinese_fonts_and_escapes_the_text()
    {
        var template = Templates.For(LetterType.Reply, Outcome.WithheldInternalAffairs);
        var inputs = template.Inputs.ToDictionary(i => i, _ => "说明<script>alert(1)</script>");
        var content = (await Templates.RenderAsync(template, LetterFacts.From(Request(), "示范县人民政府办公室", LetterType.Reply, null, new LocalDate(2026, 3, 20), inputs))).Content!;

        var html = LetterHtml.Page(content);

        Assert.Contains("@page { size: A4", html);
        Assert.Contains("\"Noto Serif CJK SC\"", html);
        Assert.Contains("<h1>政府信息公开申请答复书</h1>", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
    }
}
