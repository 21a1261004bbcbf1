using CaseFlow.Testing;

namespace CaseFlow.Persistence.Tests.Suite;

public sealed class SqlitePersistence : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("caseflow-persistence-").FullName;

    [Theory]
    [MemberData(nameof(PersistenceScenarios.All), MemberType = typeof(PersistenceScenarios))]
    public Task Scenario(string scenario) => PersistenceScenarios.RunAsync(scenario, new Database(new DatabaseOptions
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

/// <summary>The same suite on a real PostgreSQL that the test run starts on loopback.</summary>
public sealed class PostgreSqlPersistence
{
    [Theory]
    [MemberData(nameof(PersistenceScenarios.All), MemberType = typeof(PersistenceScenarios))]
    public async Task Scenario(string scenario)
    {
        var server = await PostgresServer.StartSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("persistence");
        await PersistenceScenarios.RunAsync(scenario, new Database(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connectionString }));
    }
}

/// <summary>The same suite on SQL Server, which cannot run on our machines: it runs where <c>CASEFLOW_SQLSERVER</c>
/// holds a connection string to an empty database, and reports itself skipped otherwise.</summary>
public sealed class SqlServerPersistence
{
    [SqlServerTheory]
    [MemberData(nameof(PersistenceScenarios.All), MemberType = typeof(PersistenceScenarios))]
    public Task Scenario(string scenario) => PersistenceScenarios.RunAsync(scenario, new Database(new DatabaseOptions
    {
        Provider = DatabaseProvider.SqlServer,
        ConnectionString = Environment.GetEnvironmentVariable(SqlServerTheoryAttribute.Variable)!,
    }));
}

public sealed class SqlServerTheoryAttribute : TheoryAttribute
{
    public const string Variable = "CASEFLOW_SQLSERVER";

    public SqlServerTheoryAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"SQL Server cannot run here: set {Variable} to a SQL Server connection string to run this suite.";
    }
}
