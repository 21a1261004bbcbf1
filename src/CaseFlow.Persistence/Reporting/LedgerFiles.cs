using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CaseFlow.Persistence.Reporting;

/// <summary>A CSV file in an encoding we do not read; the message names it in Chinese and English.</summary>
public sealed class UnknownEncodingException(string message) : Exception(message);

/// <summary>Reads and writes ledger sheets as CSV (UTF-8, comma, a header row) or .xlsx (the first worksheet).</summary>
public static class LedgerFiles
{
    public static bool IsXlsx(string path) => path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);

    public static bool IsCsv(string path) => path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);

    public static LedgerSheet Read(string path) => IsXlsx(path) ? ReadXlsx(path) : ReadCsv(path);

    public static void Write(string path, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        if (IsXlsx(path))
            WriteXlsx(path, header, rows);
        else
            WriteCsv(path, header, rows);
    }

    /// <summary>Reads a file, or refuses it with one problem naming why: not readable as .xlsx or CSV, an encoding that
    /// is neither UTF-8 nor GB18030/GBK, or replacement characters (U+FFFD, text garbled before it reached us).</summary>
    public static LedgerSheet ReadOrRefuse(string path)
    {
        LedgerSheet sheet;
        try
        {
            sheet = Read(path);
        }
        catch (UnknownEncodingException e)
        {
            throw new LedgerRefusedException([$"第1行 file: {e.Message}"]);
        }
        catch (Exception e) when (e is InvalidDataException or OpenXmlPackageException or CsvHelperException or IOException or FormatException or System.Xml.XmlException)
        {
            throw new LedgerRefusedException([$"第1行 file: 无法读取为{(IsXlsx(path) ? ".xlsx" : "CSV")} / cannot be read as {(IsXlsx(path) ? ".xlsx" : "CSV")} ({e.Message})"]);
        }
        var garbled = sheet.Headers.Any(h => h.Contains('\uFFFD')) ? [1] : new List<int>();
        garbled.AddRange(sheet.Rows.Where(r => r.Cells.Any(c => c?.Contains('\uFFFD') == true)).Select(r => r.RowNumber));
        if (garbled.Count > 0)
            throw new LedgerRefusedException(garbled.Select(r => $"第{r}行 file: 含有乱码（U+FFFD 替换字符），请用原始文件重新导出 / contains U+FFFD replacement characters: the text was garbled before").ToList());
        return sheet;
    }

    /// <summary>The encoding of a CSV file's bytes: UTF-8 (with or without a byte-order mark), UTF-16 with its mark, else
    /// GB18030 (a superset of GBK and GB2312, what Excel saves as "CSV" on a Chinese Windows); strict decoding, so that
    /// nothing is ever turned into U+FFFD. Throws <see cref="UnknownEncodingException"/> when none of them decodes.</summary>
    public static (string Text, string EncodingName) Decode(byte[] bytes)
    {
        if (bytes is [0xEF, 0xBB, 0xBF, ..])
            return (Strict(new UTF8Encoding(false, true), bytes.AsSpan(3)) ?? throw new UnknownEncodingException("文件以 UTF-8 标记开头，但内容不是有效的 UTF-8 / the file starts with a UTF-8 byte-order mark but is not valid UTF-8"), "UTF-8");
        if (bytes is [0xFF, 0xFE, ..])
            return (Strict(new UnicodeEncoding(false, false, true), bytes.AsSpan(2)) ?? throw new UnknownEncodingException("文件不是有效的 UTF-16 / the file is not valid UTF-16"), "UTF-16LE");
        if (bytes is [0xFE, 0xFF, ..])
            return (Strict(new UnicodeEncoding(true, false, true), bytes.AsSpan(2)) ?? throw new UnknownEncodingException("文件不是有效的 UTF-16 / the file is not valid UTF-16"), "UTF-16BE");
        if (Strict(new UTF8Encoding(false, true), bytes) is { } utf8)
            return (utf8, "UTF-8");
        if (Strict(Gb18030.Value, bytes) is { } gb)
            return (gb, "GB18030");
        throw new UnknownEncodingException("文件编码既不是 UTF-8 也不是 GB18030/GBK，请在 Excel 中另存为“CSV UTF-8” / the file's encoding is neither UTF-8 nor GB18030/GBK: save it as CSV UTF-8");
    }

    private static readonly Lazy<Encoding> Gb18030 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    });

    private static string? Strict(Encoding encoding, ReadOnlySpan<byte> bytes)
    {
        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    public static LedgerSheet ReadCsv(string path)
    {
        using var reader = new StringReader(Decode(File.ReadAllBytes(path)).Text);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { HasHeaderRecord = false, DetectDelimiter = false });
        var rows = new List<(int, IReadOnlyList<string?>)>();
        IReadOnlyList<string> headers = [];
        var rowNumber = 0;
        while (csv.Read())
        {
            rowNumber++;
            var record = (csv.Parser.Record ?? []).Select(SpreadsheetText.Unescape).ToArray();
            if (rowNumber == 1)
                headers = record;
            else
                rows.Add((rowNumber, record));
        }
        return new LedgerSheet(headers, rows);
    }

    public static void WriteCsv(string path, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var row in rows.Prepend(header))
        {
            foreach (var cell in row)
                csv.WriteField(SpreadsheetText.Escape(cell));
            csv.NextRecord();
        }
    }

    /// <summary>The first worksheet; shared, inline and number cells. A number in a date column is an Excel date serial
    /// (a spreadsheet program turns a typed ISO date into one) and is read back as an ISO date.</summary>
    /// <remarks>Streamed (issue 14 item 5): the worksheet and the shared strings are read with <see cref="OpenXmlReader"/>,
    /// one cell at a time, never loaded as a document; only the cells' text is kept, as the CSV path keeps it.</remarks>
    public static LedgerSheet ReadXlsx(string path)
    {
        using var document = SpreadsheetDocument.Open(path, isEditable: false);
        var workbook = document.WorkbookPart ?? throw new InvalidDataException("The .xlsx file has no workbook.");
        var sheet = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("The .xlsx file has no worksheet.");
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
        var shared = SharedStrings(workbook.SharedStringTablePart);

        // Rows as they come (a worksheet lists them in ascending order; a row number seen again replaces the earlier row).
        var read = new List<(int RowNumber, List<(int Column, string Text)> Cells)>();
        var ordered = true;
        using (var reader = OpenXmlReader.Create(part))
        {
            while (reader.Read())
            {
                if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
                    continue;
                var reference = reader.Attributes.FirstOrDefault(a => a.LocalName == "r").Value;
                var rowNumber = uint.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? (int)r : read.Count + 1;
                if (read.Count > 0 && rowNumber <= read[^1].RowNumber)
                    ordered = false;
                var cells = new List<(int, string)>();
                read.Add((rowNumber, cells));
                if (!reader.ReadFirstChild())
                    continue;
                var next = 0;
                do
                {
                    if (reader.ElementType != typeof(Cell))
                        continue;
                    var cell = (Cell)reader.LoadCurrentElement()!;
                    var column = cell.CellReference?.Value is { } cellReference ? ColumnIndex(cellReference) : next;
                    next = column + 1;
                    cells.Add((column, CellText(cell, shared)));
                }
                while (reader.ReadNextSibling());
            }
        }
        if (!ordered)
            read = read.Select((row, i) => (row, i)).GroupBy(x => x.row.RowNumber).Select(g => g.MaxBy(x => x.i).row).OrderBy(x => x.RowNumber).ToList();

        if (read.Count == 0 || read[0].RowNumber != 1)
            return new LedgerSheet([], []);
        var headerCells = Cells(read[0].Cells);
        var width = headerCells.Count == 0 ? 0 : headerCells.Keys.Max() + 1;
        var headers = Enumerable.Range(0, width).Select(i => headerCells.GetValueOrDefault(i, "")).ToList();
        var dateColumns = headers.Select((h, i) => (h.Trim(), i))
            .Where(x => x.Item1 is "received_on" or "closed_on" || x.Item1 == LedgerFormat.ReceivedOn.ChineseName || x.Item1 == LedgerFormat.ClosedOn.ChineseName)
            .Select(x => x.i).ToHashSet();
        var rows = new List<(int, IReadOnlyList<string?>)>(read.Count - 1);
        foreach (var (rowNumber, list) in read.Skip(1))
        {
            var cells = new string?[Math.Max(width, list.Count == 0 ? 0 : list.Max(c => c.Column) + 1)];
            foreach (var (column, text) in list)
                cells[column] = dateColumns.Contains(column) ? DateFromSerial(text) : text;
            rows.Add((rowNumber, cells));
        }
        return new LedgerSheet(headers, rows);

        static Dictionary<int, string> Cells(List<(int Column, string Text)> cells)
        {
            var byColumn = new Dictionary<int, string>();
            foreach (var (column, text) in cells)
                byColumn[column] = text;
            return byColumn;
        }
    }

    /// <summary>The shared string table, streamed: each item's text.</summary>
    private static List<string> SharedStrings(SharedStringTablePart? part)
    {
        var strings = new List<string>();
        if (part is null)
            return strings;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType != typeof(SharedStringItem) || !reader.IsStartElement)
                continue;
            strings.Add(reader.LoadCurrentElement()!.InnerText);
        }
        return strings;
    }

    public static void WriteXlsx(string path, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var part = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        uint rowIndex = 0;
        foreach (var values in rows.Prepend(header))
        {
            rowIndex++;
            var row = new Row { RowIndex = rowIndex };
            for (var i = 0; i < values.Count; i++)
                row.Append(new Cell
                {
                    CellReference = $"{ColumnName(i)}{rowIndex}",
                    DataType = CellValues.InlineString,
                    InlineString = new InlineString(new Text(SpreadsheetText.Escape(values[i])) { Space = SpaceProcessingModeValues.Preserve }),
                });
            data.Append(row);
        }
        part.Worksheet = new Worksheet(data);
        workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = 1, Name = "台账" }));
        workbook.Workbook.Save();
    }

    private static string CellText(Cell cell, IReadOnlyList<string> shared)
    {
        if (cell.DataType?.Value == CellValues.SharedString)
            return int.TryParse(cell.CellValue?.Text, CultureInfo.InvariantCulture, out var i) && i >= 0 && i < shared.Count ? SpreadsheetText.Unescape(shared[i]) : "";
        if (cell.DataType?.Value == CellValues.InlineString)
            return SpreadsheetText.Unescape(cell.InlineString?.InnerText ?? "");
        return cell.CellValue?.Text ?? "";
    }

    private static string DateFromSerial(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 0 and < 2958466 && !text.Contains('-')
            ? DateTime.FromOADate(serial).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : text;

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsLetter))
            index = index * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
        return index - 1;
    }

    private static string ColumnName(int index)
    {
        var name = "";
        for (index++; index > 0; index = (index - 1) / 26)
            name = (char)('A' + (index - 1) % 26) + name;
        return name;
    }
}
