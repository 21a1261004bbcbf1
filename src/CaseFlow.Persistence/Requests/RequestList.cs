using System.Data.Common;
using System.Text;
using CaseFlow.Domain.Deadlines;
using CaseFlow.Persistence.Dialects;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Requests;

/// <summary>Which requests a list shows.</summary>
public enum RequestScope
{
    /// <summary>Open requests, most urgent first (reply due date ascending; unconfirmed receipts first).</summary>
    Open,
    /// <summary>Open requests whose reply due date has passed (督办).</summary>
    Overdue,
    /// <summary>Closed requests, most recently closed first.</summary>
    Closed,
    /// <summary>Everything, most recently registered first.</summary>
    All,
}

public sealed record RequestFilter
{
    public required string AgencyCode { get; init; }
    public RequestScope Scope { get; init; } = RequestScope.Open;
    public string? State { get; init; }
    public string? Handler { get; init; }
    public int? Channel { get; init; }
    /// <summary>A tracking number (prefix) or part of the applicant's name.</summary>
    public string? Search { get; init; }
    public LocalDate? Today { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;

    /// <summary>The last page a list may ask for (with at most 200 a page: the first 2,000,000 rows); a larger page
    /// number is refused by the API and shown as this page by the workbench, never overflowing the offset.</summary>
    public const int MaxPage = 10_000;
}

/// <summary>One line of the workbench list: promoted columns only, never the JSON.</summary>
public sealed record RequestListItem
{
    public required string Id { get; init; }
    public required string TrackingNumber { get; init; }
    public required string State { get; init; }
    public required string ApplicantName { get; init; }
    public required int ApplicantType { get; init; }
    public required int Channel { get; init; }
    public string? Handler { get; init; }
    public required string Description { get; init; }
    public LocalDate? ReceivedOn { get; init; }
    public LocalDate? ReplyDueOn { get; init; }
    public bool Provisional { get; init; }
    /// <summary>Overdue on the list's day: the clock runs and the reply due date has passed
    /// (<see cref="ReplyClockStatus.IsOverdue"/>; set by <see cref="RequestList.OnDay"/>).</summary>
    public bool Overdue { get; init; }
    /// <summary>The reply clock is running (stored by the workflow, decided by <see cref="ReplyClockStatus"/>).</summary>
    public bool ClockRunning { get; init; }
    /// <summary>While the clock is stopped: since when (or, not yet received, since registration).</summary>
    public LocalDate? StoppedSince { get; init; }
    public int? Outcome { get; init; }
    public LocalDate? ClosedOn { get; init; }
    public Instant RegisteredAt { get; init; }
}

public sealed record RequestPage(IReadOnlyList<RequestListItem> Items, long Total, int Page, int PageSize)
{
    public int Pages => (int)Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>The workbench list. Each scope's full order, tie-break on tracking_number included, follows an index
/// (<c>ix_requests_open_due</c>, <c>ix_requests_agency_received</c>, migration 0014), and the open and overdue lists' totals
/// are stored counts (<see cref="OpenCounts"/>, migration 0032), so a page costs what it shows, not what the agency ever
/// had nor how many requests it has open.</summary>
public static class RequestList
{
    public const string Columns = """
        id, tracking_number, state, applicant_name, applicant_type, channel, handler, description, received_on,
        reply_due_on, provisional, overdue, clock_running, stopped_since, outcome, closed_on, registered_at
        """;

    /// <summary>The items as of <paramref name="today"/>: overdue decided by the domain from the stored clock state (the
    /// stored <c>overdue</c> waits for the reply-due timer).</summary>
    public static List<RequestListItem> OnDay(IEnumerable<RequestListItem> items, LocalDate? today) =>
        items.Select(i => today is { } day
            ? i with { Overdue = i.ClosedOn is null && ReplyClockStatus.IsOverdue(i.ClockRunning, i.ReplyDueOn, day) }
            : i).ToList();

    /// <summary>The page of <paramref name="filter"/> and its total ("共 N 件"). The total of the open list and of the
    /// overdue list without any other filter (state, handler, channel, search) reads the stored counts of open requests
    /// (<see cref="OpenCounts"/>, migration 0032): a primary-key lookup and a range of future due dates, whatever the
    /// agency's open volume. With a filter it stays a <c>COUNT(*)</c> of the filter in the list's index, whose cost follows
    /// the rows the filter matches (a handler's, a state's, a search's), not the whole open list.</summary>
    public static async Task<RequestPage> QueryAsync(DbConnection connection, ISqlDialect dialect, RequestFilter filter)
    {
        var (count, select, parameters, page, size) = Statements(dialect, filter);
        var total = await connection.ExecuteScalarAsync<long>(count, parameters);
        var items = await connection.QueryAsync<RequestListItem>(select, parameters);
        return new RequestPage(OnDay(items, filter.Today), total, page, size);
    }

    /// <summary>The count and the page statement the list runs for <paramref name="filter"/> (benches and plan tests
    /// read them from here, so they time and explain exactly what the page runs). The count is a stored count when
    /// <see cref="HasStoredCount"/>, else <see cref="Recount"/>.</summary>
    public static (string Count, string Select, object Parameters, int Page, int Size) Statements(ISqlDialect dialect, RequestFilter filter)
    {
        var (where, parameters, page, size) = Where(filter);
        var count = !HasStoredCount(filter) ? $"SELECT COUNT(*) FROM requests WHERE {where}"
            : filter.Scope == RequestScope.Open ? OpenCounts.SelectOpen : OpenCounts.SelectOverdue;
        return (count, $"SELECT {Columns} FROM requests WHERE {where}{Order(filter.Scope)}{dialect.Page}", parameters, page, size);
    }

