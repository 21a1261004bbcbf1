using CaseFlow.Domain.Fees;
using CaseFlow.Persistence.Migrations;
using CaseFlow.Persistence.Reporting;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Tests.Suite;
using CaseFlow.Testing;
using NodaTime;
using NodaTime.Testing;

namespace CaseFlow.Persistence.Tests.Reporting;

/// <summary>Issue 17 item 5 on every database: the fee figures of a year (annual report section 六) sum the columns the
/// workflow stores, and 按件计收 counts the same applicant's applications of the calendar month at one agency.</summary>
public static class FeeFigureScenarios
{
    private static readonly Instant Now = Instant.FromUtc(2025, 3, 1, 2, 0);

    private static LocalDate D(string iso) => NodaTime.Text.LocalDatePattern.Iso.Parse(iso).GetValueOrThrow();

    private static async Task InsertAsync(Database database, string agency, string tracking, string applicant, string receivedOn,
        decimal? fee = null, string? servedOn = null, string? paidOn = null)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        await RequestStore.InsertAsync(new DbSession(connection, transaction, database.Dialect), new RequestRow
        {
            Id = Guid.NewGuid().ToString(), Version = 1, State = "InProgress", AgencyCode = agency, TrackingNumber = tracking, ApplicantName = applicant,
            ApplicantType = 1, Channel = 1, Description = "—", ReceivedOn = D(receivedOn), RegisteredAt = Now, UpdatedAt = Now, Data = "{}",
            FeeAmountFen = fee is { } yuan ? FeeYears.Fen(yuan) : null,
            FeeChargedYear = servedOn is null ? null : FeeYears.Charged(D(servedOn)),
            FeeCollectedYear = FeeYears.Collected(paidOn is null ? null : D(paidOn)),
        });
        await transaction.CommitAsync();
    }

    public static async Task RunAsync(Database database)
    {
        await new Migrator(database, new FakeClock(Now)).MigrateAsync();

        await InsertAsync(database, "county", "2024-000001", "张三", "2024-12-02", 1100m, "2024-12-20", "2025-01-06");
        await InsertAsync(database, "county", "2024-000002", "李四", "2024-12-02", 50.5m, "2024-12-20");
        await InsertAsync(database, "county", "2025-000001", "王五", "2025-01-03", 200m, "2025-01-10", "2025-01-15");
        await InsertAsync(database, "township", "2024-000001", "张三", "2024-12-02", 999m, "2024-12-20", "2024-12-21");
        await InsertAsync(database, "county", "2024-000003", "张三 ", "2024-12-03");
        await InsertAsync(database, "county", "2024-000004", "张三", "2024-11-30");

        await using var connection = await database.OpenAsync();
        Assert.Equal(new FeeYearFigures("county", 2024, 2, 1150.5m, 0, 0m), await FeeFigures.ForYearAsync(connection, "county", 2024));
        Assert.Equal(new FeeYearFigures("county", 2025, 1, 200m, 2, 1300m), await FeeFigures.ForYearAsync(connection, "county", 2025));
        Assert.Equal(new FeeYearFigures("township", 2024, 1, 999m, 1, 999m), await FeeFigures.ForYearAsync(connection, "township", 2024));

        // 张三 at county in December 2024: 2024-000001 (2 Dec) is the 1st, 2024-000003 (3 Dec, name stored with a space) the
        // 2nd; November's and the township's do not count.
        var month = FeeCounting.MonthOf(D("2024-12-03")).From;
        Assert.Equal(1, await ApplicationCounts.OrdinalInMonthAsync(connection, "county", "张三", month, D("2024-12-02"), "2024-000001"));
        Assert.Equal(2, await ApplicationCounts.OrdinalInMonthAsync(connection, "county", "张三", month, D("2024-12-03"), "2024-000003"));
        Assert.Equal(1, await ApplicationCounts.OrdinalInMonthAsync(connection, "county", "李四", month, D("2024-12-02"), "2024-000002"));
    }
}

public sealed class SqliteFeeFigures : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("caseflow-fees-").FullName;

    [Fact]
    public Task Fee_figures_and_application_counts() => FeeFigureScenarios.RunAsync(new Database(new DatabaseOptions
    {
        Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(_directory, "fees.db")}",
    }));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

public sealed class PostgreSqlFeeFigures
{
    [Fact]
    public async Task Fee_figures_and_application_counts()
    {
        var server = await PostgresServer.StartSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("fees");
        await FeeFigureScenarios.RunAsync(new Database(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connectionString }));
    }
}

public sealed class SqlServerFeeFigures
{
    [SqlServerTheory]
    [InlineData("fees")]
    public Task Fee_figures_and_application_counts(string _) => FeeFigureScenarios.RunAsync(new Database(new DatabaseOptions
    {
        Provider = DatabaseProvider.SqlServer, ConnectionString = Environment.GetEnvironmentVariable(SqlServerTheoryAttribute.Variable)!,
    }));
}
