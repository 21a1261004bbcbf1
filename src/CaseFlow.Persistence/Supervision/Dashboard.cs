using System.Data.Common;
using CaseFlow.Domain.Supervision;
using CaseFlow.Persistence.Dialects;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Supervision;

/// <summary>Replies served in a period by one handler of one agency, and how many of them on time.</summary>
public sealed record TimelinessRow
{
    public string AgencyCode { get; init; } = "";
    public string? Handler { get; init; }
    public long Replied { get; init; }
    /// <summary>Served by the reply due date, an approved extension included (Art. 33).</summary>
    public long OnTime { get; init; }
    /// <summary>Served within the statutory 20 working days with no extension (Art. 33 ¶1).</summary>
    public long OnTimeWithoutExtension { get; init; }
    public long Extended { get; init; }
}

/// <summary>Replies served on one day by one handler of one agency, recounted from the rows (the reference the stored
/// counters are tested against).</summary>
public sealed record TimelinessCell
{
    public string AgencyCode { get; init; } = "";
    public string? Handler { get; init; }
    public LocalDate ClosedOn { get; init; }
    public long Replied { get; init; }
    public long OnTime { get; init; }
    public long OnTimeWithoutExtension { get; init; }
    public long Extended { get; init; }
}

/// <summary>Replies served in one month by one handler of one agency: the dashboard reads its month, year and trend from
/// these (<see cref="Dashboard.TimelinessMonthsAsync"/>).</summary>
public sealed record TimelinessMonth
{
    public string AgencyCode { get; init; } = "";
    public string? Handler { get; init; }
    /// <summary>The month's first day.</summary>
    public LocalDate Month { get; init; }
    public long Replied { get; init; }
    public long OnTime { get; init; }
    public long OnTimeWithoutExtension { get; init; }
    public long Extended { get; init; }
}

/// <summary>Open requests of one agency by working days left to the reply due date.</summary>
public sealed record OpenByDaysLeft
{
    public long Overdue { get; init; }
    public long ZeroToTwo { get; init; }
    public long ThreeToFive { get; init; }
    public long SixOrMore { get; init; }
    /// <summary>Receipt not yet confirmed (Art. 31): no due date yet.</summary>
    public long NotYetDue { get; init; }
    /// <summary>Received, reply clock stopped: awaiting correction (Art. 30), in a third-party or other-agency
    /// consultation (Art. 33 ¶3), awaiting a fee (Art. 42). Never overdue.</summary>
    public long ClockStopped { get; init; }
    public long Total => Overdue + ZeroToTwo + ThreeToFive + SixOrMore + NotYetDue + ClockStopped;
}

public sealed record OldRequest
{
    public string Id { get; init; } = "";
    public string AgencyCode { get; init; } = "";
    public string TrackingNumber { get; init; } = "";
    public string State { get; init; } = "";
    public string? Handler { get; init; }
    public LocalDate ReceivedOn { get; init; }
    public LocalDate? ReplyDueOn { get; init; }
    public bool ClockRunning { get; init; }
    public LocalDate? StoppedSince { get; init; }
}

