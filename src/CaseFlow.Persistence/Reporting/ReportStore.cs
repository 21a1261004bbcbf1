using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Reporting;
using CaseFlow.Domain.Requests;
using Dapper;
using NodaTime;

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
}

/// <summary>Counts the annual report in the database and keeps published years locked (Art. 49–50).</summary>
/// <remarks>Facts come from the counts maintained with <c>requests</c> (<c>report_request_counts</c>) UNION ALL
/// <c>ledger_requests</c>, classified as <see cref="AnnualReports"/> does and summed with one GROUP BY, so a year of a
/// million requests is counted in the database from a few hundred counter rows, not in memory.</remarks>
public static class ReportStore
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // The outcome a closed request counts under, as ReplyClockStatus.Counted decided and the workflow stored it (migration 0010).
    private const string RequestOutcome = "counted_outcome";

    // Per table: 一 the year's receipts; 二 earlier receipts not closed before 1 January. The outcome is kept only when
    // closed by 31 December (三); otherwise NULL (四). The native requests are read from report_request_counts, which
    // triggers on requests keep per agency, applicant type, year received, year closed (0 while open) and outcome
    // (migration 0008, ADR 0002); the imported ledger rows are read as they are. A counter brought to zero by a later
    // change counts nothing. /*agency*/ narrows to one agency (Scope.To).
    public const string CountRequests = """
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
        ) facts
        GROUP BY applicant_type, received_this_year, outcome
        """;

    // The same tally recounted from every request row: what CountRequests must always equal (tested on every database).
    public const string RecountRequests = $"""
        SELECT applicant_type AS ApplicantType, received_this_year AS ReceivedThisYear, outcome AS OutcomeThisYear, COUNT(*) AS Count
        FROM (
            SELECT applicant_type, 1 AS received_this_year, CASE WHEN closed_on <= @YearEnd THEN {RequestOutcome} END AS outcome
            FROM requests
            WHERE received_on >= @YearStart AND received_on <= @YearEnd /*agency*/
            UNION ALL
            SELECT applicant_type, 0, CASE WHEN closed_on <= @YearEnd THEN {RequestOutcome} END
            FROM requests
            WHERE received_on < @YearStart AND (closed_on >= @YearStart OR closed_on IS NULL) /*agency*/
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
        var previousLock = agencyCode is null ? null : await FindLockAsync(connection, agencyCode, year - 1);
        var previous = previousLock?.Snapshot ?? await ComputeAsync(connection, year - 1, agencyCode);
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
        var previous = (await FindLockAsync(connection, agencyCode, year - 1, transaction))?.Snapshot
                       ?? await ComputeAsync(connection, year - 1, agencyCode, transaction);
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

    private sealed class LockRow
    {
        public string AgencyCode { get; init; } = "";
        public long Year { get; init; }
        public Instant LockedAt { get; init; }
        public string LockedBy { get; init; } = "";
        public string Snapshot { get; init; } = "";
    }
}
