using System.Diagnostics;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Migrations;
using CaseFlow.Persistence.Reporting;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Supervision;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;
using Npgsql;
using NpgsqlTypes;

namespace CaseFlow.Cli.Bench;

/// <summary>Seeds <c>count</c> requests over five agencies and the years 2020–2025 (a temporary SQLite file, or the empty
/// PostgreSQL database given), and times the supervisor's dashboard, the 督办 lists, the annual report and the workbench
/// list page against a plain <c>SELECT COUNT(*)</c> of the same table in the same run; the dashboard and the report also
/// as recounted from the request rows (before the maintained counts of migration 0008).</summary>
public static class ReportsBench
{
    public const int Runs = 15;
    public const int Agencies = 5;
    public const int HandlersPerAgency = 8;

    /// <summary>The bench's today: fixed, so that every run measures the same month, year and open requests.</summary>
    public static readonly LocalDate Today = new(2025, 11, 26);

    public static async Task RunAsync(int count, TextWriter output, string? postgreSql = null)
    {
        var directory = Directory.CreateTempSubdirectory("caseflow-bench-reports-").FullName;
        try
        {
            var database = postgreSql is null
                ? new Database(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(directory, "reports.db")}" })
                : new Database(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = postgreSql });
            await new Migrator(database, SystemClock.Instance).MigrateAsync();
            await using (var check = await database.OpenAsync())
                if (await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM requests") > 0)
                    throw new CliInputException("bench reports", "--connection-string: the database must be empty (the bench seeds its own requests)");
            var seeded = Stopwatch.StartNew();
            if (postgreSql is null)
                await SeedSqliteAsync(database, count);
            else
                await SeedPostgreSqlAsync(database, count);
            output.WriteLine($"reports bench: {count:N0} requests, {Agencies} agencies × {HandlersPerAgency} handlers, received 2020–2025, today {Today:uuuu-MM-dd}, " +
                             $"{database.Dialect.Name} (seeded in {seeded.Elapsed.TotalSeconds:F1} s)");

            await using var connection = await database.OpenAsync();
            var dialect = database.Dialect;
            const string agency = "agency-2";
            var (monthStart, yearStart) = (new LocalDate(Today.Year, Today.Month, 1), new LocalDate(Today.Year, 1, 1));
            var baseline = await TimeAsync(() => connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM requests"));
            var lines = new List<(string, (double, double))>
            {
                ("dashboard, one agency", await TimeAsync(() => DashboardAsync(agency, Dashboard.TimelinessCellsAsync))),
                ("dashboard, all agencies", await TimeAsync(() => DashboardAsync(null, Dashboard.TimelinessCellsAsync))),
                ("  recounted from rows, one agency", await TimeAsync(() => DashboardAsync(agency, Dashboard.RecountTimelinessCellsAsync))),
                ("  recounted from rows, all agencies", await TimeAsync(() => DashboardAsync(null, Dashboard.RecountTimelinessCellsAsync))),
                ("督办 due soon, one agency", await TimeAsync(() => FollowUpLists.QueryAsync(connection, dialect.Page, FollowUpList.DueSoon, agency, Today, Today.PlusDays(7), yearStart, Today))),
                ("督办 overdue, one agency", await TimeAsync(() => FollowUpLists.QueryAsync(connection, dialect.Page, FollowUpList.Overdue, agency, Today, Today, yearStart, Today))),
                ("督办 replied late, one agency", await TimeAsync(() => FollowUpLists.QueryAsync(connection, dialect.Page, FollowUpList.RepliedLate, agency, Today, Today, yearStart, Today))),
                ("annual report 2024, one agency", await TimeAsync(() => ReportStore.ComputeAsync(connection, 2024, agency))),
                ("annual report 2024, all agencies", await TimeAsync(() => ReportStore.ComputeAsync(connection, 2024, null))),
                ("  recounted from rows, one agency", await TimeAsync(() => ReportStore.RecountAsync(connection, 2024, agency))),
                ("  recounted from rows, all agencies", await TimeAsync(() => ReportStore.RecountAsync(connection, 2024, null))),
                ("workbench open, page 1", await TimeAsync(() => RequestList.QueryAsync(connection, dialect, new RequestFilter { AgencyCode = agency, Today = Today }))),
                ("workbench all, page 1", await TimeAsync(() => RequestList.QueryAsync(connection, dialect, new RequestFilter { AgencyCode = agency, Scope = RequestScope.All, Today = Today }))),
            };
            output.WriteLine($"  {"",-36}{"p50 ms",10}{"p95 ms",10}{"p50 ratio",12}{"p95 ratio",12}");
            Line("SELECT COUNT(*) requests (baseline)", baseline);
            foreach (var (name, timing) in lines)
                Line(name, timing);

            void Line(string name, (double P50, double P95) t) =>
                output.WriteLine($"  {name,-36}{t.P50,10:F1}{t.P95,10:F1}{t.P50 / baseline.P50,11:F2}×{t.P95 / baseline.P95,11:F2}×");

            // The queries of the dashboard page (Pages/Supervision/Index), in its order; open requests per agency. The
            // timeliness cells come from the maintained counts, or (the "recounted" lines, the way before migration 0008)
            // from the request rows, so the ratio between the two is measured in the same run.
            async Task<int> DashboardAsync(string? agencyCode, Func<System.Data.Common.DbConnection, string?, LocalDate, LocalDate, Task<IReadOnlyList<TimelinessCell>>> timeliness)
            {
                var trendStart = monthStart.PlusMonths(-11);
                var cells = await timeliness(connection, agencyCode, trendStart < yearStart ? trendStart : yearStart, Today);
                var rows = Dashboard.Sum(cells, monthStart, Today).Count + Dashboard.Sum(cells, yearStart, Today).Count;
                foreach (var code in agencyCode is null ? Enumerable.Range(0, Agencies).Select(i => $"agency-{i}") : [agencyCode])
                    rows += (int)(await Dashboard.OpenByDaysLeftAsync(connection, code, Today, Today.PlusDays(4), Today.PlusDays(9))).Total;
                rows += (await Dashboard.OldestOpenAsync(connection, dialect, agencyCode)).Count;
                rows += (await Dashboard.StateHistoryAsync(connection, agencyCode, monthStart, Today)).Count;
                return rows;
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(double P50, double P95)> TimeAsync<T>(Func<Task<T>> query)
    {
        await query();
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await query();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return (times[times.Count / 2], times[(int)Math.Ceiling(times.Count * 0.95) - 1]);
    }

    /// <summary>One seeded request: received in date order; recent ones mostly open, older ones replied (a few withdrawn,
    /// a tenth extended, some late), a handful left open for years.</summary>
    private sealed record Seeded(int Index, string Agency, string Handler, LocalDate Received, LocalDate Due, LocalDate? Closed, int? CloseReason, int? Outcome, int ExtensionDays, int ApplicantType, string State)
    {
        /// <summary>What the workflow would store: ReplyClockStatus's decisions for the seeded row.</summary>
        public CaseFlow.Domain.Deadlines.ReplyClockStatus Decided => CaseFlow.Domain.Deadlines.ReplyClockStatus.Decide(new CaseFlow.Domain.Deadlines.RequestClockFacts
        {
            Stage = Closed is null ? Enum.Parse<CaseFlow.Domain.Deadlines.RequestStage>(State) : CaseFlow.Domain.Deadlines.RequestStage.Closed,
            Deadlines = new CaseFlow.Domain.Deadlines.RequestDeadlines(Received, default, Received, new(Due, false), new(Due, false), ExtensionDays, 0, [], "", false),
            ReplyDueOn = Due, ExtensionWorkingDays = ExtensionDays, ClosedOn = Closed,
            CloseReason = (CaseFlow.Domain.Requests.CloseReason?)CloseReason, Outcome = (CaseFlow.Domain.Replies.Outcome?)Outcome,
        }, Today);
    }

    private static IEnumerable<Seeded> Requests(int count)
    {
        var random = new Random(42);
        var first = new LocalDate(2020, 1, 1);
        var days = Period.DaysBetween(first, Today) + 1;
        var outcomes = CaseFlow.Domain.Replies.Outcomes.All;
        for (var i = 0; i < count; i++)
        {
            var received = first.PlusDays((int)((long)i * days / count));
            var extension = random.Next(10) == 0 ? random.Next(1, 21) : 0;
            var due = received.PlusDays(28 + extension * 7 / 5);
            var age = Period.DaysBetween(received, Today);
            var open = age < 40 ? random.Next(10) < 7 : random.Next(20_000) == 0;
            var closed = open ? (LocalDate?)null : received.PlusDays(random.Next(0, Math.Min(age, Period.DaysBetween(received, due.PlusDays(6))) + 1));
            var reason = open ? (int?)null : random.Next(20) == 0 ? 3 : 1;
            yield return new Seeded(i, $"agency-{i % Agencies}", $"handler-{random.Next(HandlersPerAgency)}", received, due, closed, reason,
                open ? null : (int)outcomes[random.Next(outcomes.Count)], extension, random.Next(1, 7),
                open ? (extension > 0 ? "AwaitingExtensionDecision" : "InProgress") : reason == 3 ? "Withdrawn" : "Replied");
        }
    }

    private static Instant RegisteredAt(LocalDate received) => received.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();

    private static async Task SeedSqliteAsync(Database database, int count)
    {
        await using var connection = (SqliteConnection)await database.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = RequestStore.Insert;
        var p = new Dictionary<string, SqliteParameter>();
        foreach (var name in new[] { "Id", "Version", "State", "AgencyCode", "TrackingNumber", "ApplicantName", "ApplicantType", "Channel", "Handler", "Description",
                     "ReceivedOn", "CorrectionDueOn", "ReplyDueOn", "Provisional", "Overdue", "ClockRunning", "StoppedSince", "OnTime", "OnTimeWithoutExtension", "CountedOutcome", "Outcome", "CloseReason", "ClosedOn", "ExtensionDays",
                     "CalendarVersion", "RegisteredAt", "UpdatedAt", "Data" })
            p[name] = command.Parameters.Add(new SqliteParameter("@" + name, DBNull.Value));
        static string Iso(LocalDate d) => d.ToString("uuuu-MM-dd", null);
        foreach (var r in Requests(count))
        {
            var at = NodaTimeTypeHandlers.SqliteInstant.Format(RegisteredAt(r.Received));
            p["Id"].Value = Guid.NewGuid().ToString();
            p["Version"].Value = 1;
            p["State"].Value = r.State;
            p["AgencyCode"].Value = r.Agency;
            p["TrackingNumber"].Value = $"{r.Received.Year}-{r.Index:D7}";
            p["ApplicantName"].Value = $"申请人{r.Index % 50_000}";
            p["ApplicantType"].Value = r.ApplicantType;
            p["Channel"].Value = 1;
            p["Handler"].Value = r.Handler;
            p["Description"].Value = "申请公开有关文件";
            p["ReceivedOn"].Value = Iso(r.Received);
            p["ReplyDueOn"].Value = Iso(r.Due);
            p["Provisional"].Value = 0;
            var decided = r.Decided;
            p["Overdue"].Value = decided.Overdue ? 1 : 0;
            p["ClockRunning"].Value = decided.ClockRunning ? 1 : 0;
            p["OnTime"].Value = decided.OnTime is { } onTime ? (onTime ? 1 : 0) : DBNull.Value;
            p["OnTimeWithoutExtension"].Value = decided.OnTimeWithoutExtension is { } plain ? (plain ? 1 : 0) : DBNull.Value;
            p["CountedOutcome"].Value = (object?)(int?)decided.CountedOutcome ?? DBNull.Value;
            p["Outcome"].Value = (object?)r.Outcome ?? DBNull.Value;
            p["CloseReason"].Value = (object?)r.CloseReason ?? DBNull.Value;
            p["ClosedOn"].Value = r.Closed is { } c ? Iso(c) : DBNull.Value;
            p["ExtensionDays"].Value = r.ExtensionDays;
            p["RegisteredAt"].Value = at;
            p["UpdatedAt"].Value = at;
            p["Data"].Value = "{}";
            await command.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        await connection.ExecuteAsync("ANALYZE;");
    }

    private static async Task SeedPostgreSqlAsync(Database database, int count)
    {
        await using var connection = (NpgsqlConnection)await database.OpenAsync();
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY requests (id, version, state, agency_code, tracking_number, applicant_name, applicant_type, channel, handler, description, " +
            "received_on, reply_due_on, provisional, overdue, clock_running, on_time, on_time_without_extension, counted_outcome, outcome, close_reason, closed_on, extension_days, registered_at, updated_at, data) FROM STDIN (FORMAT BINARY)"))
        {
            // The counters' row triggers (migration 0008) run when the COPY completes: far longer than a command's default.
            copy.Timeout = TimeSpan.FromHours(1);
            foreach (var r in Requests(count))
            {
                var at = RegisteredAt(r.Received).ToDateTimeUtc();
                await copy.StartRowAsync();
                await copy.WriteAsync(Guid.NewGuid().ToString(), NpgsqlDbType.Varchar);
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
                await copy.WriteAsync(r.State, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Agency, NpgsqlDbType.Text);
                await copy.WriteAsync($"{r.Received.Year}-{r.Index:D7}", NpgsqlDbType.Text);
                await copy.WriteAsync($"申请人{r.Index % 50_000}", NpgsqlDbType.Text);
                await copy.WriteAsync(r.ApplicantType, NpgsqlDbType.Integer);
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
                await copy.WriteAsync(r.Handler, NpgsqlDbType.Text);
                await copy.WriteAsync("申请公开有关文件", NpgsqlDbType.Text);
                await copy.WriteAsync(r.Received.ToDateOnly(), NpgsqlDbType.Date);
                await copy.WriteAsync(r.Due.ToDateOnly(), NpgsqlDbType.Date);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                var decided = r.Decided;
                await copy.WriteAsync(decided.Overdue, NpgsqlDbType.Boolean);
                await copy.WriteAsync(decided.ClockRunning, NpgsqlDbType.Boolean);
                if (decided.OnTime is { } onTime) await copy.WriteAsync(onTime, NpgsqlDbType.Boolean); else await copy.WriteNullAsync();
                if (decided.OnTimeWithoutExtension is { } plain) await copy.WriteAsync(plain, NpgsqlDbType.Boolean); else await copy.WriteNullAsync();
                if (decided.CountedOutcome is { } counted) await copy.WriteAsync((int)counted, NpgsqlDbType.Integer); else await copy.WriteNullAsync();
                if (r.Outcome is { } o) await copy.WriteAsync(o, NpgsqlDbType.Integer); else await copy.WriteNullAsync();
                if (r.CloseReason is { } cr) await copy.WriteAsync(cr, NpgsqlDbType.Integer); else await copy.WriteNullAsync();
                if (r.Closed is { } c) await copy.WriteAsync(c.ToDateOnly(), NpgsqlDbType.Date); else await copy.WriteNullAsync();
                await copy.WriteAsync(r.ExtensionDays, NpgsqlDbType.Integer);
                await copy.WriteAsync(at, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(at, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync("{}", NpgsqlDbType.Text);
            }
            await copy.CompleteAsync();
        }
        // Autovacuum would have set the visibility map of a table at rest; without it no index-only scan is possible. The
        // one-transaction load left a dead version of a counter row per request (migration 0008's triggers), which no
        // production write does (a saga transaction changes one request, autovacuum reclaims the versions as it goes):
        // the counters are compacted to the size they have at rest.
        await connection.ExecuteAsync("VACUUM FULL timeliness_counts;");
        await connection.ExecuteAsync("VACUUM FULL report_request_counts;");
        await connection.ExecuteAsync("VACUUM ANALYZE;");
    }
}