/// <summary>The supervisor's dashboard: the timeliness counts come from counters maintained with the request rows, the
/// open requests by days left from stored counts (migration 0032), the oldest from one covering index range (ADR 0002),
/// so its cost follows the period and the agency asked for,
/// not the size of the table.</summary>
public static class Dashboard
{
    /// <summary>The timeliness counts per agency, handler and MONTH of service, read from <c>timeliness_months</c> (migration
    /// 0033), which triggers on <c>timeliness_counts</c> keep as the sum of its days: every period the dashboard shows is
    /// whole months up to today (nothing is served in the future), so one range of its primary key (one agency) or of
    /// ix_timeliness_months_month (all agencies) serves the month, the year and the 12-month trend with ~13 rows per
    /// handler whatever the volume. <c>timeliness_counts</c> holds the replies per day, kept in the transaction of every
    /// row change by triggers on <c>requests</c> (migration 0008, ADR 0002). A reply (close reason 1, Art. 36–39) is on time
    /// when served on or before the reply due date in force when served, on time without extension when also no extension
    /// was approved: ReplyClockStatus decides both and the workflow stores them (<c>on_time</c>,
    /// <c>on_time_without_extension</c>, migration 0010). Every reply of a request reopened after a challenge counts, each in
    /// the month it was served by its own clock: the earlier ones from <c>earlier_replies</c> (ReplyTimeliness, migration
    /// 0031). A handler stored as '' is none; counters brought to zero by a later change are not replies. @FromMonth and
    /// @ToMonth are first days of months.</summary>
    public const string SelectTimelinessMonths = """
        SELECT agency_code AS AgencyCode, NULLIF(handler, '') AS Handler, month AS Month, replied AS Replied,
               on_time AS OnTime, on_time_without_extension AS OnTimeWithoutExtension, extended AS Extended
        FROM timeliness_months
        WHERE month >= @FromMonth AND month <= @ToMonth AND replied > 0 /*agency*/
        """;

    /// <summary>One month's counters recounted from the day counters of <c>timeliness_counts</c> (@From and @To its first and
    /// last day): what <see cref="SelectTimelinessMonths"/> must always equal (tested on every database, with the day
    /// counters tested against <see cref="RecountTimelinessCells"/>).</summary>
    public const string RecountTimelinessMonth = """
        SELECT agency_code AS AgencyCode, NULLIF(handler, '') AS Handler, SUM(replied) AS Replied, SUM(on_time) AS OnTime,
               SUM(on_time_without_extension) AS OnTimeWithoutExtension, SUM(extended) AS Extended
        FROM timeliness_counts
        WHERE closed_on >= @From AND closed_on <= @To /*agency*/
        GROUP BY agency_code, handler
        HAVING SUM(replied) > 0
        """;

    /// <summary>The same cells recounted from the request rows and the earlier reply periods of reopened requests (each its
    /// own reply on the day it was served, as ReplyTimeliness decided and the workflow stored, migration 0031): what the day
    /// counters of <c>timeliness_counts</c>, and so the months of <see cref="SelectTimelinessMonths"/>, must always equal
    /// (tested on every database).</summary>
    public const string RecountTimelinessCells = """
        SELECT agency_code AS AgencyCode, handler AS Handler, closed_on AS ClosedOn, COUNT(*) AS Replied,
               COALESCE(SUM(on_time), 0) AS OnTime, COALESCE(SUM(on_time_without_extension), 0) AS OnTimeWithoutExtension,
               COALESCE(SUM(extended), 0) AS Extended
        FROM (
            SELECT agency_code, handler, closed_on, CASE WHEN on_time = '1' THEN 1 ELSE 0 END AS on_time,
                   CASE WHEN on_time_without_extension = '1' THEN 1 ELSE 0 END AS on_time_without_extension,
                   CASE WHEN extension_days > 0 THEN 1 ELSE 0 END AS extended
            FROM requests
            WHERE closed_on >= @From AND closed_on <= @To AND close_reason = 1 /*agency*/
            UNION ALL
            SELECT agency_code, handler, replied_on, CASE WHEN on_time = '1' THEN 1 ELSE 0 END,
                   CASE WHEN on_time_without_extension = '1' THEN 1 ELSE 0 END, CASE WHEN extended = '1' THEN 1 ELSE 0 END
            FROM earlier_replies
            WHERE replied_on >= @From AND replied_on <= @To AND replied = '1' /*agency*/
        ) replies
        GROUP BY agency_code, handler, closed_on
        """;

