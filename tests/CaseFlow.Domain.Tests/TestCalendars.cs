using CaseFlow.Domain.Calendar;
using CaseFlow.Domain.Deadlines;

namespace CaseFlow.Domain.Tests;

/// <summary>The real calendar files of <c>workflows/calendars</c>, copied next to the test assembly.</summary>
public static class TestCalendars
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "calendars");

    private static readonly Lazy<WorkingCalendar> LazyNational = new(() => WorkingCalendar.Load(Directory, "cn"));

    public static WorkingCalendar National => LazyNational.Value;

    public static StatutoryClock Clock { get; } = new(National);
}
