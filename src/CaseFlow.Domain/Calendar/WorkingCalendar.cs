using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace CaseFlow.Domain.Calendar;

/// <summary>What kind of day a date is in an agency's calendar.</summary>
public enum DayKind
{
    /// <summary>工作日: Monday–Friday not declared off.</summary>
    WorkingDay,
    /// <summary>周末: Saturday or Sunday not declared a make-up working day.</summary>
    Weekend,
    /// <summary>法定节假日 (or a regional day off): declared off.</summary>
    PublicHoliday,
    /// <summary>调休上班: a Saturday or Sunday declared a working day.</summary>
    MakeUpWorkingDay,
}

/// <summary>An agency's working-day calendar: the national calendar plus at most one regional overlay.</summary>
/// <remarks>
/// <para>A working day is Monday–Friday unless declared a day off, or any day declared a make-up working day
/// (OGI-RULES §1). Years without a loaded file are <em>unsettled</em>: their days are classified by weekday
/// only, and every deadline that touches them is provisional — never silently final.</para>
/// <para>Counting is O(1): each day in the table has the ordinal of working days up to and including it, and
/// each working day ordinal maps back to its date.</para>
/// </remarks>
public sealed class WorkingCalendar
{
    /// <summary>How many years past the last settled year the table reaches (classified provisionally).</summary>
    private const int ProvisionalYearsAhead = 10;

    private readonly LocalDate _origin;
    private readonly int _originDayNumber;
    private readonly DayKind[] _kinds;
    private readonly int[] _ordinalAtOrBefore;
    private readonly LocalDate[] _workingDays;
    private readonly bool[] _settled;
    private readonly Dictionary<LocalDate, string> _names;

    private WorkingCalendar(string id, IReadOnlyList<CalendarYear> sources, int firstYear, int lastYear,
        IReadOnlySet<int> settledYears)
    {
        Id = id;
        Sources = sources;
        SettledYears = settledYears;
        FirstYear = firstYear;
        LastYear = lastYear;
        _origin = new LocalDate(firstYear, 1, 1);
        _originDayNumber = _origin.ToDateOnly().DayNumber;
        var days = Period.DaysBetween(_origin, new LocalDate(lastYear, 12, 31)) + 1;
        _kinds = new DayKind[days];
        _ordinalAtOrBefore = new int[days];
        _settled = new bool[lastYear - firstYear + 1];
        _names = [];
        foreach (var year in settledYears)
            _settled[year - firstYear] = true;

        for (var i = 0; i < days; i++)
        {
            var weekday = _origin.PlusDays(i).DayOfWeek;
            _kinds[i] = weekday is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday ? DayKind.Weekend : DayKind.WorkingDay;
        }

        // National entries first, overlay entries after, so a regional day off wins over a national working day.
        foreach (var source in sources.OrderBy(s => s.Overlays is null ? 0 : 1))
        {
            foreach (var entry in source.Entries)
            {
                var index = IndexOf(entry.Date);
                if (index < 0 || index >= days || !settledYears.Contains(entry.Date.Year))
                    continue;
                _kinds[index] = entry.IsOffDay ? DayKind.PublicHoliday
                    : IsWeekend(entry.Date) ? DayKind.MakeUpWorkingDay : DayKind.WorkingDay;
                _names[entry.Date] = entry.Name;
            }
        }

        var working = new List<LocalDate>(days * 3 / 4);
        var count = 0;
        for (var i = 0; i < days; i++)
        {
            if (_kinds[i] is DayKind.WorkingDay or DayKind.MakeUpWorkingDay)
            {
                count++;
                working.Add(_origin.PlusDays(i));
            }
            _ordinalAtOrBefore[i] = count;
        }
        _workingDays = working.ToArray();
        Version = ComputeVersion(id, sources);
    }

    /// <summary>The calendar id: <c>cn</c>, or <c>cn+gx</c> for the national calendar with the gx overlay.</summary>
    public string Id { get; }

