using CaseFlow.Domain.Deadlines;
using NodaTime;
using NodaTime.Text;

namespace CaseFlow.Cli.Due;

/// <summary>Bad input for <c>caseflow due</c>: the field (flag or JSON key) and what is wrong with it.</summary>
public sealed class DueInputException(string field, string message) : Exception($"{field}: {message}")
{
    public string Field { get; } = field;
}

/// <summary>Turns the raw strings of the command line or of a batch line into <see cref="ClockEvents"/>.</summary>
public static class DueInput
{
    public static ClockEvents Parse(string? received, string? corrected, IEnumerable<string> pauses, int? extensionDays, string receivedField = "--received",
        string correctedField = "--corrected", string pauseField = "--pause", string extensionField = "--extension-days")
    {
        if (string.IsNullOrWhiteSpace(received))
            throw new DueInputException(receivedField, "is required (YYYY-MM-DD)");
        var events = new ClockEvents(Date(received, receivedField))
        {
            CorrectedOn = corrected is null ? null : Date(corrected, correctedField),
            ExcludedSpans = pauses.Select(p => Pause(p, pauseField)).ToList(),
            ExtensionWorkingDays = extensionDays ?? 0,
        };
        var fieldNames = new Dictionary<string, string>
        {
            ["received"] = receivedField,
            ["corrected"] = correctedField,
            ["pause"] = pauseField,
            ["extension-days"] = extensionField,
        };
        var error = events.Validate().FirstOrDefault();
        if (error is not null)
            throw new DueInputException(fieldNames[error.Field], error.Message);
        return events;
    }

    private static LocalDate Date(string text, string field)
    {
        var result = LocalDatePattern.Iso.Parse(text.Trim());
        return result.Success ? result.Value : throw new DueInputException(field, $"'{text}' is not a date (YYYY-MM-DD)");
    }

    /// <summary>A consultation sent on A whose last opinion arrived on B: the working days in (A, B] do not count.</summary>
    private static ExcludedSpan Pause(string text, string field)
    {
        var parts = text.Split("..");
        if (parts.Length != 2)
            throw new DueInputException(field, $"'{text}' is not a span A..B (YYYY-MM-DD..YYYY-MM-DD)");
        return new ExcludedSpan(Date(parts[0], field), Date(parts[1], field), ExclusionReason.ThirdPartyConsultation);
    }
}