    // Buckets of the stored fact "clock running" (ReplyClockStatus) by due date: a running clock due before today is
    // overdue; a stopped one counts apart, whatever its (not in force) date.
    /// <summary>Open requests of an agency by reply due date, for those whose reply clock runs: before today is overdue;
    /// the bounds are the last dates with at most 2 and 5 working days left on the agency's calendar (computed by the
    /// statutory clock, passed in; @Today ≤ @TwoLeft ≤ @FiveLeft). Not yet received and clock stopped count apart. Reads the
    /// stored counts of open requests (migration 0032, <see cref="Requests.OpenCounts"/>): the agency's totals by class
    /// and its running requests per due date from @Today on (a bounded number of future dates); overdue = running − those
    /// due today or later. So its cost does not grow with the agency's open volume.</summary>
    public const string SelectOpenByDaysLeft = """
        SELECT COALESCE(o.running, 0) - COALESCE(f.upcoming, 0) AS Overdue,
               COALESCE(f.zero_to_two, 0) AS ZeroToTwo,
               COALESCE(f.three_to_five, 0) AS ThreeToFive,
               COALESCE(f.six_or_more, 0) AS SixOrMore,
               COALESCE(o.not_yet_due, 0) AS NotYetDue,
               COALESCE(o.stopped, 0) AS ClockStopped
        FROM (
            SELECT CAST(SUM(requests) AS BIGINT) AS upcoming,
                   CAST(SUM(CASE WHEN reply_due_on <= @TwoLeft THEN requests ELSE 0 END) AS BIGINT) AS zero_to_two,
                   CAST(SUM(CASE WHEN reply_due_on > @TwoLeft AND reply_due_on <= @FiveLeft THEN requests ELSE 0 END) AS BIGINT) AS three_to_five,
                   CAST(SUM(CASE WHEN reply_due_on > @FiveLeft THEN requests ELSE 0 END) AS BIGINT) AS six_or_more
            FROM running_due_counts
            WHERE agency_code = @AgencyCode AND reply_due_on >= @Today
        ) f
        LEFT JOIN open_counts o ON o.agency_code = @AgencyCode
        """;

    /// <summary><see cref="SelectOpenByDaysLeft"/> recounted from the open request rows (ix_requests_running_due): what
    /// the stored counts must always equal (tested on every database).</summary>
    public const string RecountOpenByDaysLeft = """
        SELECT COALESCE(SUM(CASE WHEN clock_running = '1' AND reply_due_on < @Today THEN 1 ELSE 0 END), 0) AS Overdue,
               COALESCE(SUM(CASE WHEN clock_running = '1' AND reply_due_on >= @Today AND reply_due_on <= @TwoLeft THEN 1 ELSE 0 END), 0) AS ZeroToTwo,
               COALESCE(SUM(CASE WHEN clock_running = '1' AND reply_due_on > @TwoLeft AND reply_due_on <= @FiveLeft THEN 1 ELSE 0 END), 0) AS ThreeToFive,
               COALESCE(SUM(CASE WHEN clock_running = '1' AND reply_due_on > @FiveLeft THEN 1 ELSE 0 END), 0) AS SixOrMore,
               COALESCE(SUM(CASE WHEN reply_due_on IS NULL THEN 1 ELSE 0 END), 0) AS NotYetDue,
               COALESCE(SUM(CASE WHEN clock_running = '0' AND reply_due_on IS NOT NULL THEN 1 ELSE 0 END), 0) AS ClockStopped
        FROM requests
        WHERE agency_code = @AgencyCode AND closed_on IS NULL
        """;

    /// <summary>The open requests received longest ago. Reads the open requests only: ix_requests_open_received (one agency,
    /// partial since migration 0029; on PostgreSQL the partial ix_requests_open_oldest, migration 0008) or
    /// ix_requests_report_open (all agencies).</summary>
    public const string SelectOldestOpen = """
        SELECT id AS Id, agency_code AS AgencyCode, tracking_number AS TrackingNumber, state AS State, handler AS Handler,
               received_on AS ReceivedOn, reply_due_on AS ReplyDueOn, clock_running AS ClockRunning, stopped_since AS StoppedSince
        FROM requests
        WHERE closed_on IS NULL AND received_on IS NOT NULL /*agency*/
        ORDER BY received_on
        """;

