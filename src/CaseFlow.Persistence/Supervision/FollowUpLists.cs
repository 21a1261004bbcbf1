using System.Data.Common;
using CaseFlow.Persistence.Audit;
using CaseFlow.Persistence.Requests;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Supervision;

/// <summary>The 督办 lists.</summary>
public enum FollowUpList
{
    /// <summary>Open, reply due from today to the end of the agency's warning lead.</summary>
    DueSoon = 1,
    /// <summary>Open and past the reply due date (Art. 33).</summary>
    Overdue = 2,
    /// <summary>Replied in the year after the reply due date.</summary>
    RepliedLate = 3,
}

/// <summary>An in-app reminder from a supervisor to the handler of a request (督办提醒).</summary>
public sealed record Reminder
{
    public long Id { get; init; }
    public required string RequestId { get; init; }
    public required string AgencyCode { get; init; }
    public required string Handler { get; init; }
    public required string Message { get; init; }
    public required string SentBy { get; init; }
    public required Instant SentAt { get; init; }
    public string? TrackingNumber { get; init; }
}

/// <summary>The 督办 lists of one agency, most urgent first, and the supervisor's bulk reminder.</summary>
public static class FollowUpLists
{
    /// <summary>The most rows an export of one list holds.</summary>
    public const int MaxRows = 100_000;

    /// <summary>Rows on one page of a list.</summary>
    public const int PageSize = 50;

    // Due soon = the stored fact "clock running" (ReplyClockStatus) and the due date in range; a stopped clock has no date in force.
    private const string DueSoonFilter = "agency_code = @AgencyCode AND closed_on IS NULL AND clock_running = '1' AND reply_due_on >= @Today AND reply_due_on <= @Until";

    // Overdue = the stored fact "clock running" (ReplyClockStatus) and a due date before today: exact on any day, also
    // before the reply-due timer fired; a stopped request (correction, consultation, fee, not received) is never listed.
    private const string OverdueFilter = "agency_code = @AgencyCode AND closed_on IS NULL AND clock_running = '1' AND reply_due_on < @Today";

    private const string RepliedLateFilter = "agency_code = @AgencyCode AND closed_on >= @From AND closed_on <= @To AND close_reason = 1 AND on_time = '0'";

    /// <summary>Open requests whose reply clock runs, due between @Today and @Until (the warning lead's last day). One range
    /// of the partial index ix_requests_running_due (open requests only, migration 0026) serves the filter and the full
    /// order, so a page reads its own rows.</summary>
    public const string SelectDueSoon = $"""
        SELECT {RequestList.Columns} FROM requests
        WHERE {DueSoonFilter}
        ORDER BY reply_due_on, tracking_number
        """;

    /// <summary>Open requests whose reply clock runs and whose reply due date has passed (Art. 33). One range of the partial
    /// index ix_requests_running_due (open requests only, migration 0026) serves the filter and the full order.</summary>
    public const string SelectOverdue = $"""
        SELECT {RequestList.Columns} FROM requests
        WHERE {OverdueFilter}
        ORDER BY reply_due_on, tracking_number
        """;

    /// <summary>Replies served in the period and not on time (the stored decision). Reads ix_requests_replied (migration 0010).</summary>
    public const string SelectRepliedLate = $"""
        SELECT {RequestList.Columns} FROM requests
        WHERE {RepliedLateFilter}
        ORDER BY closed_on DESC, tracking_number
        """;

    /// <summary><see cref="SelectDueSoon"/>'s rows recounted: what the stored count <see cref="OpenCounts.SelectDueSoon"/>
    /// that <see cref="CountAsync"/> reads must always equal (tested on every database).</summary>
    public const string RecountDueSoon = $"SELECT COUNT(*) FROM requests WHERE {DueSoonFilter}";

    /// <summary><see cref="SelectOverdue"/>'s rows recounted: what the stored count <see cref="OpenCounts.SelectOverdue"/>
    /// that <see cref="CountAsync"/> reads must always equal (tested on every database).</summary>
    public const string RecountOverdue = $"SELECT COUNT(*) FROM requests WHERE {OverdueFilter}";

    /// <summary>How many requests <see cref="SelectRepliedLate"/> lists.</summary>
    public const string CountRepliedLate = $"SELECT COUNT(*) FROM requests WHERE {RepliedLateFilter}";

    /// <summary>Rows <paramref name="skip"/> to <paramref name="skip"/> + <paramref name="take"/> of one agency's list, most
    /// urgent first (the order is total: the tracking number breaks ties).</summary>
    public static async Task<IReadOnlyList<RequestListItem>> QueryAsync(DbConnection connection, string dialectPage, FollowUpList list, string agencyCode,
        LocalDate today, LocalDate until, LocalDate from, LocalDate to, int take = MaxRows, int skip = 0)
    {
        var sql = list switch
        {
            FollowUpList.DueSoon => SelectDueSoon,
            FollowUpList.Overdue => SelectOverdue,
            _ => SelectRepliedLate,
        };
        return RequestList.OnDay(await connection.QueryAsync<RequestListItem>(sql + dialectPage,
            new { AgencyCode = agencyCode, Today = today, Until = until, From = from, To = to, Skip = skip, Take = take }), today);
    }

    /// <summary>How many rows one agency's list holds. Overdue and due soon read the stored counts of open requests
    /// (<see cref="OpenCounts"/>, migration 0032: the agency's row and a range of future due dates), whatever the agency's
    /// open volume; replied late counts the period's late replies in ix_requests_replied.</summary>
    public static async Task<int> CountAsync(DbConnection connection, FollowUpList list, string agencyCode, LocalDate today, LocalDate until, LocalDate from, LocalDate to) =>
        (int)(list switch
        {
            FollowUpList.DueSoon => await OpenCounts.DueSoonAsync(connection, agencyCode, today, until),
            FollowUpList.Overdue => await OpenCounts.OverdueAsync(connection, agencyCode, today),
            _ => await connection.ExecuteScalarAsync<long>(CountRepliedLate, new { AgencyCode = agencyCode, From = from, To = to }),
        });

