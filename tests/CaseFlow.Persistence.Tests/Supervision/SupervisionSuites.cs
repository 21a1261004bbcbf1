using CaseFlow.Persistence.Tests.Suite;
using CaseFlow.Testing;

namespace CaseFlow.Persistence.Tests.Supervision;

public sealed class SqliteSupervision : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("caseflow-supervision-").FullName;

    [Theory]
    [MemberData(nameof(SupervisionScenarios.All), MemberType = typeof(SupervisionScenarios))]
    public Task Scenario(string scenario) => SupervisionScenarios.RunAsync(scenario, new Database(new DatabaseOptions
    {
        Provider = DatabaseProvider.Sqlite,
        ConnectionString = $"Data Source={Path.Combine(_directory, $"{scenario}.db")}",
    }));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>The supervision suite on a real PostgreSQL that the test run starts on loopback.</summary>
public sealed class PostgreSqlSupervision
{
    [Theory]
    [MemberData(nameof(SupervisionScenarios.All), MemberType = typeof(SupervisionScenarios))]
    public async Task Scenario(string scenario)
    {
        var server = await PostgresServer.StartSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("supervision");
        await SupervisionScenarios.RunAsync(scenario, new Database(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connectionString }));
    }
}

/// <summary>The supervision suite on SQL Server where <c>CASEFLOW_SQLSERVER</c> is set; skipped otherwise.</summary>
public sealed class SqlServerSupervision
{
    [SqlServerTheory]
    [MemberData(nameof(SupervisionScenarios.All), MemberType = typeof(SupervisionScenarios))]
    public Task Scenario(string scenario) => SupervisionScenarios.RunAsync(scenario, new Database(new DatabaseOptions
    {
        Provider = DatabaseProvider.SqlServer,
        ConnectionString = Environment.GetEnvironmentVariable(SqlServerTheoryAttribute.Variable)!,
    }));
}
