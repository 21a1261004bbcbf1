using System.Globalization;
using CaseFlow.Domain.Reporting;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CaseFlow.Persistence.Reporting;

/// <summary>Tables 三 and 四 as an .xlsx workbook in the national layout (Art. 50; 国办公开办函〔2021〕30号, or the 2019
/// layout): sheet 表三 with the 申请人情况 corner, 自然人 and the 法人或其他组织 group over its five columns, 总计, each row with
/// its label and printed title; sheet 表四 as its single row of 15 columns under 行政复议 · 行政诉讼 (未经复议直接起诉 · 复议后起诉).
/// Counts are number cells; every text cell goes through <see cref="SpreadsheetText.Escape"/>.</summary>
public static class AnnualReportXlsx
{
    public const string Table3Sheet = "表三";
    public const string Table4Sheet = "表四";
    /// <summary>The first row of counts on 表三 (rows 1–2 titles, 3–4 the column headers).</summary>
    public const int Table3FirstRow = 5;
    /// <summary>The row of counts on 表四 (rows 1–2 titles, 3–5 the column headers).</summary>
    public const int Table4Row = 6;
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The heading of both sheets: the agency's name (all agencies when none) and the year.</summary>
    public static string Heading(string? agencyName, int year) => $"{agencyName ?? "全部机关"} {year}年度政府信息公开工作年度报告";

    public static void Write(Stream output, AnnualReport report, ReportFormat format, string heading)
    {
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var sheets = new Sheets();

        // 表三: A label, B title, C 自然人, D–H 法人或其他组织, I 总计.
        var t3 = new SheetBuilder();
        t3.Text(1, 0, heading);
        t3.Text(2, 0, NationalLayout.Table3Title);
        t3.Text(3, 0, NationalLayout.Table3Corner).Merge(3, 0, 4, 1);
        t3.Text(3, 2, NationalLayout.Table3Columns[0]).Merge(3, 2, 4, 2);
        t3.Text(3, 3, NationalLayout.OrganisationGroup).Merge(3, 3, 3, 7);
        for (var i = 1; i <= 5; i++)
            t3.Text(4, 2 + i, NationalLayout.Table3Columns[i]);
        t3.Text(3, 8, NationalLayout.Table3Columns[6]).Merge(3, 8, 4, 8);
        var row = Table3FirstRow;
        foreach (var line in NationalLayout.Table3(report, format))
        {
            t3.Text(row, 0, line.Label);
            t3.Text(row, 1, line.Title);
            if (line.Counts is { } counts)
            {
                var column = 2;
                foreach (var type in Domain.Requests.ApplicantTypes.ReportColumns)
                    t3.Number(row, column++, counts[type]);
                t3.Number(row, column, counts.Total);
            }
            row++;
        }
        AddSheet(workbook, sheets, 1, Table3Sheet, t3.Build([(1, 8), (2, 60), .. Enumerable.Range(3, 7).Select(c => ((uint)c, 14.0))]));

        // 表四: one row of 15 columns.
        var t4 = new SheetBuilder();
        t4.Text(1, 0, heading);
        t4.Text(2, 0, NationalLayout.Table4Title);
        var cells = NationalLayout.Table4(report.Challenges);
        t4.Text(3, 0, "行政复议").Merge(3, 0, 3, 4);
        t4.Text(3, 5, "行政诉讼").Merge(3, 5, 3, 14);
        for (var i = 0; i < 5; i++)
            t4.Text(4, i, cells[i].Name).Merge(4, i, 5, i);
        t4.Text(4, 5, "未经复议直接起诉").Merge(4, 5, 4, 9);
        t4.Text(4, 10, "复议后起诉").Merge(4, 10, 4, 14);
        for (var i = 5; i < 15; i++)
            t4.Text(5, i, cells[i].Name);
        for (var i = 0; i < 15; i++)
            t4.Number(Table4Row, i, cells[i].Value);
        AddSheet(workbook, sheets, 2, Table4Sheet, t4.Build(Enumerable.Range(1, 15).Select(c => ((uint)c, 12.0)).ToArray()));

        workbook.Workbook.AppendChild(sheets);
        workbook.Workbook.Save();
    }

    private static void AddSheet(WorkbookPart workbook, Sheets sheets, uint id, string name, Worksheet worksheet)
    {
        var part = workbook.AddNewPart<WorksheetPart>();
        part.Worksheet = worksheet;
        sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id, Name = name });
    }

    /// <summary>The cell reference of a 1-based row and 0-based column, e.g. (5, 2) → C5.</summary>
    public static string Reference(int row, int column)
    {
        var name = "";
        for (var index = column + 1; index > 0; index = (index - 1) / 26)
            name = (char)('A' + (index - 1) % 26) + name;
        return name + row.ToString(CultureInfo.InvariantCulture);
    }

    private sealed class SheetBuilder
    {
        private readonly SortedDictionary<int, SortedDictionary<int, Cell>> _rows = [];
        private readonly List<string> _merges = [];

        public SheetBuilder Text(int row, int column, string text)
        {
            Put(row, column, new Cell
            {
                CellReference = Reference(row, column), DataType = CellValues.InlineString,
                InlineString = new InlineString(new Text(SpreadsheetText.Escape(text)) { Space = SpaceProcessingModeValues.Preserve }),
            });
            return this;
        }

        public void Number(int row, int column, int value) =>
            Put(row, column, new Cell { CellReference = Reference(row, column), DataType = CellValues.Number, CellValue = new CellValue(value) });

        public void Merge(int fromRow, int fromColumn, int toRow, int toColumn) =>
            _merges.Add($"{Reference(fromRow, fromColumn)}:{Reference(toRow, toColumn)}");

        private void Put(int row, int column, Cell cell)
        {
            if (!_rows.TryGetValue(row, out var cells))
                _rows[row] = cells = [];
            cells[column] = cell;
        }

        public Worksheet Build(IReadOnlyList<(uint Column, double Width)> widths)
        {
            var data = new SheetData();
            foreach (var (index, cells) in _rows)
                data.Append(new Row(cells.Values) { RowIndex = (uint)index });
            var worksheet = new Worksheet(
                new Columns(widths.Select(w => new Column { Min = w.Column, Max = w.Column, Width = w.Width, CustomWidth = true })),
                data);
            if (_merges.Count > 0)
                worksheet.Append(new MergeCells(_merges.Select(m => new MergeCell { Reference = m })));
            return worksheet;
        }
    }
}
