namespace CaseFlow.Cli;

/// <summary>Bad input to a command: exits 2 with one line naming the field.</summary>
public sealed class CliInputException(string command, string message) : Exception(message)
{
    public string Command { get; } = command;
}
