using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Migrations;
using CaseFlow.Persistence.Reporting;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace CaseFlow.Cli.Bench;

/// <summary><c>caseflow bench import</c>: the same ledger of realistic rows imported as CSV and as .xlsx (the streamed
/// reader, and the document-loading reader it replaced as a same-run "before"), each import in its own process so that
/// its peak memory (VmHWM) is its own; warmed by a small import first; rounds alternate the order; time and peak memory
/// are reported as ratios to the CSV path (issue 14 item 5).</summary>
public static class ImportBench
{
    public static readonly string[] Paths = ["csv", "xlsx", "xlsx-dom"];

    public static Command Create(CliConsole console)
    {
        var rows = new Option<int>("--rows") { Description = "ledger rows", DefaultValueFactory = _ => 100_000 };
        var rounds = new Option<int>("--rounds") { Description = "rounds; each imports every path once, in alternating order", DefaultValueFactory = _ => 3 };
        var bench = new Command("import", "ledger import of the same rows as CSV and as .xlsx: time and peak memory as ratios to the CSV path") { rows, rounds };
        bench.SetAction(async (parse, _) =>
        {
            if (parse.GetValue(rows) < 1 || parse.GetValue(rounds) < 1)
                throw new CliInputException("bench import", "--rows and --rounds must be at least 1");
            await RunAsync(parse.GetValue(rows), parse.GetValue(rounds), console.Out);
            return 0;
        });

        return bench;
    }

    /// <summary>The measured child (<c>caseflow bench import-once</c>, hidden): one warm-up import, then the import measured.</summary>
    public static Command CreateOnce(CliConsole console)
    {
        var file = new Option<string>("--file") { Required = true };
        var warm = new Option<string>("--warm") { Required = true };
        var reader = new Option<string>("--reader") { DefaultValueFactory = _ => "stream" };
        var once = new Command("import-once", "(internal to bench import) one measured import in this process") { file, warm, reader };
        once.Hidden = true;
        once.SetAction(async (parse, _) =>
        {
            await OnceAsync(parse.GetValue(file)!, parse.GetValue(warm)!, parse.GetValue(reader) == "dom", console.Out);
            return 0;
        });
        return once;
    }

    public sealed record Measure(string Path, double Milliseconds, long PeakBytes);

