using CaseFlow.Persistence.Reporting;

namespace CaseFlow.Persistence.Tests.Reporting;

/// <summary>OWASP CSV injection: a cell a spreadsheet would evaluate is written as text, and read back as typed.</summary>
public sealed class SpreadsheetTextTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\")", "'=HYPERLINK(\"http://evil.example\")")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("+cmd", "'+cmd")]
    [InlineData("-cmd", "'-cmd")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("-5", "-5")]
    [InlineData("+3.5", "+3.5")]
    [InlineData("王小明", "王小明")]
    [InlineData("", "")]
    public void Formulas_are_escaped_and_read_back_as_typed(string typed, string written)
    {
        Assert.Equal(written, SpreadsheetText.Escape(typed));
        Assert.Equal(typed, SpreadsheetText.Unescape(SpreadsheetText.Escape(typed)));
    }

    [Fact]
    public void A_ledger_exported_as_CSV_and_xlsx_holds_no_live_formula_and_imports_as_typed()
    {
        var directory = Directory.CreateTempSubdirectory("caseflow-csv-").FullName;
        string[] header = ["申请人", "备注"];
        IReadOnlyList<string>[] rows = [["=HYPERLINK(\"http://evil.example\")", "@SUM(A1:A9)"]];
        foreach (var file in new[] { "ledger.csv", "ledger.xlsx" })
        {
            var path = Path.Combine(directory, file);
            LedgerFiles.Write(path, header, rows);
            if (file.EndsWith(".csv", StringComparison.Ordinal))
                Assert.Contains("'=HYPERLINK", File.ReadAllText(path));

            var sheet = LedgerFiles.Read(path);

            Assert.Equal("=HYPERLINK(\"http://evil.example\")", sheet.Rows.Single().Cells[0]);
            Assert.Equal("@SUM(A1:A9)", sheet.Rows.Single().Cells[1]);
        }
    }
}
