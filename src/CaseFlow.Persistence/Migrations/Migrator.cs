using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Migrations;

/// <summary>A numbered migration of one dialect: <c>Migrations/&lt;Dialect&gt;/NNNN_name.sql</c>.</summary>
public sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>The batches to run one by one: SQL Server scripts separate batches with <c>GO</c> lines.</summary>
    public IReadOnlyList<string> Batches =>
        Regex.Split(Sql, @"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)
            .Where(b => b.Trim().Length > 0)
            .ToList();
}

/// <summary>Applies the embedded migrations of the configured dialect that the database has not seen, in order,
/// each in its own transaction. Shipped migrations are never edited; a change is a new file. A migration whose back-fill
/// applies a rule of the Domain (which lives in C#, never copied into SQL) has a code step, registered in <see cref="Steps"/>,
/// run after its SQL in the same transaction.</summary>
public sealed partial class Migrator(Database database, IClock clock)
{
    public const string CountApplied = "SELECT COUNT(*) FROM schema_migrations WHERE version = @Version";

    public const string RecordApplied = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)";

    /// <summary>The code steps, by migration version: each runs after that version's SQL, in its transaction, on every
    /// dialect.</summary>
    public static IReadOnlyDictionary<int, Func<DbSession, CancellationToken, Task>> Steps { get; } = new Dictionary<int, Func<DbSession, CancellationToken, Task>>
    {
        // Time per stage of the requests closed before: StageDurations.Contribution of each one's audit history.
        [34] = Supervision.StageTimes.BackfillAsync,
    };

    public static IReadOnlyList<Migration> For(string dialect)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = $"{typeof(Migrator).Namespace}.{dialect}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Read(assembly, n, n[prefix.Length..^4]))
            .OrderBy(m => m.Version)
            .ToList();
    }

    public Task<IReadOnlyList<Migration>> MigrateAsync(CancellationToken cancellationToken = default) =>
        MigrateAsync(int.MaxValue, cancellationToken);

    /// <summary>Applies the migrations before <paramref name="version"/> only: a database as an older release left it
    /// (the back-fill tests start from one).</summary>
    public Task<IReadOnlyList<Migration>> MigrateBeforeAsync(int version, CancellationToken cancellationToken = default) =>
        MigrateAsync(version, cancellationToken);

    private async Task<IReadOnlyList<Migration>> MigrateAsync(int before, CancellationToken cancellationToken)
    {
        var dialect = database.Dialect;
        var applied = new List<Migration>();
        await using var connection = await database.OpenAsync(cancellationToken);
        if (dialect is Dialects.SqliteDialect)
            await connection.ExecuteAsync("PRAGMA journal_mode=WAL;");
        // Under the migration lock too: nodes starting together would otherwise race to create the table.
        await using (var transaction = await database.BeginWriteAsync(connection, cancellationToken))
        {
            await connection.ExecuteAsync(dialect.LockMigrations, transaction: transaction);
            await connection.ExecuteAsync(dialect.CreateMigrationsTable, transaction: transaction);
            await transaction.CommitAsync(cancellationToken);
        }
        foreach (var migration in For(dialect.Name).Where(m => m.Version < before))
        {
            await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
            await connection.ExecuteAsync(dialect.LockMigrations, transaction: transaction);
            var done = await connection.ExecuteScalarAsync<int>(CountApplied, new { migration.Version }, transaction);
            if (done > 0)
                continue;
            foreach (var batch in migration.Batches)
                await connection.ExecuteAsync(batch, transaction: transaction);
            if (Steps.TryGetValue(migration.Version, out var step))
                await step(new DbSession(connection, transaction, dialect), cancellationToken);
            await connection.ExecuteAsync(RecordApplied, new { migration.Version, migration.Name, AppliedAt = clock.GetCurrentInstant() }, transaction);
            await transaction.CommitAsync(cancellationToken);
            applied.Add(migration);
        }
        return applied;
    }

    private static Migration Read(Assembly assembly, string resource, string fileName)
    {
        var match = FileName().Match(fileName);
        if (!match.Success)
            throw new InvalidOperationException($"Migration '{fileName}' must be named NNNN_name.sql.");
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new Migration(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value, reader.ReadToEnd());
    }

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)$")]
    private static partial Regex FileName();
}
