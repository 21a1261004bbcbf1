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

    /// <summary>The database cannot be reached or is restarting (connection refused or dropped, server shutting down
    /// or starting up, deadlock or serialization victim): the same work can succeed later, unchanged.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        NpgsqlException n => n.IsTransient,
        SqlException s => s.IsTransient || s.Number is -2 or 53 or 233 or 1205 or 4060 or 10053 or 10054 or 10060 or 10061,
        SqliteException s => s.SqliteErrorCode is 5 or 6,
        System.Net.Sockets.SocketException or TimeoutException => true,
        _ => e.InnerException is { } inner && IsTransient(inner),
    };
}
