using System.CommandLine;
using CaseFlow.Persistence.Reporting;
using NodaTime;

namespace CaseFlow.Cli.Report;

/// <summary><c>caseflow ledger import|export|batches|undo</c>: the agency's spreadsheet register (台账) in the format of
/// <c>workflows/reporting/ledger-format.md</c>; every import is a batch that can be listed and undone as a whole.</summary>
public static class LedgerCommand
{
    public static Command Create(CliConsole console, IClock clock)
    {
        var import = new Command("import", "导入台账 / import a ledger (.csv or .xlsx); any invalid row refuses the whole file; rows naming open imported requests update them");
        var importFile = new Option<string?>("--file") { Description = "the ledger file, .csv (UTF-8 or GB18030/GBK) or .xlsx" };
        var importAgency = new Option<string?>("--agency") { Description = "机关代码 of every row (else each row names its agency)" };
        var createAgency = new Option<bool>("--create-agency") { Description = "create an agency the file names that is not registered (else refused)" };
        var errorsFile = new Option<string?>("--errors-file") { Description = "write every problem, one per line with its row, to this file" };
        var importDatabase = new CliDatabase();
        import.Options.Add(importFile);
        import.Options.Add(importAgency);
        import.Options.Add(createAgency);
        import.Options.Add(errorsFile);
        importDatabase.AddTo(import);
        import.SetAction(async (parse, _) =>
        {
            const string name = "ledger import";
            var file = File(parse.GetValue(importFile), name, mustExist: true);
            var agency = ReportCommand.Agency(parse.GetValue(importAgency), name, required: false);
            var errors = ErrorsFile(parse.GetValue(errorsFile), name);
            var database = await importDatabase.OpenAsync(parse, name, clock);
            try
            {
                var imported = await Ledger.ImportAsync(database, file, new LedgerImportOptions
                {
                    AgencyCode = agency, CreateAgency = parse.GetValue(createAgency), ImportedBy = Environment.UserName, FileName = Path.GetFileName(file),
                }, clock);
                console.Out.WriteLine(imported.Summary);
                console.Out.WriteLine($"批次 / batch {imported.Batch} ({Path.GetFileName(file)}; {imported.Unchanged} unchanged)");
                return 0;
            }
            catch (LedgerRefusedException e)
            {
                throw Refused(name, e, errors, console);
            }
        });

        var export = new Command("export", "导出台账 / export the requests received in a year, in the import format");
        var exportYear = new Option<string?>("--year") { Description = "the calendar year of receipt" };
        var exportAgency = new Option<string?>("--agency") { Description = "机关代码 (default: all agencies)" };
        var exportFile = new Option<string?>("--file") { Description = "the file to write, .csv or .xlsx" };
        var exportDatabase = new CliDatabase();
        export.Options.Add(exportYear);
        export.Options.Add(exportAgency);
        export.Options.Add(exportFile);
        exportDatabase.AddTo(export);
        export.SetAction(async (parse, _) =>
        {
            const string name = "ledger export";
            var year = ReportCommand.Year(parse.GetValue(exportYear), name, clock);
            var agency = ReportCommand.Agency(parse.GetValue(exportAgency), name, required: false);
            var file = File(parse.GetValue(exportFile), name, mustExist: false);
            var database = await exportDatabase.OpenAsync(parse, name, clock);
            var count = await Ledger.ExportAsync(database, year, agency, file);
            console.Out.WriteLine($"{year}年收到的申请{count}件已写入 {file} / {count} requests received in {year} written to {file}");
            return 0;
        });

        var batches = new Command("batches", "导入批次 / list the import batches (ledgers and challenges), oldest first");
        var batchesAgency = new Option<string?>("--agency") { Description = "机关代码 (default: all agencies)" };
        var batchesDatabase = new CliDatabase();
        batches.Options.Add(batchesAgency);
        batchesDatabase.AddTo(batches);
        batches.SetAction(async (parse, _) =>
        {
            const string name = "ledger batches";
            var agency = ReportCommand.Agency(parse.GetValue(batchesAgency), name, required: false);
            var database = await batchesDatabase.OpenAsync(parse, name, clock);
            foreach (var b in await ImportBatches.ListAsync(database, agency))
                console.Out.WriteLine($"{b.Id}  {b.ImportedAt}  {b.AgencyCode}  {b.Kind}  {b.FileName}  {b.Imported} imported, {b.Updated} updated  {b.ImportedBy}" +
                                      (b.UndoneAt is { } u ? $"  已撤销 / undone {u} by {b.UndoneBy}" : ""));
            return 0;
        });

        var undo = new Command("undo", "撤销导入批次 / undo an import batch as a whole (refused when a later batch changed its rows or a locked year would change)");
        var undoBatch = new Option<string?>("--batch") { Description = "the batch id (caseflow ledger batches)" };
        var undoDatabase = new CliDatabase();
        undo.Options.Add(undoBatch);
        undoDatabase.AddTo(undo);
        undo.SetAction(async (parse, _) =>
        {
            const string name = "ledger undo";
            var id = parse.GetValue(undoBatch);
            if (string.IsNullOrWhiteSpace(id))
                throw new CliInputException(name, "--batch: 必填 / is required (caseflow ledger batches lists the ids)");
            if (!Guid.TryParse(id, out var batch))
                throw new CliInputException(name, $"--batch: '{id}' 不是批次编号 / is not a batch id");
            var database = await undoDatabase.OpenAsync(parse, name, clock);
            try
            {
                var undone = await ImportBatches.UndoAsync(database, batch.ToString(), Environment.UserName, clock);
                console.Out.WriteLine($"批次 / batch {undone.Id} undone: {undone.Imported} removed, {undone.Updated} restored");
                return 0;
            }
            catch (BatchRefusedException e)
            {
                throw new CliInputException(name, $"--batch: {e.Message}");
            }
        });

        return new Command("ledger", "台账 / the ledger of requests") { import, export, batches, undo, CliText.EnglishOption() };
    }