    /// <summary>The files the calendar was built from.</summary>
    public IReadOnlyList<CalendarYear> Sources { get; }

    /// <summary>Years whose calendar is loaded (for an overlay calendar: both national and overlay files).</summary>
    public IReadOnlySet<int> SettledYears { get; }

    /// <summary>First and last year the calendar can count in; beyond them it refuses.</summary>
    public int FirstYear { get; }
    public int LastYear { get; }

    /// <summary>A short fingerprint of the loaded facts, recorded with every computed deadline.</summary>
    public string Version { get; }

    public static WorkingCalendar Create(string id, IEnumerable<CalendarYear> national, IEnumerable<CalendarYear>? overlay = null)
    {
        var nationalYears = national.ToList();
        var overlayYears = overlay?.ToList();
        if (nationalYears.Count == 0)
            throw new ArgumentException("A calendar needs at least one national year.", nameof(national));
        var settled = nationalYears.Select(y => y.Year).ToHashSet();
        if (overlayYears is not null)
            settled.IntersectWith(overlayYears.Select(y => y.Year));
        var firstYear = Math.Min(2019, nationalYears.Min(y => y.Year));
        var lastYear = nationalYears.Max(y => y.Year) + ProvisionalYearsAhead;
        var sources = nationalYears.Concat(overlayYears ?? []).OrderBy(y => y.Year).ThenBy(y => y.CalendarId, StringComparer.Ordinal).ToList();
        return new WorkingCalendar(id, sources, firstYear, lastYear, settled);
    }

    /// <summary>Loads <c>cn</c> or <c>cn+gx</c> from a calendars folder laid out as <c>workflows/calendars</c>.</summary>
    public static WorkingCalendar Load(string directory, string calendarId)
    {
        var parts = calendarId.Split('+', StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2 || parts.Any(p => p.Length == 0))
            throw new ArgumentException($"Calendar '{calendarId}' must be a national calendar id, optionally '+' one overlay (e.g. cn or cn+gx).", nameof(calendarId));
        var national = ReadFolder(directory, parts[0]);
        if (national.Any(y => y.Overlays is not null))
            throw new ArgumentException($"Calendar '{parts[0]}' is an overlay; name the national calendar first (e.g. cn+{parts[0]}).", nameof(calendarId));
        List<CalendarYear>? overlay = null;
        if (parts.Length == 2)
        {
            overlay = ReadFolder(directory, parts[1]);
            if (overlay.Any(y => y.Overlays != parts[0]))
                throw new ArgumentException($"Calendar '{parts[1]}' does not overlay '{parts[0]}'.", nameof(calendarId));
        }
        return Create(calendarId, national, overlay);
    }

