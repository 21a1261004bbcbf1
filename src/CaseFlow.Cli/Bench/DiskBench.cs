using CaseFlow.Persistence;
using CaseFlow.Persistence.Messaging;
using CaseFlow.Persistence.Migrations;
using CaseFlow.Workflows.DisclosureRequest;
using Dapper;
using Microsoft.Extensions.Hosting;
using NodaTime;

namespace CaseFlow.Cli.Bench;

/// <summary>Settings of one <c>caseflow bench disk</c> run.</summary>
public sealed record DiskBenchOptions(int Cases, int Concurrency, DatabaseProvider Provider, string? ConnectionString, bool Json = false);

/// <summary>Bytes the database holds, per request, once and after pruning; <c>tables</c> per table (indexes included),
/// <c>objects</c> per b-tree: each table's own rows (PostgreSQL: with its TOAST) and each index by name.</summary>
public sealed record DiskFootprint(double BytesPerRequest, IReadOnlyDictionary<string, double> Tables, IReadOnlyDictionary<string, double> Objects);

/// <summary>The answer: <c>{provider, requests, beforePruning, afterPruning, emptyBytes}</c>.</summary>
public sealed record DiskBenchResult(string Provider, int Requests, long EmptyBytes, DiskFootprint BeforePruning, DiskFootprint AfterPruning);

/// <summary>Issue 15 item 5: drives <see cref="DiskBenchOptions.Cases"/> requests through the whole lifecycle path of
/// <see cref="LifecycleBench"/> on the real engine (no attachments), then measures what the database holds per request
/// above the same database migrated and empty; then prunes as <c>RetentionSweeper</c> does once its retention has passed
/// (sent outbox rows, inbox ids, fired and cancelled timers of closed requests) and measures again. SQLite: the pages
/// of every table and index (<c>dbstat</c>), i.e. the file after <c>VACUUM</c>. PostgreSQL: <c>pg_total_relation_size</c>
/// of every table after <c>VACUUM FULL</c> (the bench's, to count live rows only; the product relies on autovacuum
/// reusing the space).</summary>
public static class DiskBench
{
    public static async Task<DiskBenchResult> RunAsync(DiskBenchOptions options, TextWriter output)
    {
        var directory = Directory.CreateTempSubdirectory("caseflow-disk-").FullName;
        try
        {
            var connectionString = options.ConnectionString ?? $"Data Source={Path.Combine(directory, "disk.db")}";
            var database = new Database(new DatabaseOptions { Provider = options.Provider, ConnectionString = connectionString });
            await new Migrator(database, SystemClock.Instance).MigrateAsync();
            var empty = await MeasureAsync(database);
            var lifecycle = new LifecycleBenchOptions(options.Cases, options.Concurrency, options.Provider, connectionString, "InMemory", "127.0.0.1", 5672, 1);
            var node = await LifecycleBench.StartNodeAsync(LifecycleBench.Settings(lifecycle, connectionString));
            try
            {
                var today = ChinaTime.Today(SystemClock.Instance);
                await Parallel.ForAsync(0, options.Cases, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (_, _) =>
                    await LifecycleBench.DriveAsync(node.Services, Guid.NewGuid(), today, LifecycleBench.Agency));
                await WaitForOutboxSentAsync(database);
            }
            finally
            {
                await node.StopAsync();
                node.Dispose();
            }
            var before = await MeasureAsync(database);
            // As if the retention (default 7 days) had passed: everything sent, received and fired so far is prunable.
            var pruned = await Retention.PruneAsync(database, SystemClock.Instance.GetCurrentInstant() + Duration.FromMinutes(1), 500);
            var after = await MeasureAsync(database);
            var result = new DiskBenchResult(options.Provider.ToString(), options.Cases, empty.Total,
                PerRequest(before, empty, options.Cases), PerRequest(after, empty, options.Cases));
            if (options.Json)
                output.WriteLine(System.Text.Json.JsonSerializer.Serialize(result, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)));
            else
            {
                output.WriteLine($"disk bench: {options.Cases} requests through register → correction notice → corrected → extension → decision → reply, {options.Provider}");
                output.WriteLine($"  bytes per request before pruning {result.BeforePruning.BytesPerRequest,8:F0}   after pruning {result.AfterPruning.BytesPerRequest,8:F0}   " +
                                 $"(pruned {pruned.OutboxRows} outbox rows, {pruned.InboxRows} inbox ids, {pruned.DeadlineRows} timers)");
                foreach (var (table, bytes) in result.BeforePruning.Tables.OrderByDescending(t => t.Value))
                {
                    output.WriteLine($"    {table,-40} {bytes,8:F0} → {result.AfterPruning.Tables.GetValueOrDefault(table),8:F0}");
                    foreach (var (name, part) in result.BeforePruning.Objects.Where(o => o.Key == table || o.Key.StartsWith(table + ".", StringComparison.Ordinal)).OrderByDescending(o => o.Value))
                        output.WriteLine($"      {name,-38} {part,8:F0} → {result.AfterPruning.Objects.GetValueOrDefault(name),8:F0}");
                }
            }
            return result;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static DiskFootprint PerRequest(Measured measured, Measured empty, int requests) =>
        new(Math.Round((measured.Total - empty.Total) / (double)requests, 1), Per(measured.Tables, empty.Tables, requests),
            Per(measured.Objects, empty.Objects, requests));

    private static Dictionary<string, double> Per(Dictionary<string, long> measured, Dictionary<string, long> empty, int requests) =>
        measured
            .Select(t => (t.Key, Bytes: (t.Value - empty.GetValueOrDefault(t.Key)) / (double)requests))
            .Where(t => Math.Abs(t.Bytes) >= 0.5)
            .ToDictionary(t => t.Key, t => Math.Round(t.Bytes, 1));

    /// <summary>Bytes per table (its indexes included) and per b-tree (<c>table</c> for its rows, <c>table.index</c>).</summary>
    internal sealed record Measured(long Total, Dictionary<string, long> Tables, Dictionary<string, long> Objects);

    private static async Task WaitForOutboxSentAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        for (var i = 0; i < 600; i++)
        {
            if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL") == 0)
                return;
            await Task.Delay(100);
        }
        throw new InvalidOperationException("The outbox was not relayed within a minute.");
    }

