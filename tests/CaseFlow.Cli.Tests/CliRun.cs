using CaseFlow.Cli;

namespace CaseFlow.Cli.Tests;

/// <summary>Runs <c>caseflow</c> in-process with captured streams.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static CliRun WithInput(string stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = CliApp.Run(args, new CliConsole(new StringReader(stdin), output, error));
        return new CliRun(exit, output.ToString(), error.ToString());
    }

    public static CliRun Of(params string[] args) => WithInput("", args);

    public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
