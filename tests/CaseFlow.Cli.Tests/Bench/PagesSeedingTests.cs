using CaseFlow.Cli.Bench;
using CaseFlow.Persistence;
using CaseFlow.Domain.Supervision;
using CaseFlow.Persistence.Migrations;
using CaseFlow.Persistence.Supervision;
using CaseFlow.Testing;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace CaseFlow.Cli.Tests.Bench;

/// <summary>The fast seeding of <c>bench pages</c> writes what the product writes, into the schema the migrations create.</summary>
public sealed class PagesSeedingTests
{
    [Fact]
    public void Requests_rendered_from_their_shapes_template_equal_what_the_products_code_composes()
    {
        const int requests = 1_000_000;
        var seeder = new RequestSeeder(requests);
        int extended = 0, withdrawn = 0, overdue = 0, closed = 0, open = 0;
        for (var index = 0; index < requests; index += 97)
            foreach (var isOpen in new[] { false, true })
            {
                var rendered = seeder.Seed(index, isOpen);
                var direct = seeder.ComposeDirect(index, isOpen);

                Assert.Equal(direct.Row, rendered.Row);
                Assert.Equal(direct.LastActivity, rendered.LastActivity);
                Assert.Equal(direct.Audit.Count, rendered.Audit.Count);
                for (var i = 0; i < direct.Audit.Count; i++)
                    Assert.Equal(direct.Audit[i] with { MessageId = "" }, rendered.Audit[i] with { MessageId = "" });
                extended += direct.Row.ExtensionDays > 0 ? 1 : 0;
                withdrawn += direct.Row.State == "Withdrawn" ? 1 : 0;
                overdue += direct.Row.Overdue ? 1 : 0;
                closed += direct.Row.ClosedOn is null ? 0 : 1;
                open += direct.Row.ClosedOn is null ? 1 : 0;
            }
        // Every kind of request was compared, and the templates are shared (far fewer shapes than requests).
        Assert.All(new[] { extended, withdrawn, overdue, closed, open }, count => Assert.True(count > 20));
        Assert.True(seeder.Shapes < (closed + open) / 2, $"{seeder.Shapes} shapes for {closed + open} requests");
    }

