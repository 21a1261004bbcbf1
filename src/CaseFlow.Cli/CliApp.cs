using System.CommandLine;
using CaseFlow.Cli.Due;

namespace CaseFlow.Cli;

/// <summary>The <c>caseflow</c> command. Bad input exits 2 with one line on standard error naming the field.</summary>
public static class CliApp
{
    public const int BadInput = 2;

    public static int Run(string[] args, CliConsole console)
    {
        // report, ledger and challenges: Chinese first, English only with --english (Report.CliText).
        var english = Report.CliText.IsEnglish(args);
        var books = Report.CliText.For(console, english);
        var root = new RootCommand("CaseFlow — 政府信息公开申请办理 / government information request handling")
        {
            DueCommand.Create(console),
            Bench.BenchCommand.Create(console),
            Report.ReportCommand.Create(books, NodaTime.SystemClock.Instance),
            Report.LedgerCommand.Create(books, NodaTime.SystemClock.Instance),
            Report.ChallengesCommand.Create(books, NodaTime.SystemClock.Instance),
            Worker.WorkerCommand.Create(console),
            Integrator.IntegratorCommand.Create(console),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var command = parse.CommandResult.Command is RootCommand ? "caseflow" : $"caseflow {parse.CommandResult.Command.Name}";
            console.Error.WriteLine($"{command}: {parse.Errors[0].Message}");
            return BadInput;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false,
                // SIGTERM belongs to the command: `worker` stops its host gracefully, the others end at once.
                ProcessTerminationTimeout = null,
            });
        }
        catch (DueInputException e)
        {
            console.Error.WriteLine($"caseflow due: {e.Message}");
            return BadInput;
        }
        catch (CliInputException e)
        {
            console.Error.WriteLine($"caseflow {e.Command}: {(english ? Report.CliText.English(e.Message) : e.Message)}");
            return BadInput;
        }
    }
}
