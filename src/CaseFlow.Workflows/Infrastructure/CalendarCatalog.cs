using System.Collections.Concurrent;
using CaseFlow.Domain.Calendar;
using CaseFlow.Domain.Deadlines;

namespace CaseFlow.Workflows.Infrastructure;

/// <summary>The loaded calendars, one statutory clock per calendar id (<c>cn</c>, <c>cn+gx</c>, …).</summary>
public sealed class CalendarCatalog(string directory)
{
    private readonly ConcurrentDictionary<string, StatutoryClock> _clocks = new(StringComparer.Ordinal);

    public string Directory { get; } = directory;

    public StatutoryClock ClockFor(string calendarId) =>
        _clocks.GetOrAdd(calendarId, id => new StatutoryClock(WorkingCalendar.Load(Directory, id)));

    /// <summary>The calendar ids an agency can be given (<c>cn</c>, <c>cn+gx</c>).</summary>
    public IReadOnlyList<string> Selectable => WorkingCalendar.Selectable(Directory);
}