    /// <summary>The one line a refused file gives, after writing every problem to <paramref name="errorsFile"/>.</summary>
    internal static CliInputException Refused(string command, LedgerRefusedException e, string? errorsFile, CliConsole console)
    {
        if (errorsFile is not null)
        {
            var english = CliText.IsEnglish(console);
            System.IO.File.WriteAllLines(errorsFile, english ? e.Errors.Select(CliText.English) : e.Errors, new System.Text.UTF8Encoding(true));
            return new CliInputException(command, $"--file: 共{e.Errors.Count}个问题，未导入任何数据，全部问题已写入 {errorsFile} / {e.Errors.Count} problem(s), nothing imported, every problem written to {errorsFile}");
        }
        return new CliInputException(command, $"--file: {e.Message}");
    }

    internal static string? ErrorsFile(string? path, string command)
    {
        if (path is null)
            return null;
        if (string.IsNullOrWhiteSpace(path))
            throw new CliInputException(command, "--errors-file: 须为文件路径 / must be a file path");
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory && !Directory.Exists(directory))
            throw new CliInputException(command, $"--errors-file: 文件夹 '{directory}' 不存在 / the folder '{directory}' does not exist");
        return path;
    }

    internal static string File(string? path, string command, bool mustExist)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new CliInputException(command, "--file: 必填（.csv 或 .xlsx） / is required (.csv or .xlsx)");
        if (!LedgerFiles.IsCsv(path) && !LedgerFiles.IsXlsx(path))
            throw new CliInputException(command, $"--file: '{path}' 须为 .csv 或 .xlsx / must end in .csv or .xlsx");
        if (mustExist && !System.IO.File.Exists(path))
            throw new CliInputException(command, $"--file: '{path}' 不存在 / does not exist");
        if (!mustExist && Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory && !Directory.Exists(directory))
            throw new CliInputException(command, $"--file: 文件夹 '{directory}' 不存在 / the folder '{directory}' does not exist");
        return path;
    }
}
