using System.Data.Common;
using CaseFlow.Persistence.Dialects;

namespace CaseFlow.Persistence;

/// <summary>One open connection and its write transaction: everything a message changes commits through it, or
/// nothing does.</summary>
public sealed record DbSession(DbConnection Connection, DbTransaction Transaction, ISqlDialect Dialect)
{
    public bool IsSqlite => Dialect is SqliteDialect;
}
