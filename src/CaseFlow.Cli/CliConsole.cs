namespace CaseFlow.Cli;

/// <summary>The streams a command reads and writes, so tests can run the CLI in-process.</summary>
public sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error)
{
    public static CliConsole System { get; } = new(Console.In, Console.Out, Console.Error);
}
