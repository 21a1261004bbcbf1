using System.Diagnostics;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Migrations;
using CaseFlow.Persistence.Reporting;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace CaseFlow.Cli.Bench;

/// <summary>Seeds a SQLite file with <c>count</c> ledger requests over five agencies and six years, and times the annual
/// report query against a plain <c>SELECT COUNT(*)</c> scan of the same table in the same run.</summary>
public static class ReportsBench
{
    public const int Runs = 15;

    public static async Task RunAsync(int count, TextWriter output)
    {
        var directory = Directory.CreateTempSubdirectory("caseflow-bench-reports-").FullName;
        try
        {
            var database = new Database(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(directory, "reports.db")}" });
            await new Migrator(database, SystemClock.Instance).MigrateAsync();
            var seeded = Stopwatch.StartNew();
            await SeedAsync(database, count);
            output.WriteLine($"reports bench: {count:N0} ledger requests, 5 agencies, 2019–2024, SQLite (seeded in {seeded.Elapsed.TotalSeconds:F1} s)");

            await using var connection = await database.OpenAsync();
            var baseline = await TimeAsync(() => connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM ledger_requests"));
            var agency = await TimeAsync(() => ReportStore.ComputeAsync(connection, 2023, "agency-2"));
            var all = await TimeAsync(() => ReportStore.ComputeAsync(connection, 2023, null));
            output.WriteLine($"  {"",-34}{"p50 ms",10}{"p95 ms",10}{"p50 ratio",12}");
            Line("SELECT COUNT(*) scan (baseline)", baseline);
            Line("annual report 2023, one agency", agency);
            Line("annual report 2023, all agencies", all);

            void Line(string name, (double P50, double P95) t) =>
                output.WriteLine($"  {name,-34}{t.P50,10:F1}{t.P95,10:F1}{t.P50 / baseline.P50,11:F2}×");
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

    private static async Task SeedAsync(Database database, int count)
    {
        var random = new Random(42);
        await using var connection = (SqliteConnection)await database.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Ledger.InsertEntry;
        var p = new Dictionary<string, SqliteParameter>();
        foreach (var name in new[] { "AgencyCode", "TrackingNumber", "ApplicantType", "ApplicantName", "ReceivedOn", "ClosedOn", "Outcome", "Handler", "Description", "SourceRow", "ImportBatch", "ImportedAt" })
            p[name] = command.Parameters.Add(new SqliteParameter("@" + name, null));
        var outcomes = CaseFlow.Domain.Replies.Outcomes.All;
        var epoch = new LocalDate(2019, 1, 1);
        var now = NodaTimeTypeHandlers.SqliteInstant.Format(SystemClock.Instance.GetCurrentInstant());
        for (var i = 0; i < count; i++)
        {
            var received = epoch.PlusDays(random.Next(0, 6 * 365));
            var open = random.Next(0, 50) == 0;
            p["AgencyCode"].Value = $"agency-{i % 5}";
            p["TrackingNumber"].Value = $"B-{i}";
            p["ApplicantType"].Value = random.Next(1, 7);
            p["ApplicantName"].Value = DBNull.Value;
            p["ReceivedOn"].Value = received.ToString("uuuu-MM-dd", null);
            p["ClosedOn"].Value = open ? DBNull.Value : received.PlusDays(random.Next(0, 60)).ToString("uuuu-MM-dd", null);
            p["Outcome"].Value = open ? DBNull.Value : (int)outcomes[random.Next(outcomes.Count)];
            p["Handler"].Value = DBNull.Value;
            p["Description"].Value = DBNull.Value;
            p["SourceRow"].Value = i + 2;
            p["ImportBatch"].Value = "bench";
            p["ImportedAt"].Value = now;
            await command.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        await connection.ExecuteAsync("ANALYZE;");
    }
}
