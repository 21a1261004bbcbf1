using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CaseFlow.Web.Supervision;

/// <summary>A table to export: a header and rows of cells; a cell that is a whole number is written as a number.</summary>
public sealed record ExportSheet(string Name, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>The supervisor's exports as CSV (UTF-8 with BOM so that spreadsheet programs read Chinese) and .xlsx
/// (OpenXML, already used for the ledger).</summary>
public static class SheetExport
{
    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Csv(ExportSheet sheet)
    {
        var text = new StringBuilder();
        foreach (var row in sheet.Rows.Prepend(sheet.Header))
            text.Append(string.Join(',', row.Select(Quote))).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];

        static string Quote(string value)
        {
            var cell = Persistence.Reporting.SpreadsheetText.Escape(value);
            return cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{cell.Replace("\"", "\"\"")}\"" : cell;
        }
    }

    public static byte[] Xlsx(ExportSheet sheet)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var part = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            uint rowIndex = 0;
            foreach (var values in sheet.Rows.Prepend(sheet.Header))
            {
                rowIndex++;
                var row = new Row { RowIndex = rowIndex };
                for (var i = 0; i < values.Count; i++)
                {
                    var reference = $"{Column(i)}{rowIndex}";
                    row.Append(rowIndex > 1 && long.TryParse(values[i], NumberStyles.None, CultureInfo.InvariantCulture, out _)
                        ? new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(values[i]) }
                        : new Cell
                        {
                            CellReference = reference, DataType = CellValues.InlineString,
                            InlineString = new InlineString(new Text(Persistence.Reporting.SpreadsheetText.Escape(values[i])) { Space = SpaceProcessingModeValues.Preserve }),
                        });
                }
                data.Append(row);
            }
            part.Worksheet = new Worksheet(data);
            workbook.Workbook.AppendChild(new DocumentFormat.OpenXml.Spreadsheet.Sheets(new DocumentFormat.OpenXml.Spreadsheet.Sheet { Id = workbook.GetIdOfPart(part), SheetId = 1, Name = sheet.Name }));
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }

    private static string Column(int index)
    {
        var name = "";
        for (index++; index > 0; index = (index - 1) / 26)
            name = (char)('A' + (index - 1) % 26) + name;
        return name;
    }
}
