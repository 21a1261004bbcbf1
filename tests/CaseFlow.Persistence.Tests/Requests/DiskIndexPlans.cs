using CaseFlow.Persistence.Migrations;
using CaseFlow.Persistence.Reporting;
using CaseFlow.Persistence.Supervision;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Tests.Requests;

/// <summary>Issue 15 item 5, disk per request (migration 0029): the index on <c>requests</c> that no page read is gone,
/// and the ones that only serve a few rows hold only those rows, while every statement that read them still reads one
/// index range (plans, not timings). A database with rows written before 0029 answers the same after it.</summary>
public sealed class SqliteDiskIndexPlans : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("caseflow-disk-plans-").FullName;

    private Database Create() =>
        new(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(_directory, "disk.db")}" });

    private async Task<Database> MigratedAsync()
    {
        var database = Create();
        await new Migrator(database, SystemClock.Instance).MigrateAsync();
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
        AgencyCode = "a", Year = 2025, From = new LocalDate(2025, 1, 1), To = new LocalDate(2025, 12, 31), Skip = 0, Take = 10,
    };

    [Fact]
    public async Task The_index_no_page_reads_is_dropped()
    {
        var database = await MigratedAsync();
        await using var connection = await database.OpenAsync();

        var indexes = (await connection.QueryAsync<string>("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'requests'")).ToList();

        Assert.DoesNotContain("ix_requests_closed_timeliness", indexes);
        // The workbench's count of a handler's requests reads ix_requests_timeliness alone: it stays.
        Assert.Contains("ix_requests_timeliness", indexes);
        Assert.Contains("ix_requests_open_received", indexes);
    }

    [Fact]
    public async Task The_dashboards_oldest_open_requests_read_the_open_requests_index_in_order()
    {
        var database = await MigratedAsync();

        var plan = await PlanAsync(database, Scope.To(Dashboard.SelectOldestOpen, "a") + database.Dialect.Page, Parameters);

        Assert.Contains("USING INDEX ix_requests_open_received (agency_code=? AND closed_on=? AND received_on>?)", plan);
        Assert.DoesNotContain("TEMP B-TREE", plan);
    }

    [Theory]
    [InlineData(nameof(FeeFigures.SelectCharged), "ix_requests_fee_charged (fee_charged_year=? AND agency_code=?)", "a")]
    [InlineData(nameof(FeeFigures.SelectCharged), "ix_requests_fee_charged (fee_charged_year=?)", null)]
    [InlineData(nameof(FeeFigures.SelectCollected), "ix_requests_fee_collected (fee_collected_year=? AND agency_code=?)", "a")]
    [InlineData(nameof(FeeFigures.SelectCollected), "ix_requests_fee_collected (fee_collected_year=?)", null)]
    public async Task The_fee_figures_read_only_their_index_of_requests_with_a_fee(string statement, string index, string? agency)
    {
        var database = await MigratedAsync();
        var sql = Scope.To((string)typeof(FeeFigures).GetField(statement)!.GetRawConstantValue()!, agency);

        var plan = await PlanAsync(database, sql, Parameters);

        Assert.Contains("USING COVERING INDEX " + index, plan);
    }

    [Theory]
    [InlineData("a", @"SEARCH r USING (COVERING )?INDEX ix_requests_\w+ \(agency_code=\? AND closed_on>\? AND closed_on<\?\)")]
    [InlineData(null, @"SEARCH r USING INDEX ix_requests_report_open \(closed_on>\? AND closed_on<\?\)")]
    public async Task The_dashboards_state_history_still_reads_one_index_range(string? agency, string expected)
    {
        var database = await MigratedAsync();

        Assert.Matches(expected, await PlanAsync(database, Scope.To(Dashboard.SelectStateHistory, agency), Parameters));
    }

    /// <summary>The time per stage (migration 0034) reads one range of its counters: the primary key for one agency, the
    /// covering index by day for all of them.</summary>
    [Theory]
    [InlineData("a", @"SEARCH stage_time_counts USING PRIMARY KEY \(agency_code=\? AND closed_on>\? AND closed_on<\?\)")]
    [InlineData(null, @"SEARCH stage_time_counts USING COVERING INDEX ix_stage_time_counts_closed \(closed_on>\? AND closed_on<\?\)")]
    public async Task The_dashboards_stage_times_read_one_range_of_their_counters(string? agency, string expected)
    {
        var database = await MigratedAsync();

        Assert.Matches(expected, await PlanAsync(database, Scope.To(Dashboard.SelectStageTimes, agency), Parameters));
    }

    [Theory]
    [InlineData("a")]
    [InlineData(null)]
    public async Task The_timeliness_recount_reads_an_index_of_requests_not_the_table(string? agency)
    {
        var database = await MigratedAsync();

        var plan = await PlanAsync(database, Scope.To(Dashboard.RecountTimelinessCells, agency), Parameters);

        Assert.Contains("SEARCH requests USING ", plan);
        Assert.DoesNotContain("SCAN requests", plan);
    }

    [Fact]
    public async Task Rows_written_before_migration_0029_are_found_the_same_after_it()
    {
        var database = Create();
        await using (var connection = await database.OpenAsync())
        {
            await new Migrator(database, SystemClock.Instance).MigrateBeforeAsync(29);
            // Four requests of agency a: open (received 2025-03-01, 2025-02-01), closed; one fee charged in 2025 and collected in
            // 2026, one charged and collected in 2025; one of agency b with a fee of 2025.
            const string insert = """
                INSERT INTO requests (id, version, state, agency_code, tracking_number, applicant_name, applicant_type, channel,
                                      description, received_on, closed_on, close_reason, outcome, counted_outcome, registered_at, updated_at, data,
                                      fee_amount_fen, fee_charged_year, fee_collected_year)
                VALUES (@Id, 1, 'InProgress', @Agency, @Number, '王小明', 1, 1, '预算', @ReceivedOn, @ClosedOn, @Closed, @Closed, @Closed,
                        '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '{}', @Fen, @Charged, @Collected)
                """;
            await connection.ExecuteAsync(insert, new[]
            {
                new { Id = "1", Closed = (int?)null, Agency = "a", Number = "2025-000001", ReceivedOn = (string?)"2025-03-01", ClosedOn = (string?)null, Fen = (long?)5000, Charged = (int?)2025, Collected = (int?)2026 },
                new { Id = "2", Closed = (int?)null, Agency = "a", Number = "2025-000002", ReceivedOn = (string?)"2025-02-01", ClosedOn = (string?)null, Fen = (long?)null, Charged = (int?)null, Collected = (int?)null },
                new { Id = "3", Closed = (int?)1, Agency = "a", Number = "2025-000003", ReceivedOn = (string?)"2025-01-01", ClosedOn = (string?)"2025-04-01", Fen = (long?)2000, Charged = (int?)2025, Collected = (int?)2025 },
                new { Id = "4", Closed = (int?)null, Agency = "b", Number = "2025-000001", ReceivedOn = (string?)"2025-01-05", ClosedOn = (string?)null, Fen = (long?)1000, Charged = (int?)2025, Collected = (int?)2025 },
            });
        }

        var applied = await new Migrator(database, SystemClock.Instance).MigrateAsync();

        Assert.Contains(applied, m => m.Version == 29);
        Assert.Equal(new FeeYearFigures("a", 2025, 2, 70m, 1, 20m), await FeeFigures.ForYearAsync(database, 2025, "a"));
        Assert.Equal(new FeeYearFigures(null, 2025, 3, 80m, 2, 30m), await FeeFigures.ForYearAsync(database, 2025, null));
        await using var read = await database.OpenAsync();
        var oldest = await Dashboard.OldestOpenAsync(read, database.Dialect, "a");
        Assert.Equal(["2025-000002", "2025-000001"], oldest.Select(r => r.TrackingNumber));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
