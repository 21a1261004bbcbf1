using CaseFlow.Persistence.Tests.Suite;
using CaseFlow.Testing;

namespace CaseFlow.Persistence.Tests.Reporting;

public sealed class SqliteReporting : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("caseflow-reporting-").FullName;

    [Theory]
    [MemberData(nameof(ReportingScenarios.All), MemberType = typeof(ReportingScenarios))]
    public Task Scenario(string scenario) => ReportingScenarios.RunAsync(scenario, new Database(new DatabaseOptions
    {
        Provider = DatabaseProvider.Sqlite,
        ConnectionString = $"Data Source={Path.Combine(_directory, $"{scenario}.db")}",
    }), _directory);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>The reporting suite on a real PostgreSQL that the test run starts on loopback.</summary>
public sealed class PostgreSqlReporting : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("caseflow-reporting-pg-").FullName;

    [Theory]
    [MemberData(nameof(ReportingScenarios.All), MemberType = typeof(ReportingScenarios))]
    public async Task Scenario(string scenario)
    {
        var server = await PostgresServer.StartSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("reporting");
        await ReportingScenarios.RunAsync(scenario, new Database(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connectionString }), _directory);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

/// <summary>The reporting suite on SQL Server where <c>CASEFLOW_SQLSERVER</c> is set; skipped otherwise.</summary>
public sealed class SqlServerReporting : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("caseflow-reporting-mssql-").FullName;

    [SqlServerTheory]
    [MemberData(nameof(ReportingScenarios.All), MemberType = typeof(ReportingScenarios))]
    public Task Scenario(string scenario) => ReportingScenarios.RunAsync(scenario, new Database(new DatabaseOptions
    {
        Provider = DatabaseProvider.SqlServer,
        ConnectionString = Environment.GetEnvironmentVariable(SqlServerTheoryAttribute.Variable)!,
    }), _directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
