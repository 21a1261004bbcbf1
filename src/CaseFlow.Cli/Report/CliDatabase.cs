using System.CommandLine;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Migrations;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace CaseFlow.Cli.Report;

/// <summary>The database a command works on: <c>--provider</c> and <c>--connection</c>, else the environment variables
/// <c>Database__Provider</c> and <c>Database__ConnectionString</c>, else the web host's SQLite file.</summary>
public sealed class CliDatabase
{
    public const string DefaultConnectionString = "Data Source=.data/caseflow.db";

    public Option<string?> Provider { get; } = new("--provider") { Description = "Sqlite | PostgreSql | SqlServer (default: $Database__Provider, else Sqlite)" };

    public Option<string?> Connection { get; } = new("--connection") { Description = "connection string (default: $Database__ConnectionString, else Data Source=.data/caseflow.db)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Provider);
        command.Options.Add(Connection);
    }

    /// <summary>Opens the selected database and applies the migrations it has not seen.</summary>
    public async Task<Database> OpenAsync(ParseResult parse, string command, IClock clock)
    {
        var providerText = parse.GetValue(Provider) ?? Environment.GetEnvironmentVariable("Database__Provider");
        var providerFlag = parse.GetValue(Provider) is null ? "Database__Provider" : "--provider";
        var provider = DatabaseProvider.Sqlite;
        if (!string.IsNullOrWhiteSpace(providerText) && !Enum.TryParse(providerText, ignoreCase: true, out provider) || !Enum.IsDefined(provider))
            throw new CliInputException(command, $"{providerFlag}: '{providerText}' 须为 Sqlite、PostgreSql 或 SqlServer / is not one of Sqlite, PostgreSql, SqlServer");
        var connection = parse.GetValue(Connection) ?? Environment.GetEnvironmentVariable("Database__ConnectionString");
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (provider != DatabaseProvider.Sqlite)
                throw new CliInputException(command, $"--connection: 须提供 {provider} 连接字符串 / is required for {provider}");
            connection = DefaultConnectionString;
        }
        if (provider == DatabaseProvider.Sqlite)
        {
            string? file;
            try
            {
                file = new SqliteConnectionStringBuilder(connection).DataSource;
            }
            catch (ArgumentException e)
            {
                throw new CliInputException(command, $"--connection: 不是 SQLite 连接字符串 / not a SQLite connection string ({e.Message})");
            }
            if (Path.GetDirectoryName(file) is { Length: > 0 } directory && !file.StartsWith(':'))
                Directory.CreateDirectory(directory);
        }
        var database = new Database(new DatabaseOptions { Provider = provider, ConnectionString = connection });
        await new Migrator(database, clock).MigrateAsync();
        return database;
    }
}
