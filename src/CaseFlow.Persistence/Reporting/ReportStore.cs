using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Reporting;
using CaseFlow.Domain.Requests;
using Dapper;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace CaseFlow.Persistence.Reporting;

/// <summary>A published year: who locked it, when, and the report as it was then.</summary>
public sealed record ReportLock(string AgencyCode, int Year, Instant LockedAt, string LockedBy, AnnualReport Snapshot);

/// <summary>The report of a year as served: the locked snapshot when the year is locked, otherwise the current count.</summary>
/// <param name="Served">What is published: <see cref="Lock"/>'s snapshot, or <see cref="Current"/>.</param>
/// <param name="Current">The count from the data as it is now.</param>
/// <param name="Lock">The lock, when the year is published.</param>
/// <param name="Broken">The rules of the format the served report breaks, including 本年二=上年四 against the previous year as
/// served.</param>
public sealed record ServedReport(AnnualReport Served, AnnualReport Current, ReportLock? Lock, IReadOnlyList<ReportRuleBroken> Broken)
{
    /// <summary>True when the year is locked and the data now count differently: never served silently.</summary>
    public bool DiffersFromCurrentData => Lock is not null && !ReportStore.SameTables(Lock.Snapshot, Current);
}

/// <summary>Why a year could not be locked.</summary>
public enum LockRefusal
{
    AlreadyLocked = 1,
    BreaksTheFormat = 2,
    /// <summary>The previous year has requests and is not locked: years lock in order.</summary>
    PreviousYearOpen = 3,
    /// <summary>The year is before the agency's opening balance.</summary>
    BeforeBooks = 4,
}

/// <summary>An agency's opening balance: its books start in <see cref="Year"/>, carrying over <see cref="CarriedOver"/>
/// (the previous year's 四 as published), entered per applicant column rather than as rows.</summary>
public sealed record OpeningBalance(string AgencyCode, int Year, ColumnCounts CarriedOver, Instant EnteredAt, string EnteredBy);

