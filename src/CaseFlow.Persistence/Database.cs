using System.Data;
using System.Data.Common;
using CaseFlow.Persistence.Dialects;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CaseFlow.Persistence;

/// <summary>Which database CaseFlow runs on (<c>Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>The embedded default: one file, zero set-up.</summary>
    Sqlite,
    /// <summary>Production: Microsoft.Data.SqlClient.</summary>
    SqlServer,
    /// <summary>The second server database, the one our own machines can run: Npgsql.</summary>
    PostgreSql,
}

/// <summary>Settings under <c>Database:</c>.</summary>
public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    public string ConnectionString { get; set; } = "Data Source=.data/caseflow.db";
}

/// <summary>Opens connections and write transactions for the configured provider, and names its dialect.</summary>
/// <remarks>SQLite: WAL, a busy timeout and <c>BEGIN IMMEDIATE</c> write transactions, so a read-then-write runs
/// under the single writer lock. Server databases: read committed plus optimistic version checks.</remarks>
public sealed class Database
{
    public Database(DatabaseOptions options)
    {
        Options = options;
        Dialect = options.Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteDialect(),
            DatabaseProvider.PostgreSql => new PostgreSqlDialect(),
            DatabaseProvider.SqlServer => new SqlServerDialect(),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown Database:Provider."),
        };
        NodaTimeTypeHandlers.Register();
        if (options.Provider == DatabaseProvider.Sqlite
            && new SqliteConnectionStringBuilder(options.ConnectionString).DataSource is { Length: > 0 } file
            && file != ":memory:" && Path.GetDirectoryName(Path.GetFullPath(file)) is { } directory)
            Directory.CreateDirectory(directory);
    }

    public DatabaseOptions Options { get; }

    public ISqlDialect Dialect { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        DbConnection connection = Options.Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteConnection(Options.ConnectionString),
            DatabaseProvider.PostgreSql => new NpgsqlConnection(Options.ConnectionString),
            _ => new SqlConnection(Options.ConnectionString),
        };
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (connection is SqliteConnection)
            {
                await using var pragma = connection.CreateCommand();
                // journal_mode=WAL is a property of the file, set once by the migrator; these are per connection.
                pragma.CommandText = "PRAGMA busy_timeout=10000; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A write transaction: <c>BEGIN IMMEDIATE</c> on SQLite, read committed elsewhere.</summary>
    public async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
}
