using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace CaseFlow.Domain.Calendar;

/// <summary>A legal source of a calendar year: the notice's title and, where known, its address.</summary>
public sealed record CalendarNotice(string Title, string? Url);

/// <summary>One day the notice settles: a day off (<see cref="IsOffDay"/>) or a make-up working day.</summary>
public sealed record CalendarEntry(LocalDate Date, bool IsOffDay, string Name);

/// <summary>The parsed content of one calendar file: one calendar (national or an overlay) for one year.</summary>
/// <remarks>Format documented in <c>workflows/calendars/README.md</c>.</remarks>
public sealed record CalendarYear(
    string CalendarId,
    string? Overlays,
    int Year,
    IReadOnlyList<CalendarNotice> Notices,
    IReadOnlyList<CalendarEntry> Entries);

/// <summary>A calendar file that breaks the documented format.</summary>
public sealed class CalendarFormatException(string source, int line, string message)
    : FormatException($"{source}:{line}: {message}")
{
    public string FileName { get; } = source;
    public int Line { get; } = line;
}

/// <summary>Reads the calendar file format of <c>workflows/calendars/README.md</c>.</summary>
public static class CalendarFile
{
    private static readonly LocalDatePattern IsoDate = LocalDatePattern.Iso;

    public static CalendarYear Parse(string text, string source)
    {
        string? calendarId = null, overlays = null;
        int? year = null;
        var notices = new List<CalendarNotice>();
        var entries = new List<CalendarEntry>();
        var seen = new HashSet<LocalDate>();
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = StripComment(rawLine).Trim();
            if (line.Length == 0)
                continue;
            var (keyword, rest) = SplitFirst(line);
            switch (keyword)
            {
                case "calendar":
                    calendarId = RequireValue(rest, source, lineNumber, keyword);
                    break;
                case "overlays":
                    overlays = RequireValue(rest, source, lineNumber, keyword);
                    break;
                case "year":
                    if (!int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y < 1949 || y > 2200)
                        throw new CalendarFormatException(source, lineNumber, $"'year' must be a four-digit year, not '{rest}'.");
                    year = y;
                    break;
                case "notice":
                    var title = RequireValue(rest, source, lineNumber, keyword);
                    var (first, tail) = SplitLast(title);
                    notices.Add(tail.StartsWith("http", StringComparison.Ordinal) ? new CalendarNotice(first, tail) : new CalendarNotice(title, null));
                    break;
                case "off":
                case "work":
                    var (range, name) = SplitFirst(rest);
                    if (name.Length == 0)
                        throw new CalendarFormatException(source, lineNumber, $"'{keyword}' needs a date or range and a name.");
                    foreach (var date in ParseRange(range, source, lineNumber))
                    {
                        if (!seen.Add(date))
                            throw new CalendarFormatException(source, lineNumber, $"{date:uuuu-MM-dd} is listed twice.");
                        entries.Add(new CalendarEntry(date, keyword == "off", name));
                    }
                    break;
                default:
                    throw new CalendarFormatException(source, lineNumber, $"unknown keyword '{keyword}' (expected calendar, overlays, year, notice, off or work).");
            }
        }

        if (calendarId is null)
            throw new CalendarFormatException(source, lineNumber, "missing 'calendar' line.");
        if (year is null)
            throw new CalendarFormatException(source, lineNumber, "missing 'year' line.");
        if (notices.Count == 0)
            throw new CalendarFormatException(source, lineNumber, "missing 'notice' line: every calendar year cites its legal source.");
        entries.Sort((a, b) => a.Date.CompareTo(b.Date));
        return new CalendarYear(calendarId, overlays, year.Value, notices, entries);
    }

    private static IEnumerable<LocalDate> ParseRange(string range, string source, int line)
    {
        var parts = range.Split("..");
        if (parts.Length > 2)
            throw new CalendarFormatException(source, line, $"'{range}' is not a date or a range A..B.");
        var from = ParseDate(parts[0], source, line);
        var to = parts.Length == 2 ? ParseDate(parts[1], source, line) : from;
        if (to < from)
            throw new CalendarFormatException(source, line, $"range '{range}' ends before it starts.");
        for (var d = from; d <= to; d = d.PlusDays(1))
            yield return d;
    }

    private static LocalDate ParseDate(string text, string source, int line)
    {
        var result = IsoDate.Parse(text);
        return result.Success ? result.Value : throw new CalendarFormatException(source, line, $"'{text}' is not a date (YYYY-MM-DD).");
    }

    private static string StripComment(string line)
    {
        var hash = line.IndexOf('#');
        return hash < 0 ? line : line[..hash];
    }

    private static (string Head, string Tail) SplitFirst(string text)
    {
        var i = text.IndexOfAny([' ', '\t']);
        return i < 0 ? (text, "") : (text[..i], text[(i + 1)..].Trim());
    }

    private static (string Init, string Last) SplitLast(string text)
    {
        var i = text.LastIndexOfAny([' ', '\t']);
        return i < 0 ? (text, "") : (text[..i].Trim(), text[(i + 1)..]);
    }

    private static string RequireValue(string value, string source, int line, string keyword) =>
        value.Length > 0 ? value : throw new CalendarFormatException(source, line, $"'{keyword}' needs a value.");
}