/// <summary>Counts the annual report in the database and keeps published years locked (Art. 49–50).</summary>
/// <remarks>Facts come from the counts maintained with <c>requests</c> (<c>report_request_counts</c>) UNION ALL
/// <c>ledger_requests</c>, classified as <see cref="AnnualReports"/> does and summed with one GROUP BY, so a year of a
/// million requests is counted in the database from a few hundred counter rows, not in memory.</remarks>
public static class ReportStore
{
    // Instants as ISO text ("lockedAt": "2025-03-01T02:00:00Z"), dates as YYYY-MM-DD (NodaTime's converters).
    public static readonly JsonSerializerOptions Json = new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    }.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);

    // The outcome a closed request counts under, as ReplyClockStatus.Counted decided and the workflow stored it (migration 0010).
    private const string RequestOutcome = "counted_outcome";

    // Per table: 一 the year's receipts; 二 earlier receipts not closed before 1 January. The outcome is kept only when
    // closed by 31 December (三); otherwise NULL (四). The native requests are read from report_request_counts, which
    // triggers on requests keep per agency, applicant type, year received, year closed (0 while open) and outcome
    // (migration 0008, ADR 0002); the imported ledger rows are read as they are. A counter brought to zero by a later
    // change counts nothing. /*agency*/ narrows to one agency (Scope.To).
    // A request reopened after a challenge (ReopenedRequests, issue 14) counts once per reply period: its earlier periods
    // from earlier_replies, its current period from the day the last reopening decision was received. The counters count
    // the request's row from its receipt date, so that count is taken back (-1) and the period counted from the reopening
    // (+1); only the few reopened requests are read for it.
    // The reopened requests are read from earlier_replies first, each request by its key: "e CROSS JOIN requests r" keeps
    // that order on SQLite (an inner join everywhere; PostgreSQL and SQL Server plan it as any join), where SQLite 3.53
    // chose to read every request of the agency and probe e (16 s a report at 1,000,000 requests, ADR 0004).
    public const string CountRequests = $"""
        SELECT applicant_type AS ApplicantType, received_this_year AS ReceivedThisYear, outcome AS OutcomeThisYear, SUM(requests) AS Count
        FROM (
            SELECT applicant_type, 1 AS received_this_year, CASE WHEN closed_year <> 0 AND closed_year <= @Year THEN outcome END AS outcome, requests
            FROM report_request_counts
            WHERE received_year = @Year AND requests > 0 /*agency*/
            UNION ALL
            SELECT applicant_type, 0, CASE WHEN closed_year <> 0 AND closed_year <= @Year THEN outcome END, requests
            FROM report_request_counts
            WHERE received_year < @Year AND (closed_year >= @Year OR closed_year = 0) AND requests > 0 /*agency*/
            UNION ALL
            SELECT applicant_type, 1, CASE WHEN closed_on <= @YearEnd THEN outcome END, 1
            FROM ledger_requests
            WHERE received_on >= @YearStart AND received_on <= @YearEnd /*agency*/
            UNION ALL
            SELECT applicant_type, 0, CASE WHEN closed_on <= @YearEnd THEN outcome END, 1
            FROM ledger_requests
            WHERE received_on < @YearStart AND (closed_on >= @YearStart OR closed_on IS NULL) /*agency*/
            {ReopenedPeriods}
            UNION ALL
            SELECT r.applicant_type, CASE WHEN r.received_on >= @YearStart THEN 1 ELSE 0 END, CASE WHEN r.closed_on <= @YearEnd THEN r.counted_outcome END, -1
            FROM ({LastReopening}) e CROSS JOIN requests r
            WHERE r.id = e.request_id AND r.received_on <= @YearEnd AND (r.received_on >= @YearStart OR r.closed_on >= @YearStart OR r.closed_on IS NULL) /*r.agency*/
            UNION ALL
            SELECT r.applicant_type, CASE WHEN e.reopened_on >= @YearStart THEN 1 ELSE 0 END, CASE WHEN r.closed_on <= @YearEnd THEN r.counted_outcome END, 1
            FROM ({LastReopening}) e CROSS JOIN requests r
            WHERE r.id = e.request_id AND e.reopened_on <= @YearEnd AND (e.reopened_on >= @YearStart OR r.closed_on >= @YearStart OR r.closed_on IS NULL) /*r.agency*/
        ) facts
        GROUP BY applicant_type, received_this_year, outcome
        """;

    // The same tally recounted from every request row: what CountRequests must always equal (tested on every database).
    public const string RecountRequests = $"""
        SELECT applicant_type AS ApplicantType, received_this_year AS ReceivedThisYear, outcome AS OutcomeThisYear, COUNT(*) AS Count
        FROM (
            SELECT applicant_type, 1 AS received_this_year, CASE WHEN closed_on <= @YearEnd THEN {RequestOutcome} END AS outcome
            FROM ({CurrentPeriods}) requests
            WHERE received_on >= @YearStart AND received_on <= @YearEnd /*agency*/
            UNION ALL
            SELECT applicant_type, 0, CASE WHEN closed_on <= @YearEnd THEN {RequestOutcome} END
            FROM ({CurrentPeriods}) requests
            WHERE received_on < @YearStart AND (closed_on >= @YearStart OR closed_on IS NULL) /*agency*/
            {ReopenedPeriodsOnce}
            UNION ALL
            SELECT applicant_type, 1, CASE WHEN closed_on <= @YearEnd THEN outcome END
            FROM ledger_requests
            WHERE received_on >= @YearStart AND received_on <= @YearEnd /*agency*/
            UNION ALL
            SELECT applicant_type, 0, CASE WHEN closed_on <= @YearEnd THEN outcome END
            FROM ledger_requests
            WHERE received_on < @YearStart AND (closed_on >= @YearStart OR closed_on IS NULL) /*agency*/
        ) facts
        GROUP BY applicant_type, received_this_year, outcome
        """;

    // The earlier reply periods of reopened requests: each a fact from its start to its reply (ReopenedRequests).
    private const string ReopenedPeriods = """
        UNION ALL
        SELECT applicant_type, CASE WHEN period_starts_on >= @YearStart THEN 1 ELSE 0 END, CASE WHEN replied_on <= @YearEnd THEN outcome END, 1
        FROM earlier_replies
        WHERE period_starts_on <= @YearEnd AND replied_on >= @YearStart /*agency*/
        """;

    private const string ReopenedPeriodsOnce = """
        UNION ALL
        SELECT applicant_type, CASE WHEN period_starts_on >= @YearStart THEN 1 ELSE 0 END, CASE WHEN replied_on <= @YearEnd THEN outcome END
        FROM earlier_replies
        WHERE period_starts_on <= @YearEnd AND replied_on >= @YearStart /*agency*/
        """;

    // The day the current reply period of each reopened request counts from: the last reopening decision received.
    private const string LastReopening = "SELECT request_id, MAX(reopened_on) AS reopened_on FROM earlier_replies GROUP BY request_id";

    // Every request row with received_on as the day its current reply period counts from (ReopenedRequests.CurrentPeriodStartsOn).
    private const string CurrentPeriods = """
        SELECT q.agency_code, q.applicant_type, q.closed_on, q.counted_outcome,
            COALESCE((SELECT MAX(e.reopened_on) FROM earlier_replies e WHERE e.request_id = q.id), q.received_on) AS received_on
        FROM requests q
        """;

    // Convention: a challenge counts in the year it was filed, with the result decided by 31 December, else pending.
    public const string CountChallenges = """
        SELECT kind AS Kind, after_reconsideration AS AfterReconsideration, result AS Result, COUNT(*) AS Count
        FROM (
            SELECT kind, after_reconsideration, CASE WHEN decided_on <= @YearEnd THEN result ELSE 'pending' END AS result
            FROM challenges
            WHERE filed_on >= @YearStart AND filed_on <= @YearEnd AND (@AgencyCode IS NULL OR agency_code = @AgencyCode)
        ) filed
        GROUP BY kind, after_reconsideration, result
        """;

    public const string InsertChallenge = """
        INSERT INTO challenges (agency_code, tracking_number, kind, after_reconsideration, filed_on, result, decided_on, recorded_at)
        VALUES (@AgencyCode, @TrackingNumber, @Kind, @AfterReconsideration, @FiledOn, @Result, @DecidedOn, @RecordedAt)
        """;

    public const string SelectLock = """
        SELECT agency_code AS AgencyCode, year AS Year, locked_at AS LockedAt, locked_by AS LockedBy, snapshot AS Snapshot
        FROM report_locks WHERE agency_code = @AgencyCode AND year = @Year
        """;

    public const string DeleteLock = "DELETE FROM report_locks WHERE agency_code = @AgencyCode AND year = @Year";

    public const string SelectOpeningBalance = """
        SELECT year AS Year, applicant_type AS ApplicantType, requests AS Requests, entered_at AS EnteredAt, entered_by AS EnteredBy
        FROM opening_balances WHERE agency_code = @AgencyCode
        """;

    public const string DeleteOpeningBalance = "DELETE FROM opening_balances WHERE agency_code = @AgencyCode";

    public const string InsertOpeningBalance = """
        INSERT INTO opening_balances (agency_code, year, applicant_type, requests, entered_at, entered_by)
        VALUES (@AgencyCode, @Year, @ApplicantType, @Requests, @EnteredAt, @EnteredBy)
        """;

    public const string CountLocks = "SELECT COUNT(*) FROM report_locks WHERE agency_code = @AgencyCode";

    public const string InsertLock = """
        INSERT INTO report_locks (agency_code, year, locked_at, locked_by, snapshot) VALUES (@AgencyCode, @Year, @LockedAt, @LockedBy, @Snapshot)
        """;

    /// <summary>Counts tables 三 and 四 of <paramref name="year"/> for one agency, or for all when <paramref name="agencyCode"/>
    /// is null, from the maintained counts.</summary>
    public static Task<AnnualReport> ComputeAsync(DbConnection connection, int year, string? agencyCode, DbTransaction? transaction = null) =>
        TallyAsync(connection, CountRequests, year, agencyCode, transaction);

    /// <summary>The same report recounted over every request row: the reference the maintained counts are tested against.</summary>
    public static Task<AnnualReport> RecountAsync(DbConnection connection, int year, string? agencyCode, DbTransaction? transaction = null) =>
        TallyAsync(connection, RecountRequests, year, agencyCode, transaction);

    private static async Task<AnnualReport> TallyAsync(DbConnection connection, string countRequests, int year, string? agencyCode, DbTransaction? transaction)
    {
        var (first, last) = AnnualReports.Bounds(year);
        var parameters = new { Year = year, YearStart = first, YearEnd = last, AgencyCode = agencyCode };
        var requests = await connection.QueryAsync<TallyRow>(Supervision.Scope.To(countRequests, agencyCode), parameters, transaction);
        var challenges = await connection.QueryAsync<ChallengeRow>(CountChallenges, parameters, transaction);
        return AnnualReports.FromTally(year,
            requests.Select(r => new TallyLine((ApplicantType)r.ApplicantType, r.ReceivedThisYear == 1, r.OutcomeThisYear is { } o ? (Outcome)o : null, r.Count)),
            challenges.Select(c => new ChallengeTallyLine(ParseKind(c.Kind), c.AfterReconsideration, ParseResult(c.Result), c.Count)));
    }

    public static async Task<ReportLock?> FindLockAsync(DbConnection connection, string agencyCode, int year, DbTransaction? transaction = null)
    {
        var row = await connection.QuerySingleOrDefaultAsync<LockRow>(SelectLock, new { AgencyCode = agencyCode, Year = year }, transaction);
        return row is null
            ? null
            : new ReportLock(row.AgencyCode, (int)row.Year, row.LockedAt, row.LockedBy,
                JsonSerializer.Deserialize<AnnualReport>(row.Snapshot, Json) ?? throw new InvalidOperationException($"The snapshot of {agencyCode} {year} is empty."));
    }

    /// <summary>The report of <paramref name="year"/> as published: a locked year is served from its snapshot and compared
    /// with the current count; the check covers the format and the carry-over from the previous year as served.</summary>
    public static async Task<ServedReport> ServeAsync(Database database, int year, string? agencyCode)
    {
        await using var connection = await database.OpenAsync();
        var current = await ComputeAsync(connection, year, agencyCode);
        var locked = agencyCode is null ? null : await FindLockAsync(connection, agencyCode, year);
        var previous = await PreviousAsync(connection, year, agencyCode, null);
        var served = locked?.Snapshot ?? current;
        return new ServedReport(served, current, locked, served.Check(previous));
    }

    /// <summary>Locks <paramref name="year"/> of an agency with the report as counted now (Art. 49: a published report
    /// does not change). Refused when already locked or when the count breaks a rule of the format.</summary>
    public static async Task<(ReportLock? Lock, LockRefusal? Refusal, IReadOnlyList<ReportRuleBroken> Broken)> LockAsync(
        Database database, string agencyCode, int year, string lockedBy, IClock clock)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        var existing = await FindLockAsync(connection, agencyCode, year, transaction);
        if (existing is not null)
            return (existing, LockRefusal.AlreadyLocked, []);
        var report = await ComputeAsync(connection, year, agencyCode, transaction);
        var balance = await FindOpeningBalanceAsync(connection, agencyCode, transaction);
        var previousLock = await FindLockAsync(connection, agencyCode, year - 1, transaction);
        var previous = await PreviousAsync(connection, year, agencyCode, transaction);
        switch (AnnualReports.LockOrder(year, balance?.Year, previousLock is not null, AnnualReports.IsEmpty(previous)))
        {
            case YearLockOrder.BeforeBooks:
                return (null, LockRefusal.BeforeBooks, []);
            case YearLockOrder.PreviousYearOpen:
                return (null, LockRefusal.PreviousYearOpen, []);
        }
        var broken = report.Check(previous);
        if (broken.Count > 0)
            return (null, LockRefusal.BreaksTheFormat, broken);
        var reportLock = new ReportLock(agencyCode, year, clock.GetCurrentInstant(), lockedBy, report);
        await connection.ExecuteAsync(InsertLock, new
        {
            AgencyCode = agencyCode, Year = year, reportLock.LockedAt, LockedBy = lockedBy,
            Snapshot = JsonSerializer.Serialize(report, Json),
        }, transaction);
        await transaction.CommitAsync();
        return (reportLock, null, []);
    }

    /// <summary>The year before <paramref name="year"/> as the check compares with it: its locked snapshot, else the
    /// opening balance when the books start in <paramref name="year"/>, else its current count.</summary>
    public static async Task<AnnualReport> PreviousAsync(DbConnection connection, int year, string? agencyCode, DbTransaction? transaction)
    {
        if (agencyCode is null)
            return await ComputeAsync(connection, year - 1, null, transaction);
        if (await FindLockAsync(connection, agencyCode, year - 1, transaction) is { } previousLock)
            return previousLock.Snapshot;
        if (await FindOpeningBalanceAsync(connection, agencyCode, transaction) is { } balance && balance.Year == year)
            return AnnualReports.OpeningBalance(year, balance.CarriedOver);
        return await ComputeAsync(connection, year - 1, agencyCode, transaction);
    }

    public static async Task<OpeningBalance?> FindOpeningBalanceAsync(DbConnection connection, string agencyCode, DbTransaction? transaction = null)
    {
        var rows = (await connection.QueryAsync<BalanceRow>(SelectOpeningBalance, new { AgencyCode = agencyCode }, transaction)).ToList();
        if (rows.Count == 0)
            return null;
        var counts = ColumnCounts.Of(ApplicantTypes.ReportColumns.Select(c => (int)(rows.FirstOrDefault(r => r.ApplicantType == (int)c)?.Requests ?? 0)).ToArray());
        return new OpeningBalance(agencyCode, (int)rows[0].Year, counts, rows[0].EnteredAt, rows[0].EnteredBy);
    }

    /// <summary>Enters an agency's opening balance: its books start in <paramref name="year"/> with <paramref name="carriedOver"/>
    /// carried over (the previous year's published 四, per applicant column). Replaces an earlier balance; refused once any
    /// year of the agency is locked. Audited.</summary>
    public static async Task<OpeningBalance> SetOpeningBalanceAsync(Database database, string agencyCode, int year, ColumnCounts carriedOver, string enteredBy, IClock clock)
    {
        var now = clock.GetCurrentInstant();
        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        if (await connection.ExecuteScalarAsync<long>(CountLocks, new { AgencyCode = agencyCode }, transaction) > 0)
            throw new BatchRefusedException($"{agencyCode} 已有锁定的年度报告，期初结转数不能再改 / {agencyCode} has a locked year: the opening balance can no longer change");
        await connection.ExecuteAsync(DeleteOpeningBalance, new { AgencyCode = agencyCode }, transaction);
        await connection.ExecuteAsync(InsertOpeningBalance, ApplicantTypes.ReportColumns.Select(c => new
        {
            AgencyCode = agencyCode, Year = year, ApplicantType = (int)c, Requests = carriedOver[c], EnteredAt = now, EnteredBy = enteredBy,
        }), transaction);
        await Workplace.AdminAudit.AppendAsync(connection, new Workplace.AdminAuditEntry
        {
            OccurredAt = now, Actor = enteredBy, Action = "opening-balance-set", Subject = agencyCode,
            Details = $"books start in {year}; carried over {string.Join(", ", ApplicantTypes.ReportColumns.Select(c => $"{c.ChineseName()} {carriedOver[c]}"))}",
        }, transaction);
        await transaction.CommitAsync();
        return new OpeningBalance(agencyCode, year, carriedOver, now, enteredBy);
    }

    /// <summary>Reopens a locked year (the published report is to be corrected): explicit, with a reason, audited with the
    /// snapshot it removes. Refused when the next year is locked (years reopen in reverse order).</summary>
    public static async Task<ReportLock> UnlockAsync(Database database, string agencyCode, int year, string reason, string unlockedBy, IClock clock)
    {
        var now = clock.GetCurrentInstant();
        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        var existing = await FindLockAsync(connection, agencyCode, year, transaction)
                       ?? throw new BatchRefusedException($"{agencyCode} {year}年度未锁定 / {year} of {agencyCode} is not locked");
        if (await FindLockAsync(connection, agencyCode, year + 1, transaction) is not null)
            throw new BatchRefusedException($"{agencyCode} {year + 1}年度已锁定，须先解锁 / {year + 1} of {agencyCode} is locked: unlock it first");
        await connection.ExecuteAsync(DeleteLock, new { AgencyCode = agencyCode, Year = year }, transaction);
        await Workplace.AdminAudit.AppendAsync(connection, new Workplace.AdminAuditEntry
        {
            OccurredAt = now, Actor = unlockedBy, Action = "report-unlocked", Subject = agencyCode,
            Details = $"{year} reopened ({reason}); was locked at {existing.LockedAt} by {existing.LockedBy}: {JsonSerializer.Serialize(existing.Snapshot, Json)}",
        }, transaction);
        await transaction.CommitAsync();
        return existing;
    }

    public static async Task AddChallengeAsync(DbSession session, string agencyCode, string trackingNumber, Challenge challenge, Instant recordedAt) =>
        await session.Connection.ExecuteAsync(InsertChallenge, new
        {
            AgencyCode = agencyCode, TrackingNumber = trackingNumber,
            Kind = challenge.Kind == ChallengeKind.Reconsideration ? "reconsideration" : "litigation",
            challenge.AfterReconsideration, challenge.FiledOn, Result = challenge.Result.ToString().ToLowerInvariant(),
            challenge.DecidedOn, RecordedAt = recordedAt,
        }, session.Transaction);

    /// <summary>Tables 三 and 四 are the same, cell for cell.</summary>
    public static bool SameTables(AnnualReport a, AnnualReport b) =>
        a.Year == b.Year
        && JsonSerializer.Serialize(a.Applications, Json) == JsonSerializer.Serialize(b.Applications, Json)
        && a.Challenges == b.Challenges;

    private static ChallengeKind ParseKind(string kind) => kind switch
    {
        "reconsideration" => ChallengeKind.Reconsideration,
        "litigation" => ChallengeKind.Litigation,
        _ => throw new InvalidOperationException($"Unknown challenge kind '{kind}'."),
    };

    private static ChallengeResult ParseResult(string result) => result switch
    {
        "upheld" => ChallengeResult.Upheld,
        "corrected" => ChallengeResult.Corrected,
        "other" => ChallengeResult.Other,
        "pending" => ChallengeResult.Pending,
        _ => throw new InvalidOperationException($"Unknown challenge result '{result}'."),
    };

    private sealed class TallyRow
    {
        public long ApplicantType { get; init; }
        public long ReceivedThisYear { get; init; }
        public long? OutcomeThisYear { get; init; }
        public long Count { get; init; }
    }

    private sealed class ChallengeRow
    {
        public string Kind { get; init; } = "";
        public bool AfterReconsideration { get; init; }
        public string Result { get; init; } = "";
        public long Count { get; init; }
    }

    private sealed class BalanceRow
    {
        public long Year { get; init; }
        public long ApplicantType { get; init; }
        public long Requests { get; init; }
        public Instant EnteredAt { get; init; }
        public string EnteredBy { get; init; } = "";
    }

    private sealed class LockRow
    {
        public string AgencyCode { get; init; } = "";
        public long Year { get; init; }
        public Instant LockedAt { get; init; }
        public string LockedBy { get; init; } = "";
        public string Snapshot { get; init; } = "";
    }
}
