using System.Net;
using CaseFlow.Domain.Correspondence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Correspondence;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace CaseFlow.Web.Tests.Correspondence;

/// <summary>Issue 8: the privacy check also reads the text layer of PDF reply documents (PdfPig); a PDF without one is
/// listed as not screened.</summary>
[Collection(nameof(WebCollection))]
public sealed class PdfPrivacyTests(WebApp app)
{
    /// <summary>A real PDF with a text layer, one line per entry (Helvetica, so ASCII only).</summary>
    private static byte[] Pdf(params string[] lines)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(PageSize.A4);
        for (var i = 0; i < lines.Length; i++)
            page.AddText(lines[i], 11, new PdfPoint(50, 780 - 20 * i), font);
        return builder.Build();
    }

    [Fact]
    public void The_text_layer_of_a_pdf_is_screened_finding_valid_numbers_and_no_invalid_ones()
    {
        var pdf = Pdf("Contact of the contractor: ID 320106198512034568, mobile 13912345678.",
            "Not a hit: ID with a wrong check digit 320106198512034567, tracking number 2026-000042, date 2026-03-02.",
            "Bank account 6217000012345678907.");

        var hits = PrivacyScanner.Scan(PdfText.Read(pdf)!, "contract.pdf", []);

        Assert.Equal([PersonalDataKind.IdentityNumber, PersonalDataKind.MobileNumber, PersonalDataKind.BankCardNumber], hits.Select(h => h.Kind));
        Assert.Equal("3201**********4568", hits[0].Masked);
        Assert.All(hits, h => Assert.Equal("contract.pdf", h.Source));
    }

    [Fact]
    public void A_pdf_without_text_or_not_a_pdf_at_all_gives_no_text()
    {
        var builder = new PdfDocumentBuilder();
        builder.AddPage(PageSize.A4);

        Assert.Null(PdfText.Read(builder.Build()));
        Assert.Null(PdfText.Read("%PDF-1.4\n%damaged\n"u8.ToArray()));
    }

    [Fact]
    public async Task A_number_in_an_attached_pdf_must_be_confirmed_before_the_reply_is_issued_and_a_scan_is_listed_as_not_screened()
    {
        var id = (await app.WithApiKey().RegisterAsync(Seed.Registration(name: "王小明"))).GetProperty("id").GetString()!;
        var client = await app.AsRoleAsync(Roles.Caseworker);
        var pdf = Pdf("Party B contact: ID 320106198512034568");
        var scan = new PdfDocumentBuilder();
        scan.AddPage(PageSize.A4);
        foreach (var (name, content) in new[] { ("contract.pdf", pdf), ("scan.pdf", scan.Build()) })
        {
            var uploaded = await client.PostMultipartAsync($"/Requests/Details/{id}?handler=Upload", new() { ["kind"] = "reply-document" },
                [("file", name, content)], $"/Requests/Details/{id}");
            Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        }
        var fields = new Dictionary<string, string>
        {
            ["Form.Type"] = "reply", ["Form.Outcome"] = "102", ["Form.Inputs[input_how]"] = "随本答复书提供合同复印件",
        };

        var blocked = await client.PostFormAsync($"/Requests/Letters/{id}?handler=Issue", fields, $"/Requests/Letters/{id}");

        var html = await blocked.Content.ReadAsStringAsync();
        Assert.Contains("个人信息未处理：居民身份证号码 3201**********4568（附件 contract.pdf）", html);
        Assert.Contains("未筛查的附件（非 Word 文件、没有文字层的 PDF，或无法读取、超出读取上限），请人工核对：scan.pdf", html);
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM letters WHERE request_id = @Id", new { Id = id }));
        var hit = Assert.Single(PrivacyScanner.Scan(PdfText.Read(pdf)!, "contract.pdf", []));
        fields[$"Form.Privacy[{hit.Key}]"] = "confirm";
        var issued = await client.PostFormAsync($"/Requests/Letters/{id}?handler=Issue", fields, $"/Requests/Letters/{id}");
        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM letters WHERE request_id = @Id", new { Id = id }));
    }
}
