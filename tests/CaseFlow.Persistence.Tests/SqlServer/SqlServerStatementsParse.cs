using System.Reflection;
using CaseFlow.Persistence.Dialects;
using CaseFlow.Persistence.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace CaseFlow.Persistence.Tests.SqlServer;

/// <summary>SQL Server cannot run on our machines, so every statement CaseFlow sends to it — the SQL Server
/// dialect, its migrations and the SQL shared by all dialects — must at least parse as T-SQL.</summary>
public sealed class SqlServerStatementsParse
{
    public static TheoryData<string, string> Statements()
    {
        var data = new TheoryData<string, string>();
        var dialect = new SqlServerDialect();
        foreach (var property in typeof(ISqlDialect).GetProperties().Where(p => p.Name != nameof(ISqlDialect.Name)))
        {
            var sql = (string)property.GetValue(dialect)!;
            data.Add($"SqlServerDialect.{property.Name}", property.Name == nameof(ISqlDialect.Page) ? $"SELECT id FROM requests ORDER BY id{sql}" : sql);
        }
        foreach (var migration in Migrator.For("SqlServer"))
            for (var i = 0; i < migration.Batches.Count; i++)
                data.Add($"migration {migration.Version:D4}_{migration.Name} batch {i + 1}", migration.Batches[i]);
        var shared = typeof(Database).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string) && LooksLikeSql((string)f.GetRawConstantValue()!));
        foreach (var field in shared)
        {
            var sql = (string)field.GetRawConstantValue()!;
            data.Add($"{field.DeclaringType!.Name}.{field.Name}", sql);
            // The supervisor's statements run scoped to one agency (Supervision.Scope) and, when ordered, paged.
            if (sql.Contains("agency*/", StringComparison.Ordinal))
                data.Add($"{field.DeclaringType!.Name}.{field.Name} for one agency", CaseFlow.Persistence.Supervision.Scope.To(sql, "a1"));
            if (field.DeclaringType!.Namespace == typeof(CaseFlow.Persistence.Supervision.Dashboard).Namespace && sql.Contains("ORDER BY", StringComparison.Ordinal))
                data.Add($"{field.DeclaringType!.Name}.{field.Name} paged", CaseFlow.Persistence.Supervision.Scope.To(sql, "a1") + dialect.Page);
        }
        return data;
    }

    private static bool LooksLikeSql(string text) =>
        text.TrimStart().Split(' ', '\n')[0] is "SELECT" or "INSERT" or "UPDATE" or "DELETE" or "MERGE" or "WITH";

    [Theory]
    [MemberData(nameof(Statements))]
    public void Parses_as_T_SQL(string name, string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);

        Assert.True(errors.Count == 0, $"{name}: {string.Join("; ", errors.Select(e => $"line {e.Line}: {e.Message}"))}\n{sql}");
    }

    [Fact]
    public void Every_dialect_has_the_same_migrations()
    {
        var versions = new[] { "Sqlite", "PostgreSql", "SqlServer" }
            .Select(d => string.Join(",", Migrator.For(d).Select(m => $"{m.Version}_{m.Name}")))
            .Distinct();
        Assert.Single(versions);
        Assert.NotEmpty(Migrator.For("SqlServer"));
    }
}
