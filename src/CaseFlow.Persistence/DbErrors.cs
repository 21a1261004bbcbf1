using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CaseFlow.Persistence;

/// <summary>Database errors CaseFlow reacts to, recognised the same way for every provider.</summary>
public static class DbErrors
{
    /// <summary>A unique key or primary key was violated: the row is already there.</summary>
    public static bool IsUniqueViolation(Exception e) => e switch
    {
        SqliteException s => s.SqliteErrorCode == 19 && (s.SqliteExtendedErrorCode is 1555 or 2067),
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        SqlException s => s.Number is 2627 or 2601,
        _ => false,
    };
}
