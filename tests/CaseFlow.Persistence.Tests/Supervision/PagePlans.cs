using CaseFlow.Persistence.Migrations;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Supervision;
using CaseFlow.Testing;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Tests.Supervision;

/// <summary>The statements of the pages at scale (issue 15 item 3) are served by their indexes: the 督办 overdue page reads
/// one range of the open requests' index, in the list's full order (no sort of their own), the open counts read the
/// stored counts by their keys (migration 0032), and the public status lookup reads its own index. Plans, not timings: an index that cannot serve the filter or the order fails.</summary>
public sealed class SqlitePagePlans : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("caseflow-plans-").FullName;

    private async Task<Database> MigratedAsync()
    {
        var database = new Database(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(_directory, "plans.db")}" });
        await new Migrator(database, NodaTime.SystemClock.Instance).MigrateAsync();
        return database;
    }

    private static async Task<string> PlanAsync(Database database, string sql, object parameters)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters);
        return string.Join("\n", rows.Select(r => r.Detail));
    }

    private static readonly object Parameters = new
    {
        AgencyCode = "a", Today = new LocalDate(2025, 11, 26), Until = new LocalDate(2025, 12, 3), From = new LocalDate(2025, 1, 1), To = new LocalDate(2025, 12, 31),
        Skip = 50, Take = 50, TrackingNumber = "2025-000001",
    };

    [Theory]
    [InlineData(nameof(FollowUpLists.SelectOverdue))]
    [InlineData(nameof(FollowUpLists.SelectDueSoon))]
    public async Task A_follow_up_page_reads_the_open_requests_index_in_the_lists_order(string statement)
    {
        var database = await MigratedAsync();
        var sql = (string)typeof(FollowUpLists).GetField(statement)!.GetRawConstantValue()! + database.Dialect.Page;

        var plan = await PlanAsync(database, sql, Parameters);

        Assert.Contains("USING INDEX ix_requests_running_due (agency_code=? AND closed_on=? AND clock_running=? AND reply_due_on", plan);
        Assert.DoesNotContain("TEMP B-TREE", plan);
    }

    [Theory]
    [InlineData(nameof(OpenCounts.SelectOverdue))]
    [InlineData(nameof(OpenCounts.SelectDueSoon))]
    [InlineData(nameof(OpenCounts.SelectOpen))]
    public async Task An_open_count_reads_the_stored_counts_by_their_keys_never_the_requests(string statement)
    {
        var database = await MigratedAsync();

        var plan = await PlanAsync(database, (string)typeof(OpenCounts).GetField(statement)!.GetRawConstantValue()!, Parameters);

        // Counted in ix_requests_running_due before migration 0032: every open request of the agency, per page view.
        Assert.DoesNotContain("requests", plan.Replace("running_due_counts", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Matches(@"SEARCH (open_counts|running_due_counts) USING PRIMARY KEY \(agency_code=\?", plan);
        if (statement != nameof(OpenCounts.SelectOpen))
            Assert.Contains("SEARCH running_due_counts USING PRIMARY KEY (agency_code=? AND reply_due_on>", plan);
    }

    [Fact]
    public async Task The_dashboards_open_by_days_left_reads_the_stored_counts_by_their_keys()
    {
        var database = await MigratedAsync();

        var plan = await PlanAsync(database, Dashboard.SelectOpenByDaysLeft, new { AgencyCode = "a", Today = new LocalDate(2025, 11, 26), TwoLeft = new LocalDate(2025, 11, 28), FiveLeft = new LocalDate(2025, 12, 3) });

        Assert.DoesNotContain("requests", plan.Replace("running_due_counts", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("SEARCH running_due_counts USING PRIMARY KEY (agency_code=? AND reply_due_on>?)", plan);
        Assert.Contains("SEARCH o USING PRIMARY KEY (agency_code=?)", plan);
    }

    [Fact]
    public async Task The_status_lookup_reads_its_own_index()
    {
        var database = await MigratedAsync();

        var plan = await PlanAsync(database, RequestList.SelectByTrackingNumber, Parameters);

        Assert.Contains("USING INDEX ix_requests_tracking_number (tracking_number=?)", plan);
    }

    [Fact]
    public async Task The_dashboards_drafts_in_review_read_the_waiting_drafts_first_and_each_request_by_its_key()
    {
        var database = await MigratedAsync();

        var plan = await PlanAsync(database, Scope.To(SupervisionReads.SelectDraftsInReview, "a"), Parameters);

        // Filtering only the request's agency read every request of the agency (ix_requests_fee_collected) and probed its drafts.
        Assert.StartsWith("SEARCH d USING INDEX ix_letter_drafts_waiting (agency_code=? AND status=?)", plan);
        Assert.Contains("SEARCH r USING INDEX sqlite_autoindex_requests_1 (id=?)", plan);
    }

    [Fact]
    public async Task The_annual_report_reads_reopened_requests_from_their_earlier_replies_not_every_request_of_the_agency()
    {
        var database = await MigratedAsync();

        var plan = await PlanAsync(database, Scope.To(CaseFlow.Persistence.Reporting.ReportStore.CountRequests, "a"),
            new { AgencyCode = "a", Year = 2024, YearStart = new LocalDate(2024, 1, 1), YearEnd = new LocalDate(2024, 12, 31) });

        // Reading r first (SEARCH r USING INDEX ix_requests_fee_collected (agency_code=?)) read every request of the agency.
        Assert.DoesNotContain("SEARCH r USING INDEX ix_", plan);
        Assert.DoesNotContain("SCAN r", plan);
        Assert.Contains("SEARCH r USING INDEX sqlite_autoindex_requests_1 (id=?)", plan);
    }

    [Theory]
    [InlineData("a", "SEARCH timeliness_months USING PRIMARY KEY (agency_code=? AND month>? AND month<?)")]
    [InlineData(null, "SEARCH timeliness_months USING COVERING INDEX ix_timeliness_months_month (month>? AND month<?)")]
    public async Task The_dashboards_on_time_rates_read_one_range_of_the_month_counters(string? agency, string expected)
    {
        var database = await MigratedAsync();

        var plan = await PlanAsync(database, Scope.To(Dashboard.SelectTimelinessMonths, agency),
            new { AgencyCode = agency, FromMonth = new LocalDate(2024, 12, 1), ToMonth = new LocalDate(2025, 11, 1) });

        Assert.Equal(expected, plan);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>The same on PostgreSQL: with sequential scans, bitmap scans and sorts priced out (so that an empty test table
/// does not decide the plan), the overdue page is one index scan with no Sort node — an index serves the filter and the
/// full order — and reads a partial index of the open requests only (<c>WHERE closed_on IS NULL</c>: ix_requests_running_due
/// of migration 0026 or ix_requests_open_list of 0014), never a closed request; its count reads the stored counts
/// (migration 0032), never a request. The plans at 200,000 requests are in ADR 0004.</summary>
public sealed class PostgreSqlPagePlans
{
    private static async Task<(string Plan, string IndexDefinition)> PlanAsync(string sql)
    {
        var server = await PostgresServer.StartSharedAsync();
        var database = new Database(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = await server.CreateDatabaseAsync("plans") });
        await new Migrator(database, NodaTime.SystemClock.Instance).MigrateAsync();
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync("SET enable_seqscan = off; SET enable_bitmapscan = off; SET enable_sort = off");
        var plan = string.Join("\n", await connection.QueryAsync<string>("EXPLAIN (COSTS OFF) " + sql, new
        {
            AgencyCode = "a", Today = new LocalDate(2025, 11, 26), Until = new LocalDate(2025, 12, 3), Skip = 50, Take = 50,
        }));
        var index = System.Text.RegularExpressions.Regex.Match(plan, @"Index (?:Only )?Scan using (\w+) on requests").Groups[1].Value;
        var definition = await connection.ExecuteScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE indexname = @Index", new { Index = index }) ?? "";
        return (plan, definition);
    }

    [Fact]
    public async Task The_overdue_page_is_one_scan_of_an_open_requests_index_in_the_lists_order()
    {
        var (plan, index) = await PlanAsync(FollowUpLists.SelectOverdue + new CaseFlow.Persistence.Dialects.PostgreSqlDialect().Page);

        Assert.Matches(@"Limit\n\s+->  Index Scan using \w+ on requests", plan);
        Assert.DoesNotContain("Sort", plan);
        Assert.EndsWith("WHERE (closed_on IS NULL)", index);
    }

    [Fact]
    public async Task The_overdue_count_reads_the_stored_counts_by_their_keys_never_the_requests()
    {
        var (plan, _) = await PlanAsync(OpenCounts.SelectOverdue);

        Assert.DoesNotContain(" on requests", plan);
        Assert.Contains("Index Scan using open_counts_pkey on open_counts", plan);
        Assert.Matches(@"Index (Only )?Scan using running_due_counts_pkey on running_due_counts", plan);
    }
}
