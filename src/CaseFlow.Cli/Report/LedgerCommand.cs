using System.CommandLine;
using CaseFlow.Persistence.Reporting;
using NodaTime;

namespace CaseFlow.Cli.Report;

/// <summary><c>caseflow ledger import</c> and <c>caseflow ledger export</c>: the agency's spreadsheet register (台账) in the
/// format of <c>workflows/reporting/ledger-format.md</c>.</summary>
public static class LedgerCommand
{
    public static Command Create(CliConsole console, IClock clock)
    {
        var import = new Command("import", "导入台账 / import a ledger (.csv or .xlsx); any invalid row refuses the whole file");
        var importFile = new Option<string?>("--file") { Description = "the ledger file, .csv or .xlsx" };
        var importAgency = new Option<string?>("--agency") { Description = "机关代码 of every row (else each row names its agency)" };
        var importDatabase = new CliDatabase();
        import.Options.Add(importFile);
        import.Options.Add(importAgency);
        importDatabase.AddTo(import);
        import.SetAction(async (parse, _) =>
        {
            const string name = "ledger import";
            var file = File(parse.GetValue(importFile), name, mustExist: true);
            var agency = ReportCommand.Agency(parse.GetValue(importAgency), name, required: false);
            var database = await importDatabase.OpenAsync(parse, name, clock);
            try
            {
                var imported = await Ledger.ImportAsync(database, file, agency, clock);
                console.Out.WriteLine($"{imported.Count} requests imported from {Path.GetFileName(file)} (batch {imported.Batch})");
                return 0;
            }
            catch (LedgerRefusedException e)
            {
                throw new CliInputException(name, $"--file: {e.Message}");
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
            console.Out.WriteLine($"{count} requests received in {year} written to {file}");
            return 0;
        });

        return new Command("ledger", "台账 / the ledger of requests") { import, export };
    }

    private static string File(string? path, string command, bool mustExist)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new CliInputException(command, "--file: is required (.csv or .xlsx)");
        if (!LedgerFiles.IsCsv(path) && !LedgerFiles.IsXlsx(path))
            throw new CliInputException(command, $"--file: '{path}' must end in .csv or .xlsx");
        if (mustExist && !System.IO.File.Exists(path))
            throw new CliInputException(command, $"--file: '{path}' does not exist");
        if (!mustExist && Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory && !Directory.Exists(directory))
            throw new CliInputException(command, $"--file: the folder '{directory}' does not exist");
        return path;
    }
}
