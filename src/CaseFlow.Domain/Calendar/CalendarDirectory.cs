namespace CaseFlow.Domain.Calendar;

/// <summary>Finds the calendars folder: <c>CASEFLOW_CALENDARS</c>, else <c>calendars/</c> beside the program,
/// else <c>workflows/calendars</c> in a parent of the working directory (a source checkout).</summary>
public static class CalendarDirectory
{
    public const string EnvironmentVariable = "CASEFLOW_CALENDARS";

    public static string Locate()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
            return configured;
        var besideProgram = Path.Combine(AppContext.BaseDirectory, "calendars");
        if (Directory.Exists(besideProgram))
            return besideProgram;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "workflows", "calendars");
            if (Directory.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException($"No calendars folder found: set {EnvironmentVariable} to a folder laid out like workflows/calendars.");
    }
}