    /// <summary><see cref="CountAsync"/> recounted from the rows with the list's own filter.</summary>
    public static async Task<int> RecountAsync(DbConnection connection, FollowUpList list, string agencyCode, LocalDate today, LocalDate until, LocalDate from, LocalDate to)
    {
        var sql = list switch
        {
            FollowUpList.DueSoon => RecountDueSoon,
            FollowUpList.Overdue => RecountOverdue,
            _ => CountRepliedLate,
        };
        return (int)await connection.ExecuteScalarAsync<long>(sql, new { AgencyCode = agencyCode, Today = today, Until = until, From = from, To = to });
    }

    /// <summary>One agency's part of a list shown agency after agency: its code, the dates its list is taken with.</summary>
    public sealed record Part(string AgencyCode, LocalDate Until);

    /// <summary>Page <paramref name="page"/> (from 1) of the lists of <paramref name="parts"/> shown one after the other, in
    /// that order, <paramref name="pageSize"/> rows a page: each agency's list is counted (<see cref="CountAsync"/>), then only the
    /// agencies whose rows fall on the page are read, each from its own offset. Returns the rows with their agency and the
    /// total; a page past the last gives no rows.</summary>
    public static async Task<(IReadOnlyList<(string AgencyCode, RequestListItem Item)> Items, int Total)> PageAsync(DbConnection connection, string dialectPage,
        FollowUpList list, IReadOnlyList<Part> parts, LocalDate today, LocalDate from, LocalDate to, int page, int pageSize = PageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var items = new List<(string, RequestListItem)>();
        long skip = (long)(page - 1) * pageSize;
        var total = 0;
        foreach (var part in parts)
        {
            var count = await CountAsync(connection, list, part.AgencyCode, today, part.Until, from, to);
            total += count;
            var want = pageSize - items.Count;
            if (want > 0 && skip < count)
            {
                var rows = await QueryAsync(connection, dialectPage, list, part.AgencyCode, today, part.Until, from, to, take: want, skip: (int)skip);
                items.AddRange(rows.Select(r => (part.AgencyCode, r)));
            }
            skip = Math.Max(0, skip - count);
        }
        return (items, total);
    }

    public const string SelectForReminder = "SELECT id AS Id, agency_code AS AgencyCode, state AS State, handler AS Handler, tracking_number AS TrackingNumber FROM requests WHERE id = @Id";

    public const string InsertReminder = """
        INSERT INTO reminders (request_id, agency_code, handler, message, sent_by, sent_at)
        VALUES (@RequestId, @AgencyCode, @Handler, @Message, @SentBy, @SentAt)
        """;

    /// <summary>A handler's reminders, newest first. Reads ix_reminders_handler.</summary>
    public const string SelectRemindersFor = """
        SELECT m.id AS Id, m.request_id AS RequestId, m.agency_code AS AgencyCode, m.handler AS Handler, m.message AS Message,
               m.sent_by AS SentBy, m.sent_at AS SentAt, r.tracking_number AS TrackingNumber
        FROM reminders m LEFT JOIN requests r ON r.id = m.request_id
        WHERE m.agency_code = @AgencyCode AND m.handler = @Handler
        ORDER BY m.sent_at DESC
        """;

    private sealed record Target
    {
        public string Id { get; init; } = "";
        public string AgencyCode { get; init; } = "";
        public string State { get; init; } = "";
        public string? Handler { get; init; }
        public string TrackingNumber { get; init; } = "";
    }

    /// <summary>Sends a reminder to the handler of each request and appends one audit entry per request, all in one
    /// transaction. Returns the tracking numbers reminded, or null (nothing written) when a request is not one of
    /// <paramref name="agencyCodes"/>' or has no handler.</summary>
    public static async Task<IReadOnlyList<string>?> RemindAsync(Database database, IReadOnlyCollection<Guid> requestIds,
        IReadOnlySet<string> agencyCodes, string message, string sentBy, Instant sentAt)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        var session = new DbSession(connection, transaction, database.Dialect);
        var reminded = new List<string>();
        foreach (var id in requestIds.Distinct())
        {
            var target = await connection.QuerySingleOrDefaultAsync<Target>(SelectForReminder, new { Id = id.ToString() }, transaction);
            if (target is null || !agencyCodes.Contains(target.AgencyCode) || target.Handler is null)
                return null;
            await connection.ExecuteAsync(InsertReminder, new
            {
                RequestId = target.Id, target.AgencyCode, target.Handler, Message = message, SentBy = sentBy, SentAt = sentAt,
            }, transaction);
            await AuditTrail.AppendAsync(session, new AuditEntry
            {
                RequestId = target.Id, MessageId = Guid.NewGuid().ToString(), OccurredAt = sentAt, Actor = sentBy,
                Activity = "SupervisionReminder", FromState = target.State, ToState = target.State,
                Changes = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["reminder"] = new { before = (string?)null, after = new { handler = target.Handler, message } },
                }),
            });
            reminded.Add(target.TrackingNumber);
        }
        await transaction.CommitAsync();
        return reminded;
    }

    public static async Task<IReadOnlyList<Reminder>> RemindersForAsync(DbConnection connection, string agencyCode, string handler) =>
        (await connection.QueryAsync<Reminder>(SelectRemindersFor, new { AgencyCode = agencyCode, Handler = handler })).ToList();
}