    public static async Task<IReadOnlyList<Measure>> RunAsync(int rowCount, int rounds, TextWriter output)
    {
        var directory = Directory.CreateTempSubdirectory("caseflow-bench-import-").FullName;
        try
        {
            var header = LedgerFormat.Header(chinese: true);
            var rows = Rows(rowCount).ToList();
            var warmRows = Rows(200, seed: 7).ToList();
            LedgerFiles.WriteCsv(Path.Combine(directory, "ledger.csv"), header, rows);
            LedgerFiles.WriteXlsx(Path.Combine(directory, "ledger.xlsx"), header, rows);
            LedgerFiles.WriteCsv(Path.Combine(directory, "warm.csv"), header, warmRows);
            LedgerFiles.WriteXlsx(Path.Combine(directory, "warm.xlsx"), header, warmRows);
            output.WriteLine($"bench import: {rowCount.ToString("N0", CultureInfo.InvariantCulture)} ledger rows, {rounds} round(s), each import in its own warmed process; " +
                             $"CSV {new FileInfo(Path.Combine(directory, "ledger.csv")).Length / 1024} KiB, .xlsx {new FileInfo(Path.Combine(directory, "ledger.xlsx")).Length / 1024} KiB");
            var measures = new List<Measure>();
            for (var round = 0; round < rounds; round++)
            {
                var order = round % 2 == 0 ? Paths : Paths.Reverse().ToArray();
                foreach (var path in order)
                    measures.Add(await ChildAsync(path, directory));
            }
            Measure Median(string path)
            {
                var of = measures.Where(m => m.Path == path).ToList();
                return new Measure(path, of.Select(m => m.Milliseconds).Order().ElementAt(of.Count / 2), of.Select(m => m.PeakBytes).Order().ElementAt(of.Count / 2));
            }
            var csv = Median("csv");
            output.WriteLine($"{"path",-32}{"median time",14}{"ratio",10}{"peak memory",14}{"ratio",10}");
            foreach (var (path, label) in new[] { ("csv", "CSV (baseline)"), ("xlsx", ".xlsx streamed"), ("xlsx-dom", ".xlsx document-loaded (before)") })
            {
                var m = Median(path);
                output.WriteLine($"{label,-32}{m.Milliseconds,11:0} ms{m.Milliseconds / csv.Milliseconds,9:0.00}×{m.PeakBytes / 1048576.0,11:0} MB{(double)m.PeakBytes / csv.PeakBytes,9:0.00}×");
            }
            return measures;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<Measure> ChildAsync(string path, string directory)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            start.ArgumentList.Add(typeof(ImportBench).Assembly.Location);
        var extension = path == "csv" ? "csv" : "xlsx";
        foreach (var argument in new[] { "bench", "import-once", "--file", Path.Combine(directory, $"ledger.{extension}"), "--warm", Path.Combine(directory, $"warm.{extension}"),
                     "--reader", path == "xlsx-dom" ? "dom" : "stream" })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The measured import did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"The measured {path} import failed: {await stderr}");
        var parts = (await stdout).Trim().Split(' ');
        return new Measure(path, double.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    /// <summary>In the child: a warm-up import (JIT, SQLite), then the measured import into a fresh database; prints the
    /// milliseconds and the process's peak resident memory during the import (VmHWM, reset before it).</summary>
    private static async Task OnceAsync(string file, string warm, bool dom, TextWriter output)
    {
        var directory = Directory.CreateTempSubdirectory("caseflow-bench-once-").FullName;
        try
        {
            var clock = SystemClock.Instance;
            async Task<Database> Fresh(string name)
            {
                var database = new Database(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(directory, name)}" });
                await new Migrator(database, clock).MigrateAsync();
                return database;
            }
            var options = new LedgerImportOptions { AgencyCode = "bench", CreateAgency = true, ImportedBy = "bench" };
            Task Import(Database database, string path) => dom
                ? Ledger.ImportAsync(database, DomXlsx.Read(path), options, clock)
                : Ledger.ImportAsync(database, path, options, clock);
            await Import(await Fresh("warm.db"), warm);
            var measured = await Fresh("measured.db");
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            ResetPeak();
            var stopwatch = Stopwatch.StartNew();
            await Import(measured, file);
            stopwatch.Stop();
            output.WriteLine(FormattableString.Invariant($"{stopwatch.Elapsed.TotalMilliseconds:0.0} {PeakBytes()}"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    // Linux: writing 5 to clear_refs resets the peak resident set size (VmHWM) to the current one.
    private static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static long PeakBytes()
    {
        var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
        return line is null
            ? Process.GetCurrentProcess().PeakWorkingSet64
            : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Realistic ledger rows: numbers by year, mostly natural persons, Chinese names and descriptions, 85% closed
    /// within two months with an outcome spread like a county's, dates in 2024.</summary>
    public static IEnumerable<IReadOnlyList<string>> Rows(int count, int seed = 2024)
    {
        var random = new Random(seed);
        string[] surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡"];
        string[] given = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀英", "建华", "国强"];
        string[] topics = ["房屋征收补偿安置方案", "建设用地规划许可证", "环境影响评价批复文件", "道路拓宽工程立项批复", "最低生活保障审批名单", "行政处罚决定书", "财政预算执行情况", "棚户区改造项目补偿标准"];
        string[] outcomes = ["102", "102", "102", "101", "200", "200", "304", "306", "401", "401", "402", "403", "404", "502", "601", "603"];
        string[] types = ["1", "1", "1", "1", "1", "1", "1", "2", "2", "3", "4", "5", "6"];
        var first = new LocalDate(2024, 1, 1);
        for (var i = 1; i <= count; i++)
        {
            var received = first.PlusDays(random.Next(366));
            var closed = random.NextDouble() < 0.85 ? received.PlusDays(random.Next(1, 60)) : (LocalDate?)null;
            if (closed is { Year: > 2024 })
                closed = null;
            yield return
            [
                "", $"2024-{i:D6}", types[random.Next(types.Length)], surnames[random.Next(surnames.Length)] + given[random.Next(given.Length)],
                received.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), closed?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
                closed is null ? "" : outcomes[random.Next(outcomes.Length)], $"承办人{random.Next(1, 12)}",
                $"申请公开{2015 + random.Next(10)}年{topics[random.Next(topics.Length)]}及相关附件（第{random.Next(1, 400)}号）",
            ];
        }
    }
}

/// <summary>The .xlsx reader before issue 14 item 5 (the whole worksheet and shared-string table loaded as documents),
/// kept ONLY as the same-run "before" of <c>caseflow bench import</c>; the import uses the streamed
/// <see cref="LedgerFiles.ReadXlsx"/>.</summary>
internal static class DomXlsx
{
    public static LedgerSheet Read(string path)
    {
        using var document = SpreadsheetDocument.Open(path, isEditable: false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().First();
        var part = (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        var byRow = new SortedDictionary<int, SortedDictionary<int, string>>();
        foreach (var row in part.Worksheet.Descendants<Row>())
        {
            var cells = byRow[(int)(row.RowIndex?.Value ?? (uint)(byRow.Count + 1))] = new SortedDictionary<int, string>();
            var next = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                var column = cell.CellReference?.Value is { } reference ? reference.TakeWhile(char.IsLetter).Aggregate(0, (n, c) => n * 26 + (char.ToUpperInvariant(c) - 'A' + 1)) - 1 : next;
                next = column + 1;
                cells[column] = cell.DataType?.Value == CellValues.SharedString ? shared[int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)]
                    : cell.DataType?.Value == CellValues.InlineString ? SpreadsheetText.Unescape(cell.InlineString?.InnerText ?? "") : cell.CellValue?.Text ?? "";
            }
        }
        var headerCells = byRow[1];
        var width = headerCells.Keys.Max() + 1;
        var headers = Enumerable.Range(0, width).Select(i => headerCells.GetValueOrDefault(i, "")).ToList();
        var rows = byRow.Where(r => r.Key > 1).Select(r => (r.Key, (IReadOnlyList<string?>)Enumerable.Range(0, width).Select(i => r.Value.GetValueOrDefault(i)).ToList())).ToList();
        return new LedgerSheet(headers, rows);
    }
}
