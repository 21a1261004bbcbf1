using System.Globalization;
using System.Text.Json;
using CaseFlow.Persistence.Reporting;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Data.Sqlite;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace CaseFlow.Cli.Tests.Report;

/// <summary><c>caseflow report annual … --xlsx FILE</c>, <c>--docx FILE</c> and <c>--format 2019</c> (issue 14 item 4):
/// the files are opened with the OpenXML library and their cells compared with the report's JSON.</summary>
public sealed class AnnualReportFilesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("caseflow-cli-files-").FullName;

    private string Connection => $"Data Source={Path.Combine(_directory, "caseflow.db")}";

    private string PathOf(string name) => Path.Combine(_directory, name);

    private CliRun Run(params string[] args) => CliRun.Of([.. args, "--provider", "Sqlite", "--connection", Connection]);

    // 2020: one 三(六)1, one 三(六)2, one 三(六)3 — the rows the 2019 layout prints as one; one request carried into 2021.
    private const string County2020 = """
        申请编号,申请人类型,申请人,收到申请日期,办结日期,答复类型
        C-1,自然人,张三,2020-03-01,2020-03-20,予以公开
        C-2,自然人,,2020-03-02,2020-04-20,逾期不补正
        C-3,商业企业,,2020-03-03,2020-04-21,逾期未缴纳信息处理费
        C-4,法律服务机构,,2020-03-04,2020-04-22,其他处理：其他
        C-5,科研机构,,2020-12-30,,
        C-6,1,,2020-05-06,2020-05-20,不予公开：保护第三方合法权益
        """;

    private const string Challenges2020 = "申请编号,类型,复议后起诉,提起日期,结果,审结日期\nC-6,行政复议,否,2020/6/1,维持,2020/8/1\nC-6,行政诉讼,是,2020-09-01,尚未审结,\n";

    public AnnualReportFilesTests()
    {
        File.WriteAllText(PathOf("ledger.csv"), County2020);
        File.WriteAllText(PathOf("challenges.csv"), Challenges2020);
        var import = Run("ledger", "import", "--file", PathOf("ledger.csv"), "--agency", "county", "--create-agency");
        Assert.True(import.ExitCode == 0, import.Error);
        var challenges = Run("challenges", "import", "--file", PathOf("challenges.csv"), "--agency", "county");
        Assert.True(challenges.ExitCode == 0, challenges.Error);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private JsonElement Json() => JsonDocument.Parse(Run("report", "annual", "--year", "2020", "--agency", "county", "--json").Out).RootElement;

    private static Dictionary<string, string> Cells(SpreadsheetDocument document, string sheetName)
    {
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheetName);
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
        return part.Worksheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!,
            c => c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue!.Text);
    }

    private static readonly string[] Columns = ["naturalPerson", "business", "researchInstitution", "nonProfit", "legalServiceProvider", "otherOrganization", "total"];

    [Fact]
    public void The_xlsx_has_table_三_in_the_national_layout_and_table_四_as_one_row_of_15_columns()
    {
        var file = PathOf("report.xlsx");

        var run = Run("report", "annual", "--year", "2020", "--agency", "county", "--xlsx", file);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains($"tables written to {file}", run.Out);
        var json = Json();
        var applications = json.GetProperty("applications");
        using var document = SpreadsheetDocument.Open(file, false);
        var t3 = Cells(document, "表三");
        Assert.Equal("三、收到和处理政府信息公开申请情况", t3["A2"]);
        Assert.Equal("申请人情况", t3["A3"]);
        Assert.Equal(["自然人", "法人或其他组织", "总计"], [t3["C3"], t3["D3"], t3["I3"]]);
        Assert.Equal(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"], new[] { "D4", "E4", "F4", "G4", "H4" }.Select(r => t3[r]));
        var merged = document.WorkbookPart!.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<MergeCell>()).Select(m => m.Reference!.Value).ToList();
        Assert.Contains("D3:H3", merged);
        Assert.Contains("A3:B4", merged);

        // Every printed row of the sheet holds the report's counts, column by column.
        var rowsByLabel = Enumerable.Range(AnnualReportXlsx.Table3FirstRow, 40).Where(r => t3.ContainsKey($"A{r}")).ToDictionary(r => t3[$"A{r}"]);
        void Row(string label, JsonElement counts) =>
            Assert.Equal(Columns.Select(c => counts.GetProperty(c).GetInt32().ToString(CultureInfo.InvariantCulture)),
                "CDEFGHI".Select(c => t3[$"{c}{rowsByLabel[label]}"]));
        Row("一", applications.GetProperty("newlyReceived"));
        Row("二", applications.GetProperty("carriedOver"));
        Row("三(七)", applications.GetProperty("outcomeTotal"));
        Row("四", applications.GetProperty("carriedForward"));
        foreach (var outcome in applications.GetProperty("outcomes").EnumerateArray())
            Row(outcome.GetProperty("label").GetString()!, outcome.GetProperty("counts"));
        Assert.Equal("4.保护第三方合法权益", t3[$"B{rowsByLabel["三(三)4"]}"]);
        Assert.Equal("（三）不予公开", t3[$"B{rowsByLabel["三(三)"]}"]);
        Assert.False(t3.ContainsKey($"C{rowsByLabel["三(三)"]}"));
        Assert.Equal("1", t3[$"C{rowsByLabel["三(六)1"]}"]);

        var t4 = Cells(document, "表四");
        Assert.Equal("四、政府信息公开行政复议、行政诉讼情况", t4["A2"]);
        Assert.Equal(["行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"], [t4["A3"], t4["F3"], t4["F4"], t4["K4"]]);
        var challenges = json.GetProperty("challenges");
        var expected = new[] { "reconsideration", "litigationWithoutReconsideration", "litigationAfterReconsideration" }
            .SelectMany(b => new[] { "upheld", "corrected", "other", "pending", "total" }.Select(c => challenges.GetProperty(b).GetProperty(c).GetInt32().ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(expected, Enumerable.Range(0, 15).Select(i => t4[AnnualReportXlsx.Reference(AnnualReportXlsx.Table4Row, i)]));
        Assert.Equal(["1", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "1", "1"], Enumerable.Range(0, 15).Select(i => t4[AnnualReportXlsx.Reference(AnnualReportXlsx.Table4Row, i)]));
    }

    [Fact]
    public void The_xlsx_escapes_text_that_a_spreadsheet_would_run_as_a_formula()
    {
        // The agency's name is the one free text on the sheets: register it as a formula and see it arrive as text.
        var file = PathOf("report.xlsx");
        using (var connection = new SqliteConnection(Connection))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE agencies SET name = '=1+1' WHERE code = 'county'";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        Assert.Equal(0, Run("report", "annual", "--year", "2020", "--agency", "county", "--xlsx", file).ExitCode);

        using var document = SpreadsheetDocument.Open(file, false);
        Assert.Equal("'=1+1 2020年度政府信息公开工作年度报告", Cells(document, "表三")["A1"]);
        Assert.Empty(document.WorkbookPart!.WorksheetParts.SelectMany(p => p.Worksheet.Descendants<CellFormula>()));
    }

    [Fact]
    public void Format_2019_prints_三六_as_one_row_in_text_and_xlsx()
    {
        var file = PathOf("report-2019.xlsx");

        var run = Run("report", "annual", "--year", "2020", "--agency", "county", "--format", "2019", "--xlsx", file);

        Assert.True(run.ExitCode == 0, run.Error);
        var text = run.Out.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var other = text.Single(l => l.StartsWith("三(六)", StringComparison.Ordinal));
        Assert.StartsWith("三(六) 其他处理", other);
        Assert.Equal(["1", "1", "0", "0", "1", "0", "3"], other["三(六) 其他处理".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        using var document = SpreadsheetDocument.Open(file, false);
        var t3 = Cells(document, "表三");
        var labels = t3.Where(c => c.Key.StartsWith('A') && int.Parse(c.Key[1..]) >= AnnualReportXlsx.Table3FirstRow).Select(c => c.Value).ToList();
        Assert.Equal(["三(六)"], labels.Where(l => l.StartsWith("三(六)")));
        var row = t3.Single(c => c.Value == "三(六)").Key[1..];
        Assert.Equal("（六）其他处理", t3[$"B{row}"]);
        Assert.Equal(["1", "1", "0", "0", "1", "0", "3"], "CDEFGHI".Select(c => t3[$"{c}{row}"]));

        var twentyTwentyOne = Run("report", "annual", "--year", "2020", "--agency", "county");
        Assert.Equal(3, twentyTwentyOne.Out.Split('\n').Count(l => l.StartsWith("三(六)", StringComparison.Ordinal)));
        var bad = Run("report", "annual", "--year", "2020", "--agency", "county", "--format", "2020");
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("caseflow report annual: --format: '2020' 须为 2021 或 2019 / must be 2021 or 2019", bad.Error.Trim());
    }

    [Fact]
    public void The_draft_report_document_has_sections_一_to_六_the_tables_figures_and_the_years_fees()
    {
        // Two requests with a fee notice, with the fee columns as the workflow stores them (Domain.Fees.FeeYears decides
        // the years): one served and paid in 2020, one served in 2020 and never paid.
        InsertRequestWithFee("F-1", amountFen: 12050, chargedYear: 2020, collectedYear: 2020);
        InsertRequestWithFee("F-2", amountFen: 8000, chargedYear: 2020, collectedYear: null);
        var file = PathOf("report.docx");

        var run = Run("report", "annual", "--year", "2020", "--agency", "county", "--docx", file);

        Assert.True(run.ExitCode == 0, run.Error);
        using var document = WordprocessingDocument.Open(file, false);
        var body = document.MainDocumentPart!.Document!.Body!;
        var paragraphs = body.Elements<W.Paragraph>().Select(p => p.InnerText).ToList();
        Assert.Equal("county2020年政府信息公开工作年度报告", paragraphs[0]);
        var headings = AnnualReportDocx.Sections.Select(s => paragraphs.IndexOf(s)).ToList();
        Assert.All(headings, i => Assert.True(i > 0));
        Assert.Equal(headings.Order(), headings);
        Assert.Equal(["一", "二", "三", "四", "五", "六"], AnnualReportDocx.Sections.Select(s => s[..1]));
        // The narrative sections are headed placeholders.
        Assert.StartsWith(AnnualReportDocx.PlaceholderMark, paragraphs[headings[0] + 1]);
        Assert.StartsWith(AnnualReportDocx.PlaceholderMark, paragraphs[headings[4] + 1]);
        Assert.Contains("发出收费通知2件，计收信息处理费200.50元；实际收取1件，共120.50元。", paragraphs[headings[5] + 1]);

        var tables = body.Elements<W.Table>().ToList();
        Assert.Equal(2, tables.Count);
        var json = Json();
        var t3 = tables[0].Elements<W.TableRow>().Select(r => r.Elements<W.TableCell>().Select(c => c.InnerText).ToList()).ToList();
        var applications = json.GetProperty("applications");
        List<string> Expected(JsonElement counts) => Columns.Select(c => counts.GetProperty(c).GetInt32().ToString(CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Expected(applications.GetProperty("newlyReceived")), t3.Single(r => r[0] == "一").Skip(2));
        Assert.Equal(Expected(applications.GetProperty("carriedForward")), t3.Single(r => r[0] == "四").Skip(2));
        foreach (var outcome in applications.GetProperty("outcomes").EnumerateArray())
            Assert.Equal(Expected(outcome.GetProperty("counts")), t3.Single(r => r[0] == outcome.GetProperty("label").GetString()).Skip(2));
        var t4 = tables[1].Elements<W.TableRow>().Last().Elements<W.TableCell>().Select(c => c.InnerText).ToList();
        Assert.Equal(["1", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "1", "1"], t4);
    }

    [Fact]
    public void Bad_file_flags_exit_2_naming_the_flag()
    {
        Assert.Contains("--xlsx: 'r.csv' 须以 .xlsx 结尾", Run("report", "annual", "--year", "2020", "--agency", "county", "--xlsx", "r.csv").Error);
        Assert.Contains("--docx: 'r.doc' 须以 .docx 结尾", Run("report", "annual", "--year", "2020", "--agency", "county", "--docx", "r.doc").Error);
        var noAgency = Run("report", "annual", "--year", "2020", "--docx", PathOf("r.docx"));
        Assert.Equal(2, noAgency.ExitCode);
        Assert.Contains("--agency: 生成年度报告文稿须指定机关", noAgency.Error);
        Assert.False(File.Exists(PathOf("r.docx")));
    }

    private void InsertRequestWithFee(string trackingNumber, long amountFen, int chargedYear, int? collectedYear)
    {
        using var connection = new SqliteConnection(Connection);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO requests (id, version, state, agency_code, tracking_number, applicant_name, applicant_type, channel, description,
                                  received_on, registered_at, updated_at, data, fee_amount_fen, fee_charged_year, fee_collected_year)
            VALUES ($id, 1, 'InProgress', 'county', $number, '张三', 1, 1, '申请公开', '2020-03-20', '2020-03-20T01:00:00Z', '2020-03-20T01:00:00Z', '{}',
                    $fen, $charged, $collected)
            """;
        command.Parameters.AddWithValue("$id", Guid.NewGuid().ToString());
        command.Parameters.AddWithValue("$number", trackingNumber);
        command.Parameters.AddWithValue("$fen", amountFen);
        command.Parameters.AddWithValue("$charged", chargedYear);
        command.Parameters.AddWithValue("$collected", (object?)collectedYear ?? DBNull.Value);
        command.ExecuteNonQuery();
    }
}