    /// <summary>The seeded time per stage (stage_time_counts, as the workflow writes it when each request closes) equals the
    /// recount over the seeded audit trail, for every agency and for one.</summary>
    private static async Task AssertSeededStageTimesEqualTheRecountAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        LocalDate from = new(2000, 1, 1), to = new(2100, 12, 31);
        foreach (var agency in new[] { null, "agency-0" })
        {
            var stored = await Dashboard.StageTimesAsync(connection, agency, from, to);
            var recount = StageDurations.Compute((await Dashboard.StateHistoryAsync(connection, agency, from, to)).Select(h => new StateEntry(h.RequestId, h.At, h.State)));
            Assert.NotEmpty(recount);
            Assert.Equal(recount, stored);
        }
    }

    [Fact]
    public async Task The_seeded_sqlite_database_has_the_migrated_schema_and_journal_mode()
    {
        var directory = Directory.CreateTempSubdirectory("caseflow-seed-schema-").FullName;
        try
        {
            async Task<(List<string> Schema, string Journal)> Describe(string file, bool seed)
            {
                var database = new Database(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(directory, file)}" });
                await new Migrator(database, SystemClock.Instance).MigrateAsync();
                if (seed)
                {
                    Assert.True(await PagesBench.SeedAsync(database, new PagesBenchOptions(400, 0.05, DatabaseProvider.Sqlite, null, 1, true)) > 400);
                    await AssertSeededStageTimesEqualTheRecountAsync(database);
                }
                await using var connection = await database.OpenAsync();
                if (seed)
                {
                    await AssertMonthsEqualRecountAsync(connection);
                    await AssertOpenCountsEqualRecountAsync(connection);
                }
                var schema = (await connection.QueryAsync<string>("SELECT type || ' ' || name || ' ' || tbl_name || ' ' || COALESCE(sql, '') FROM sqlite_master")).Order().ToList();
                return (schema, await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode") ?? "");
            }

            var migrated = await Describe("migrated.db", seed: false);
            var seeded = await Describe("seeded.db", seed: true);

            Assert.Contains(migrated.Schema, s => s.StartsWith("index ix_requests_running_due requests", StringComparison.Ordinal));
            Assert.Contains(migrated.Schema, s => s.StartsWith("trigger tr_requests_open_counts_insert requests", StringComparison.Ordinal));
            Assert.Equal(migrated.Schema, seeded.Schema);
            Assert.Equal("wal", migrated.Journal);
            Assert.Equal("wal", seeded.Journal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_seeded_postgresql_database_has_the_migrated_indexes_and_triggers()
    {
        var server = await PostgresServer.StartSharedAsync();

        async Task<List<string>> Describe(bool seed)
        {
            var database = new Database(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = await server.CreateDatabaseAsync("seedschema") });
            await new Migrator(database, SystemClock.Instance).MigrateAsync();
            if (seed)
            {
                Assert.True(await PagesBench.SeedAsync(database, new PagesBenchOptions(400, 0.05, DatabaseProvider.PostgreSql, null, 1, true)) > 400);
                await AssertSeededStageTimesEqualTheRecountAsync(database);
            }
            await using var connection = await database.OpenAsync();
            if (seed)
            {
                await AssertMonthsEqualRecountAsync(connection);
                await AssertOpenCountsEqualRecountAsync(connection);
            }
            var indexes = await connection.QueryAsync<string>("SELECT tablename || ' ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()");
            var triggers = await connection.QueryAsync<string>("SELECT tgrelid::regclass::text || ' ' || tgname FROM pg_trigger WHERE NOT tgisinternal");
            var constraints = await connection.QueryAsync<string>("SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = current_schema()::regnamespace");
            return indexes.Concat(triggers).Concat(constraints).Order().ToList();
        }

        var migrated = await Describe(seed: false);
        var seeded = await Describe(seed: true);

        Assert.Contains(migrated, s => s.StartsWith("requests ix_requests_running_due ", StringComparison.Ordinal));
        Assert.Contains("requests tr_requests_open_counts_insert_delete", migrated);
        Assert.Equal(migrated, seeded);
    }

    /// <summary>The seed's replies went through the counters' triggers: the dashboard's month counters (migration 0033) equal
    /// the recount of the day counters.</summary>
    private static async Task AssertMonthsEqualRecountAsync(System.Data.Common.DbConnection connection)
    {
        var (from, to) = (new YearMonth(2019, 1), new YearMonth(2027, 12));
        var months = await CaseFlow.Persistence.Supervision.Dashboard.TimelinessMonthsAsync(connection, null, from, to);
        var recount = await CaseFlow.Persistence.Supervision.Dashboard.RecountTimelinessMonthsAsync(connection, null, from, to);
        Assert.True(months.Sum(m => m.Replied) > 100, $"{months.Sum(m => m.Replied)} replies seeded");
        Assert.Equal(
            recount.OrderBy(m => m.AgencyCode, StringComparer.Ordinal).ThenBy(m => m.Month).ThenBy(m => m.Handler, StringComparer.Ordinal),
            months.OrderBy(m => m.AgencyCode, StringComparer.Ordinal).ThenBy(m => m.Month).ThenBy(m => m.Handler, StringComparer.Ordinal));
    }

    /// <summary>The seed's rows went through the open counts' triggers (migration 0032): the stored counts the pages read
    /// equal the recount of the seeded rows.</summary>
    private static async Task AssertOpenCountsEqualRecountAsync(System.Data.Common.DbConnection connection)
    {
        var (stored, recounted) = await CaseFlow.Persistence.Requests.OpenCounts.TotalsAsync(connection);
        Assert.Equal(recounted, stored);
        Assert.True(stored.Sum(r => r.OpenRequests) > 10, "the seed holds open requests");
        var (storedDue, recountedDue) = await CaseFlow.Persistence.Requests.OpenCounts.RunningDueAsync(connection);
        Assert.Equal(recountedDue, storedDue);
        Assert.NotEmpty(storedDue);
    }
}
