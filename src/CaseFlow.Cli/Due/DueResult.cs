using System.Text.Json;
using System.Text.Json.Serialization;
using CaseFlow.Domain.Deadlines;

namespace CaseFlow.Cli.Due;

/// <summary>The JSON shape of <c>caseflow due --json</c> and of each <c>--batch</c> result line. Field names are
/// an interface other tools depend on: add fields, never rename them.</summary>
public sealed record DueResult(
    string ReceivedOn,
    string CorrectionNoticeDue,
    string ClockStartsOn,
    string ReplyDue,
    string ReplyDueWithoutExtension,
    int ExtensionDays,
    int PausedWorkingDays,
    bool Provisional,
    IReadOnlyList<DueExcludedSpan> ExcludedSpans,
    string Calendar,
    DueExplanation? Explanation)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static DueResult From(RequestDeadlines d, ClockExplanation? explanation) => new(
        Iso(d.ReceivedOn),
        Iso(d.CorrectionNoticeDue.DueOn),
        Iso(d.ClockStartsOn),
        Iso(d.ReplyDue.DueOn),
        Iso(d.ReplyDueWithoutExtension.DueOn),
        d.ExtensionWorkingDays,
        d.PausedWorkingDays,
        d.Provisional,
        d.Exclusions.Select(e => new DueExcludedSpan(Iso(e.StartOn), Iso(e.EndOn), e.WorkingDays)).ToList(),
        d.CalendarVersion,
        explanation is null ? null : new DueExplanation(explanation.Lines.Select(l => l.Zh).ToList(), explanation.Lines.Select(l => l.En).ToList()));

    private static string Iso(NodaTime.LocalDate date) => date.ToString("uuuu-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record DueExcludedSpan(string From, string To, int WorkingDays);

public sealed record DueExplanation(IReadOnlyList<string> Zh, IReadOnlyList<string> En);

/// <summary>One line of <c>caseflow due --batch</c> input.</summary>
public sealed record DueBatchLine(string? Received, string? Corrected, string[]? Pauses, int? ExtensionDays);