    /// <summary>The time per stage (各环节用时) of the requests closed in a period: the counters the workflow keeps
    /// (<see cref="StageTimes"/>, migration 0034) summed per state; one range of their primary key (one agency) or of
    /// ix_stage_time_counts_closed (all agencies). Counters brought to zero by a reopening are no requests.</summary>
    public const string SelectStageTimes = """
        SELECT state AS State, SUM(requests) AS Requests, SUM(spent_ms) AS SpentMs
        FROM stage_time_counts
        WHERE closed_on >= @From AND closed_on <= @To /*agency*/
        GROUP BY state
        HAVING SUM(requests) > 0
        """;

    /// <summary>The recount of <see cref="SelectStageTimes"/>: the state history of the requests closed in a period (their
    /// whole audit trail), for <see cref="StageDurations.Compute"/>; what the counters must always equal (tested).</summary>
    public const string SelectStateHistory = """
        SELECT a.request_id AS RequestId, a.occurred_at AS At, a.to_state AS State
        FROM audit_entries a JOIN requests r ON r.id = a.request_id
        WHERE r.closed_on >= @From AND r.closed_on <= @To /*r.agency*/
        ORDER BY a.request_id, a.id
        """;

    /// <summary>The counters of the months from <paramref name="fromMonth"/> to <paramref name="toMonth"/>, of one agency or all.</summary>
    public static async Task<IReadOnlyList<TimelinessMonth>> TimelinessMonthsAsync(DbConnection connection, string? agencyCode, YearMonth fromMonth, YearMonth toMonth) =>
        (await connection.QueryAsync<TimelinessMonth>(Scope.To(SelectTimelinessMonths, agencyCode),
            new { AgencyCode = agencyCode, FromMonth = fromMonth.OnDayOfMonth(1), ToMonth = toMonth.OnDayOfMonth(1) })).ToList();

    /// <summary>The same months recounted from <c>timeliness_counts</c>, one statement per month.</summary>
    public static async Task<IReadOnlyList<TimelinessMonth>> RecountTimelinessMonthsAsync(DbConnection connection, string? agencyCode, YearMonth fromMonth, YearMonth toMonth)
    {
        var months = new List<TimelinessMonth>();
        for (var month = fromMonth; month <= toMonth; month = month.PlusMonths(1))
        {
            var days = month.ToDateInterval();
            months.AddRange((await connection.QueryAsync<TimelinessMonth>(Scope.To(RecountTimelinessMonth, agencyCode),
                new { AgencyCode = agencyCode, From = days.Start, To = days.End })).Select(m => m with { Month = days.Start }));
        }
        return months;
    }

    public static async Task<IReadOnlyList<TimelinessCell>> RecountTimelinessCellsAsync(DbConnection connection, string? agencyCode, LocalDate from, LocalDate to) =>
        (await connection.QueryAsync<TimelinessCell>(Scope.To(RecountTimelinessCells, agencyCode), new { AgencyCode = agencyCode, From = from, To = to })).ToList();

    /// <summary>The months from <paramref name="from"/> to <paramref name="to"/> summed per agency and handler.</summary>
    public static IReadOnlyList<TimelinessRow> Sum(IEnumerable<TimelinessMonth> months, YearMonth from, YearMonth to) =>
        months.Where(m => m.Month.ToYearMonth() >= from && m.Month.ToYearMonth() <= to)
            .GroupBy(m => (m.AgencyCode, m.Handler))
            .Select(g => new TimelinessRow
            {
                AgencyCode = g.Key.AgencyCode, Handler = g.Key.Handler, Replied = g.Sum(m => m.Replied), OnTime = g.Sum(m => m.OnTime),
                OnTimeWithoutExtension = g.Sum(m => m.OnTimeWithoutExtension), Extended = g.Sum(m => m.Extended),
            }).ToList();

    /// <summary>The agency's open requests by days left (<see cref="SelectOpenByDaysLeft"/>, stored counts); the bounds
    /// must be ordered: <paramref name="today"/> ≤ <paramref name="twoLeft"/> ≤ <paramref name="fiveLeft"/>.</summary>
    public static Task<OpenByDaysLeft> OpenByDaysLeftAsync(DbConnection connection, string agencyCode, LocalDate today, LocalDate twoLeft, LocalDate fiveLeft) =>
        OpenByDaysLeftAsync(connection, SelectOpenByDaysLeft, agencyCode, today, twoLeft, fiveLeft);

