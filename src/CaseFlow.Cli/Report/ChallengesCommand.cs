using System.CommandLine;
using CaseFlow.Persistence.Reporting;
using NodaTime;

namespace CaseFlow.Cli.Report;

/// <summary><c>caseflow challenges import|export</c>: the reconsiderations and lawsuits of table 四 in bulk (issue 14;
/// format in <c>workflows/reporting/ledger-format.md</c>).</summary>
public static class ChallengesCommand
{
    public static Command Create(CliConsole console, IClock clock)
    {
        var import = new Command("import", "导入行政复议、行政诉讼 / import challenges (.csv or .xlsx); the same (tracking number, kind, filed on) updates the result");
        var importFile = new Option<string?>("--file") { Description = "the challenges file, .csv (UTF-8 or GB18030/GBK) or .xlsx" };
        var importAgency = new Option<string?>("--agency") { Description = "机关代码 / agency code (required)" };
        var errorsFile = new Option<string?>("--errors-file") { Description = "write every problem, one per line with its row, to this file" };
        var importDatabase = new CliDatabase();
        import.Options.Add(importFile);
        import.Options.Add(importAgency);
        import.Options.Add(errorsFile);
        importDatabase.AddTo(import);
        import.SetAction(async (parse, _) =>
        {
            const string name = "challenges import";
            var file = LedgerCommand.File(parse.GetValue(importFile), name, mustExist: true);
            var agency = ReportCommand.Agency(parse.GetValue(importAgency), name, required: true)!;
            var errors = LedgerCommand.ErrorsFile(parse.GetValue(errorsFile), name);
            var database = await importDatabase.OpenAsync(parse, name, clock);
            if (!await ReportCommand.AgencyExistsAsync(database, agency))
                throw new CliInputException(name, $"--agency: 机关 '{agency}' 未登记 / agency '{agency}' is not registered");
            try
            {
                var imported = await Challenges.ImportAsync(database, file, agency, Environment.UserName, clock);
                console.Out.WriteLine(imported.Summary);
                console.Out.WriteLine($"批次 / batch {imported.Batch} ({Path.GetFileName(file)}; {imported.Unchanged} unchanged)");
                return 0;
            }
            catch (LedgerRefusedException e)
            {
                throw LedgerCommand.Refused(name, e, errors, console);
            }
        });

        var export = new Command("export", "导出行政复议、行政诉讼 / export the agency's challenges in the import format");
        var exportAgency = new Option<string?>("--agency") { Description = "机关代码 / agency code (required)" };
        var exportYear = new Option<string?>("--year") { Description = "only those filed in this year (default: all)" };
        var exportFile = new Option<string?>("--file") { Description = "the file to write, .csv or .xlsx" };
        var exportDatabase = new CliDatabase();
        export.Options.Add(exportAgency);
        export.Options.Add(exportYear);
        export.Options.Add(exportFile);
        exportDatabase.AddTo(export);
        export.SetAction(async (parse, _) =>
        {
            const string name = "challenges export";
            var agency = ReportCommand.Agency(parse.GetValue(exportAgency), name, required: true)!;
            int? year = parse.GetValue(exportYear) is { } y ? ReportCommand.Year(y, name, clock) : null;
            var file = LedgerCommand.File(parse.GetValue(exportFile), name, mustExist: false);
            var database = await exportDatabase.OpenAsync(parse, name, clock);
            var count = await Challenges.ExportAsync(database, agency, year, file);
            console.Out.WriteLine($"行政复议、行政诉讼{count}件已写入 {file} / {count} challenges written to {file}");
            return 0;
        });

        return new Command("challenges", "行政复议、行政诉讼（表四） / reconsiderations and lawsuits (table 四)") { import, export, CliText.EnglishOption() };
    }
}
