using System.Globalization;
using CaseFlow.Cli.Bench;
using CaseFlow.Persistence.Reporting;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Data.Sqlite;

namespace CaseFlow.Cli.Tests.Report;

/// <summary>The streamed .xlsx reader (issue 14 item 5) reads exactly what the CSV path reads, for workbooks written by
/// CaseFlow (inline strings) and as Excel writes them (shared strings, dates as serial numbers, empty cells left out).</summary>
public sealed class StreamedXlsxTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("caseflow-cli-xlsx-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private string PathOf(string name) => Path.Combine(_directory, name);

    private static readonly IReadOnlyList<string> Header = LedgerFormat.Header(chinese: true);

    private static void AssertSame(LedgerSheet expected, LedgerSheet actual)
    {
        Assert.Equal(expected.Headers, actual.Headers);
        Assert.Equal(expected.Rows.Count, actual.Rows.Count);
        for (var i = 0; i < expected.Rows.Count; i++)
        {
            Assert.Equal(expected.Rows[i].RowNumber, actual.Rows[i].RowNumber);
            // CSV gives "" for an empty cell, .xlsx no cell at all: both are empty to the format.
            Assert.Equal(expected.Rows[i].Cells.Select(c => c ?? ""), actual.Rows[i].Cells.Select(c => c ?? ""));
        }
    }

    [Fact]
    public void A_CaseFlow_workbook_reads_as_its_CSV_and_as_the_document_loading_reader_did()
    {
        var rows = ImportBench.Rows(3000).ToList();
        rows[5] = [.. rows[5].Take(8), "=HYPERLINK(\"http://x\")"];
        LedgerFiles.WriteCsv(PathOf("l.csv"), Header, rows);
        LedgerFiles.WriteXlsx(PathOf("l.xlsx"), Header, rows);

        var csv = LedgerFiles.Read(PathOf("l.csv"));
        var xlsx = LedgerFiles.Read(PathOf("l.xlsx"));

        AssertSame(csv, xlsx);
        AssertSame(DomXlsx.Read(PathOf("l.xlsx")), xlsx);
        Assert.Equal("=HYPERLINK(\"http://x\")", xlsx.Rows[5].Cells[8]);
    }

    [Fact]
    public void An_Excel_workbook_with_shared_strings_date_serials_and_missing_cells_reads_as_its_CSV()
    {
        var rows = ImportBench.Rows(500).ToList();
        LedgerFiles.WriteCsv(PathOf("e.csv"), Header, rows);
        WriteAsExcel(PathOf("e.xlsx"), Header, rows);

        AssertSame(LedgerFiles.Read(PathOf("e.csv")), LedgerFiles.Read(PathOf("e.xlsx")));
    }

    [Fact]
    public void The_streamed_import_stores_what_the_CSV_import_stores()
    {
        var rows = ImportBench.Rows(2000).ToList();
        LedgerFiles.WriteCsv(PathOf("i.csv"), Header, rows);
        WriteAsExcel(PathOf("i.xlsx"), Header, rows);
        string Db(string name) => $"Data Source={PathOf(name)}";

        var viaCsv = CliRun.Of("ledger", "import", "--file", PathOf("i.csv"), "--agency", "county", "--create-agency", "--connection", Db("csv.db"));
        var viaXlsx = CliRun.Of("ledger", "import", "--file", PathOf("i.xlsx"), "--agency", "county", "--create-agency", "--connection", Db("xlsx.db"));

        Assert.True(viaCsv.ExitCode == 0, viaCsv.Error);
        Assert.True(viaXlsx.ExitCode == 0, viaXlsx.Error);
        Assert.Equal("2000 imported, 0 updated", viaCsv.OutLines[0].Trim());
        Assert.Equal(viaCsv.OutLines[0], viaXlsx.OutLines[0]);
        Assert.Equal(0, CliRun.Of("ledger", "export", "--year", "2024", "--file", PathOf("from-csv.csv"), "--connection", Db("csv.db")).ExitCode);
        Assert.Equal(0, CliRun.Of("ledger", "export", "--year", "2024", "--file", PathOf("from-xlsx.csv"), "--connection", Db("xlsx.db")).ExitCode);
        Assert.Equal(File.ReadAllLines(PathOf("from-csv.csv")), File.ReadAllLines(PathOf("from-xlsx.csv")));
        Assert.Equal(CliRun.Of("report", "annual", "--year", "2024", "--agency", "county", "--json", "--connection", Db("csv.db")).Out,
            CliRun.Of("report", "annual", "--year", "2024", "--agency", "county", "--json", "--connection", Db("xlsx.db")).Out);
    }

    /// <summary>As Excel saves a sheet: text in a shared-string table, dates as serial numbers, empty cells left out.</summary>
    private static void WriteAsExcel(string path, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var strings = new List<string>();
        var index = new Dictionary<string, int>();
        int Shared(string text)
        {
            if (!index.TryGetValue(text, out var i))
            {
                index[text] = i = strings.Count;
                strings.Add(text);
            }
            return i;
        }
        var data = new SheetData();
        var dateColumns = new[] { 4, 5 };
        uint rowIndex = 0;
        foreach (var values in rows.Prepend(header))
        {
            rowIndex++;
            var row = new Row { RowIndex = rowIndex };
            for (var c = 0; c < values.Count; c++)
            {
                if (values[c].Length == 0)
                    continue;
                var reference = $"{(char)('A' + c)}{rowIndex}";
                row.Append(rowIndex > 1 && dateColumns.Contains(c)
                    ? new Cell { CellReference = reference, CellValue = new CellValue(DateTime.ParseExact(values[c], "yyyy-MM-dd", CultureInfo.InvariantCulture).ToOADate().ToString(CultureInfo.InvariantCulture)) }
                    : new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(Shared(values[c])) });
            }
            data.Append(row);
        }
        var part = workbook.AddNewPart<WorksheetPart>();
        part.Worksheet = new Worksheet(data);
        var sst = workbook.AddNewPart<SharedStringTablePart>();
        sst.SharedStringTable = new SharedStringTable(strings.Select(s => new SharedStringItem(new Text(s) { Space = SpaceProcessingModeValues.Preserve })));
        workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = 1, Name = "台账" }));
        workbook.Workbook.Save();
    }
}