    /// <summary>Whether the list's total is read from the stored counts of open requests: the open or overdue list of the
    /// agency with no other filter.</summary>
    public static bool HasStoredCount(RequestFilter filter) =>
        filter.Scope is RequestScope.Open or RequestScope.Overdue
        && string.IsNullOrEmpty(filter.State) && string.IsNullOrEmpty(filter.Handler) && filter.Channel is null
        && string.IsNullOrWhiteSpace(filter.Search);

    /// <summary><c>SELECT COUNT(*)</c> of the list's filter and its parameters: what the total must always equal (tested on
    /// every database), and the total itself when the list has no stored count.</summary>
    public static (string Sql, object Parameters) Recount(RequestFilter filter)
    {
        var (where, parameters, _, _) = Where(filter);
        return ($"SELECT COUNT(*) FROM requests WHERE {where}", parameters);
    }

    private static string Order(RequestScope scope) => scope switch
    {
        RequestScope.Open => " ORDER BY reply_due_on, tracking_number",
        RequestScope.Overdue => " ORDER BY reply_due_on, tracking_number",
        RequestScope.Closed => " ORDER BY closed_on DESC, tracking_number DESC",
        _ => " ORDER BY registered_at DESC, tracking_number DESC",
    };

    private static (string Where, object Parameters, int Page, int Size) Where(RequestFilter filter)
    {
        var where = new StringBuilder("agency_code = @AgencyCode");
        switch (filter.Scope)
        {
            case RequestScope.Open:
                where.Append(" AND closed_on IS NULL");
                break;
            case RequestScope.Overdue:
                // Overdue = the stored fact "clock running" (ReplyClockStatus) and a due date before today: exact on any
                // day, also before the reply-due timer has fired; a stopped clock's date is not in force.
                where.Append(" AND closed_on IS NULL AND clock_running = '1' AND reply_due_on < @Today");
                break;
            case RequestScope.Closed:
                where.Append(" AND closed_on IS NOT NULL");
                break;
        }
        if (!string.IsNullOrEmpty(filter.State))
            where.Append(" AND state = @State");
        if (!string.IsNullOrEmpty(filter.Handler))
            where.Append(" AND handler = @Handler");
        if (filter.Channel is not null)
            where.Append(" AND channel = @Channel");
        string? pattern = null, prefix = null;
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var escaped = filter.Search.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[");
            (pattern, prefix) = ($"%{escaped}%", $"{escaped}%");
            where.Append(@" AND (tracking_number LIKE @Prefix ESCAPE '\' OR applicant_name LIKE @Pattern ESCAPE '\')");
        }
        var page = Math.Clamp(filter.Page, 1, RequestFilter.MaxPage);
        var size = Math.Clamp(filter.PageSize, 1, 200);
        var parameters = new
        {
            filter.AgencyCode, filter.State, filter.Handler, filter.Channel, Pattern = pattern, Prefix = prefix,
            Today = filter.Today ?? new LocalDate(1, 1, 1), Skip = (page - 1) * size, Take = size,
        };
        return (where.ToString(), parameters, page, size);
    }

    /// <summary>The workbench's handler filter choices: the agency's caseworkers and supervisors (ix_users_agency), so
    /// the filter costs the same however many requests the agency ever had.</summary>
    public const string SelectHandlers = """
        SELECT user_name FROM users WHERE agency_code = @AgencyCode AND role IN ('caseworker', 'supervisor') ORDER BY user_name
        """;

    public static async Task<IReadOnlyList<string>> HandlersAsync(DbConnection connection, string agencyCode) =>
        (await connection.QueryAsync<string>(SelectHandlers, new { AgencyCode = agencyCode })).ToList();

    /// <summary>Requests of the same applicant registered since @Since: the duplicate warning at registration compares
    /// their descriptions.</summary>
    public const string SelectRecentByApplicant = """
        SELECT id, tracking_number, description FROM requests
        WHERE agency_code = @AgencyCode AND applicant_name = @ApplicantName AND registered_at >= @Since
        ORDER BY registered_at DESC
        """;

    public static async Task<IReadOnlyList<(string Id, string TrackingNumber, string Description)>> RecentByApplicantAsync(
        DbConnection connection, string agencyCode, string applicantName, Instant since) =>
        (await connection.QueryAsync<(string, string, string)>(SelectRecentByApplicant,
            new { AgencyCode = agencyCode, ApplicantName = applicantName, Since = since })).ToList();

    /// <summary>Public status lookup (查询办理进度): by tracking number, across agencies; the caller matches the phone.</summary>
    public const string SelectByTrackingNumber = "SELECT id, agency_code, data FROM requests WHERE tracking_number = @TrackingNumber";

    public static async Task<IReadOnlyList<(string Id, string AgencyCode, string Data)>> ByTrackingNumberAsync(DbConnection connection, string trackingNumber) =>
        (await connection.QueryAsync<(string, string, string)>(SelectByTrackingNumber, new { TrackingNumber = trackingNumber })).ToList();
}