    /// <summary>Bytes held by each table with its indexes, by each table's rows and each index, and their sum.</summary>
    internal static async Task<Measured> MeasureAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        List<(string Table, string Name, long Bytes)> objects;
        if (database.Dialect is Persistence.Dialects.SqliteDialect)
        {
            await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
            try
            {
                // Every b-tree's pages: the table's own (its rowid or WITHOUT ROWID tree) and each index's.
                objects = (await connection.QueryAsync<(string Table, string Name, long Bytes)>("""
                    SELECT m.tbl_name AS "Table", m.name AS Name, SUM(s.pgsize) AS Bytes
                    FROM dbstat s JOIN sqlite_schema m ON m.name = s.name
                    GROUP BY m.tbl_name, m.name
                    """)).ToList();
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                // A SQLite without the dbstat table: the pages in use, without the breakdown.
                var pages = await connection.ExecuteScalarAsync<long>("SELECT (SELECT page_count FROM pragma_page_count()) - (SELECT freelist_count FROM pragma_freelist_count())");
                objects = [("(all tables)", "(all tables)", pages * await connection.ExecuteScalarAsync<long>("PRAGMA page_size"))];
            }
        }
        else
        {
            await connection.ExecuteAsync("VACUUM FULL");
            // The table with its TOAST (pg_table_size), then each index (all its forks).
            objects = (await connection.QueryAsync<(string Table, string Name, long Bytes)>("""
                SELECT c.relname AS "Table", c.relname AS Name, pg_table_size(c.oid) AS Bytes
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind = 'r' AND n.nspname = current_schema()
                UNION ALL
                SELECT t.relname, i.relname, pg_table_size(i.oid)
                FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace
                WHERE t.relkind = 'r' AND n.nspname = current_schema()
                """)).ToList();
        }
        var tables = objects.GroupBy(o => o.Table).ToDictionary(g => g.Key, g => g.Sum(o => o.Bytes));
        var named = objects.ToDictionary(o => o.Name == o.Table ? o.Table : $"{o.Table}.{o.Name}", o => o.Bytes);
        return new Measured(tables.Values.Sum(), tables, named);
    }
}