    /// <summary>The same recounted from the request rows (<see cref="RecountOpenByDaysLeft"/>).</summary>
    public static Task<OpenByDaysLeft> RecountOpenByDaysLeftAsync(DbConnection connection, string agencyCode, LocalDate today, LocalDate twoLeft, LocalDate fiveLeft) =>
        OpenByDaysLeftAsync(connection, RecountOpenByDaysLeft, agencyCode, today, twoLeft, fiveLeft);

    private static Task<OpenByDaysLeft> OpenByDaysLeftAsync(DbConnection connection, string sql, string agencyCode, LocalDate today, LocalDate twoLeft, LocalDate fiveLeft)
    {
        if (twoLeft < today || fiveLeft < twoLeft)
            throw new ArgumentOutOfRangeException(nameof(twoLeft), $"The bounds must be ordered: {today} ≤ {twoLeft} ≤ {fiveLeft}.");
        return connection.QuerySingleAsync<OpenByDaysLeft>(sql, new { AgencyCode = agencyCode, Today = today, TwoLeft = twoLeft, FiveLeft = fiveLeft });
    }

    public static async Task<IReadOnlyList<OldRequest>> OldestOpenAsync(DbConnection connection, ISqlDialect dialect, string? agencyCode, int count = 10) =>
        (await connection.QueryAsync<OldRequest>(Scope.To(SelectOldestOpen, agencyCode) + dialect.Page, new { AgencyCode = agencyCode, Skip = 0, Take = count })).ToList();

    /// <summary>The time per stage of the requests closed in a period, in the order of <see cref="StageDurations.Compute"/>.</summary>
    public static async Task<IReadOnlyList<StageTime>> StageTimesAsync(DbConnection connection, string? agencyCode, LocalDate from, LocalDate to) =>
        StageDurations.Ordered((await connection.QueryAsync<StageTimeRow>(Scope.To(SelectStageTimes, agencyCode), new { AgencyCode = agencyCode, From = from, To = to }))
            .Select(r => new StageTime(r.State, (int)r.Requests, Duration.FromMilliseconds(r.SpentMs))));

    private sealed record StageTimeRow
    {
        public string State { get; init; } = "";
        public long Requests { get; init; }
        public long SpentMs { get; init; }
    }

    public static async Task<IReadOnlyList<(string RequestId, Instant At, string State)>> StateHistoryAsync(DbConnection connection, string? agencyCode, LocalDate from, LocalDate to) =>
        (await connection.QueryAsync<HistoryRow>(Scope.To(SelectStateHistory, agencyCode), new { AgencyCode = agencyCode, From = from, To = to }))
            .Select(r => (r.RequestId, r.At, r.State)).ToList();

    private sealed record HistoryRow
    {
        public string RequestId { get; init; } = "";
        public Instant At { get; init; }
        public string State { get; init; } = "";
    }
}

/// <summary>One agency or all: the marker <c>/*agency*/</c> in a statement becomes <c>AND agency_code = @AgencyCode</c> or
/// nothing (<c>/*r.agency*/</c> and <c>/*d.agency*/</c> the same on the table aliased r or d). Two plain statements rather than <c>@AgencyCode IS NULL OR …</c>, which would hide the index from the planner
/// (and leave PostgreSQL unable to type a null parameter).</summary>
public static class Scope
{
    public static string To(string sql, string? agencyCode) => agencyCode is null
        ? sql.Replace("/*agency*/", "", StringComparison.Ordinal).Replace("/*r.agency*/", "", StringComparison.Ordinal)
            .Replace("/*d.agency*/", "", StringComparison.Ordinal)
        : sql.Replace("/*agency*/", "AND agency_code = @AgencyCode", StringComparison.Ordinal)
            .Replace("/*r.agency*/", "AND r.agency_code = @AgencyCode", StringComparison.Ordinal)
            .Replace("/*d.agency*/", "AND d.agency_code = @AgencyCode", StringComparison.Ordinal);
}
