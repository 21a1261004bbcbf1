using CaseFlow.Domain.Deadlines;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Audit;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using NodaTime;

namespace CaseFlow.Web.Requests;

/// <summary>Everything the request page and the API show about one request.</summary>
public sealed record RequestView(
    RequestRow Row, DisclosureRequestState State, IReadOnlyList<AuditEntry> Audit, IReadOnlyList<AttachmentInfo> Attachments,
    ClockExplanation? Clock, int? WorkingDaysLeft, LocalDate Today)
{
    /// <summary>Overdue (督办) as every list and count shows it: from the clock state the workflow stored (clock running,
    /// reply due date in force) by <see cref="ReplyClockStatus.IsOverdue"/>, not the flag the reply-due timer sets later.</summary>
    public bool Overdue => Row.ClosedOn is null && ReplyClockStatus.IsOverdue(Row.ClockRunning, Row.ReplyDueOn, Today);
}

/// <summary>Reads a request for a signed-in user: a request of another agency is not found, never forbidden, so that
/// its existence is not revealed.</summary>
public sealed class RequestReader(Database database, CalendarCatalog calendars, IClock clock)
{
    public LocalDate Today => ChinaTime.Today(clock);

    public async Task<RequestView?> FindAsync(Guid id, string agencyCode)
    {
        await using var connection = await database.OpenAsync();
        var row = await Dapper.SqlMapper.QuerySingleOrDefaultAsync<RequestRow>(connection, RequestStore.SelectById, new { Id = id.ToString() });
        if (row is null || row.AgencyCode != agencyCode)
            return null;
        var state = SagaJson.FromRow(row);
        var audit = await AuditTrail.ForRequestAsync(connection, id);
        var attachments = await Attachments.ForRequestAsync(connection, id);
        var statutory = calendars.ClockFor(state.CalendarId);
        var today = Today;
        ClockExplanation? explanation = state.ReceivedOn is null ? null : statutory.Explain(state.ClockEvents(), asOf: today);
        // Only a running clock has reply days running down (ReplyClockStatus, stored by the workflow): not while awaiting
        // correction (Art. 30), consulting a third party or another agency (Art. 33 ¶3) or awaiting a fee (Art. 42).
        int? left = row.ReplyDueOn is { } due && row.ClosedOn is null && row.ClockRunning ? statutory.WorkingDaysLeft(today, due) : null;
        return new RequestView(row, state, audit, attachments, explanation, left, today);
    }
}

/// <summary>Personal data shown only where needed (lists, logs and the public page get the masked form).</summary>
public static class Masking
{
    /// <summary>13877101234 → 138****1234.</summary>
    public static string Phone(string phone)
    {
        var digits = phone.Trim();
        return digits.Length < 7 ? new string('*', digits.Length) : $"{digits[..3]}****{digits[^4..]}";
    }

    /// <summary>居民身份证 450103198501011234 → 居民身份证 4501**********1234: the kind stays, the number is hidden.</summary>
    public static string IdDocument(string document)
    {
        var space = document.LastIndexOf(' ');
        var (kind, number) = space < 0 ? ("", document) : (document[..(space + 1)], document[(space + 1)..]);
        return number.Length <= 8 ? kind + new string('*', number.Length) : $"{kind}{number[..4]}{new string('*', number.Length - 8)}{number[^4..]}";
    }

    /// <summary>张三丰 → 张**; a company name stays whole (it is not personal data). Counted in text elements, not UTF-16
    /// units: 𠮷田 (𠮷 outside the Basic Multilingual Plane) → 𠮷*, never half a surrogate pair.</summary>
    public static string Name(string name, bool naturalPerson)
    {
        var length = new System.Globalization.StringInfo(name).LengthInTextElements;
        return !naturalPerson || length <= 1 ? name : System.Globalization.StringInfo.GetNextTextElement(name) + new string('*', length - 1);
    }
}
