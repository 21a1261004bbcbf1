using System.Data.Common;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Requests;

/// <summary>One agency's stored totals of open requests (<c>open_counts</c>, migration 0032).</summary>
public sealed record OpenCountRow
{
    public string AgencyCode { get; init; } = "";
    public long OpenRequests { get; init; }
    /// <summary>Clock running (the stored fact, ReplyClockStatus) with a reply due date.</summary>
    public long Running { get; init; }
    /// <summary>No reply due date yet (receipt not confirmed, Art. 31).</summary>
    public long NotYetDue { get; init; }
    /// <summary>Clock stopped with a reply due date (correction Art. 30, consultation Art. 33 ¶3, fee Art. 42).</summary>
    public long Stopped { get; init; }
}

/// <summary>Running open requests of one agency due on one day (<c>running_due_counts</c>, migration 0032).</summary>
public sealed record RunningDueCountRow
{
    public string AgencyCode { get; init; } = "";
    public LocalDate ReplyDueOn { get; init; }
    public long Requests { get; init; }
}

/// <summary>Stored counts of open requests (issue 15 item 3, ADR 0004 "Fourth round"): per agency, the open requests in
/// the three classes the pages filter on (<c>open_counts</c>) and the running ones per reply due date
/// (<c>running_due_counts</c>), kept by triggers on <c>requests</c> in the transaction of every row change (migration
/// 0032). The open list's total, the 督办 overdue and due-soon counts and the dashboard's open by days left read them, so
/// they cost a primary-key lookup and a range of future due dates, not the agency's open volume. They count exactly what
/// the lists' filters select: no rule here, only the stored columns (closed_on, clock_running as ReplyClockStatus decided
/// and the workflow stored, reply_due_on); the recounts below are what they must always equal (tested on every database).</summary>
public static class OpenCounts
{
    /// <summary>How many open requests the agency has: what <c>COUNT(*) … WHERE agency_code = @AgencyCode AND closed_on IS
    /// NULL</c> counts, read from the agency's row.</summary>
    public const string SelectOpen = """
        SELECT COALESCE(MAX(open_requests), 0) FROM open_counts WHERE agency_code = @AgencyCode
        """;

    /// <summary>How many open requests are overdue on @Today: clock running and a reply due date before @Today (Art. 33;
    /// the stored fact of ReplyClockStatus, as the overdue lists filter) = the running ones less those due @Today or later,
    /// so the read visits the agency's row and the future due dates only, however many requests are overdue.</summary>
    public const string SelectOverdue = """
        SELECT COALESCE((SELECT running FROM open_counts WHERE agency_code = @AgencyCode), 0)
             - COALESCE((SELECT CAST(SUM(requests) AS BIGINT) FROM running_due_counts WHERE agency_code = @AgencyCode AND reply_due_on >= @Today), 0)
        """;

    /// <summary>How many open requests are due soon: clock running and a reply due date from @Today to @Until.</summary>
    public const string SelectDueSoon = """
        SELECT COALESCE(CAST(SUM(requests) AS BIGINT), 0) FROM running_due_counts
        WHERE agency_code = @AgencyCode AND reply_due_on >= @Today AND reply_due_on <= @Until
        """;

    /// <summary>The stored totals per agency (rows of zeros left by closed requests are no totals).</summary>
    public const string SelectTotals = """
        SELECT agency_code AS AgencyCode, open_requests AS OpenRequests, running AS Running, not_yet_due AS NotYetDue, stopped AS Stopped
        FROM open_counts
        WHERE open_requests <> 0 OR running <> 0 OR not_yet_due <> 0 OR stopped <> 0
        """;

    /// <summary>The same totals recounted from the request rows, with the predicates the pages use: what
    /// <see cref="SelectTotals"/> must always equal.</summary>
    public const string RecountTotals = """
        SELECT agency_code AS AgencyCode, COUNT(*) AS OpenRequests,
               SUM(CASE WHEN clock_running = '1' AND reply_due_on IS NOT NULL THEN 1 ELSE 0 END) AS Running,
               SUM(CASE WHEN reply_due_on IS NULL THEN 1 ELSE 0 END) AS NotYetDue,
               SUM(CASE WHEN clock_running = '0' AND reply_due_on IS NOT NULL THEN 1 ELSE 0 END) AS Stopped
        FROM requests
        WHERE closed_on IS NULL
        GROUP BY agency_code
        """;

    /// <summary>The stored counts of running open requests per due date (zeros are no count).</summary>
    public const string SelectRunningDue = """
        SELECT agency_code AS AgencyCode, reply_due_on AS ReplyDueOn, requests AS Requests
        FROM running_due_counts
        WHERE requests <> 0
        """;

    /// <summary>The same recounted from the request rows: what <see cref="SelectRunningDue"/> must always equal.</summary>
    public const string RecountRunningDue = """
        SELECT agency_code AS AgencyCode, reply_due_on AS ReplyDueOn, COUNT(*) AS Requests
        FROM requests
        WHERE closed_on IS NULL AND clock_running = '1' AND reply_due_on IS NOT NULL
        GROUP BY agency_code, reply_due_on
        """;

    public static async Task<long> OpenAsync(DbConnection connection, string agencyCode) =>
        await connection.ExecuteScalarAsync<long>(SelectOpen, new { AgencyCode = agencyCode });

    public static async Task<long> OverdueAsync(DbConnection connection, string agencyCode, LocalDate today) =>
        await connection.ExecuteScalarAsync<long>(SelectOverdue, new { AgencyCode = agencyCode, Today = today });

    public static async Task<long> DueSoonAsync(DbConnection connection, string agencyCode, LocalDate today, LocalDate until) =>
        await connection.ExecuteScalarAsync<long>(SelectDueSoon, new { AgencyCode = agencyCode, Today = today, Until = until });

    /// <summary>Stored totals and their recount, each ordered by agency.</summary>
    public static async Task<(IReadOnlyList<OpenCountRow> Stored, IReadOnlyList<OpenCountRow> Recounted)> TotalsAsync(DbConnection connection) =>
        ((await connection.QueryAsync<OpenCountRow>(SelectTotals)).OrderBy(r => r.AgencyCode, StringComparer.Ordinal).ToList(),
         (await connection.QueryAsync<OpenCountRow>(RecountTotals)).OrderBy(r => r.AgencyCode, StringComparer.Ordinal).ToList());

    /// <summary>Stored running counts per due date and their recount, each ordered by agency and date.</summary>
    public static async Task<(IReadOnlyList<RunningDueCountRow> Stored, IReadOnlyList<RunningDueCountRow> Recounted)> RunningDueAsync(DbConnection connection) =>
        ((await connection.QueryAsync<RunningDueCountRow>(SelectRunningDue)).OrderBy(r => r.AgencyCode, StringComparer.Ordinal).ThenBy(r => r.ReplyDueOn).ToList(),
         (await connection.QueryAsync<RunningDueCountRow>(RecountRunningDue)).OrderBy(r => r.AgencyCode, StringComparer.Ordinal).ThenBy(r => r.ReplyDueOn).ToList());
}