    /// <summary>The calendar ids (folders) available in a calendars folder.</summary>
    public static IReadOnlyList<string> Available(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetDirectories(directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>The calendar ids an agency can use: each national calendar alone, and each overlay on the national calendar
    /// it adds to (<c>cn</c>, <c>cn+gx</c>). An overlay folder alone is not a calendar.</summary>
    public static IReadOnlyList<string> Selectable(string directory) =>
        Available(directory)
            .Select(id => ReadFolder(directory, id)[0].Overlays is { } national ? $"{national}+{id}" : id)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static List<CalendarYear> ReadFolder(string directory, string id)
    {
        var folder = Path.Combine(directory, id);
        if (!Directory.Exists(folder))
            throw new ArgumentException($"No calendar '{id}' in {directory} (available: {string.Join(", ", Available(directory))}).");
        var years = new List<CalendarYear>();
        foreach (var file in Directory.GetFiles(folder, "*.cal").Order(StringComparer.Ordinal))
        {
            var year = CalendarFile.Parse(File.ReadAllText(file), file);
            if (year.CalendarId != id)
                throw new CalendarFormatException(file, 1, $"declares calendar '{year.CalendarId}' but sits in folder '{id}'.");
            if (Path.GetFileNameWithoutExtension(file) != year.Year.ToString(System.Globalization.CultureInfo.InvariantCulture))
                throw new CalendarFormatException(file, 1, $"declares year {year.Year} but is named {Path.GetFileName(file)}.");
            years.Add(year);
        }
        if (years.Count == 0)
            throw new ArgumentException($"Calendar folder {folder} holds no .cal files.");
        return years;
    }

    public bool IsSettled(int year) => SettledYears.Contains(year);

    public DayKind Classify(LocalDate date) => _kinds[CheckedIndex(date)];

    public bool IsWorkingDay(LocalDate date) => Classify(date) is DayKind.WorkingDay or DayKind.MakeUpWorkingDay;

    /// <summary>The holiday or make-up day's name from the notice, if the date is listed.</summary>
    public string? NameOf(LocalDate date) => _names.GetValueOrDefault(date);

    /// <summary>Number of working days from the calendar's origin up to and including <paramref name="date"/>.</summary>
    public int Ordinal(LocalDate date) => _ordinalAtOrBefore[CheckedIndex(date)];

    /// <summary>The working day whose ordinal is <paramref name="ordinal"/> (1-based).</summary>
    public LocalDate WorkingDayAt(int ordinal)
    {
        if ((uint)(ordinal - 1) >= (uint)_workingDays.Length)
            throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"The deadline falls outside the years this calendar can count ({FirstYear}–{LastYear}).");
        return _workingDays[ordinal - 1];
    }

    /// <summary>The n-th working day strictly after <paramref name="date"/> (n ≥ 1); the date itself never counts.</summary>
    /// <remarks>"自X之日起N个工作日内" (OGI-RULES §2).</remarks>
    public LocalDate AddWorkingDays(LocalDate date, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return n == 0 ? date : WorkingDayAt(Ordinal(date) + n);
    }

    /// <summary>The n-th working day strictly before <paramref name="date"/> (n ≥ 1).</summary>
    public LocalDate SubtractWorkingDays(LocalDate date, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (n == 0)
            return date;
        var before = Ordinal(date) - (IsWorkingDay(date) ? 1 : 0);
        return WorkingDayAt(before - n + 1);
    }

    /// <summary>Working days in (from, to]; negative when <paramref name="to"/> is before <paramref name="from"/>.</summary>
    public int WorkingDaysBetween(LocalDate from, LocalDate to) => Ordinal(to) - Ordinal(from);

    /// <summary>True when any day in (from, to] lies in an unsettled year.</summary>
    public bool TouchesUnsettled(LocalDate from, LocalDate to)
    {
        var first = from is { Month: 12, Day: 31 } ? from.Year + 1 : from.Year;
        for (var year = first; year <= to.Year; year++)
        {
            if ((uint)(year - FirstYear) >= (uint)_settled.Length || !_settled[year - FirstYear])
                return true;
        }
        return false;
    }

    private static bool IsWeekend(LocalDate date) => date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday;

    private int IndexOf(LocalDate date) => date.ToDateOnly().DayNumber - _originDayNumber;

    private int CheckedIndex(LocalDate date)
    {
        var index = IndexOf(date);
        if ((uint)index >= (uint)_kinds.Length)
            throw new ArgumentOutOfRangeException(nameof(date), date, $"{date:uuuu-MM-dd} is outside the years this calendar can count ({FirstYear}–{LastYear}).");
        return index;
    }

    private static string ComputeVersion(string id, IReadOnlyList<CalendarYear> sources)
    {
        var text = new StringBuilder(id);
        foreach (var source in sources)
        {
            text.Append('|').Append(source.CalendarId).Append(source.Year);
            foreach (var entry in source.Entries)
                text.Append(entry.Date.ToString("uuuuMMdd", null)).Append(entry.IsOffDay ? 'o' : 'w');
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
        var years = sources.Select(s => s.Year).Distinct().Order().ToList();
        return $"{id}:{years.First()}-{years.Last()}:{hash}";
    }
}
