using System.Data.Common;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Workplace;

/// <summary>An agency (行政机关) hosted on the platform: a department or a township, with its own OGI office.</summary>
public sealed record Agency
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    /// <summary><c>cn</c>, or <c>cn+overlay</c> for an agency in a region with its own days off.</summary>
    public required string CalendarId { get; init; }
    /// <summary>Amber on the workbench when this many working days or fewer are left.</summary>
    public required int WarningLeadWorkingDays { get; init; }
    public Instant CreatedAt { get; init; }
}

public static class Agencies
{
    private const string Columns = "code, name, calendar_id, warning_lead_working_days, created_at";

    public const string SelectAll = $"SELECT {Columns} FROM agencies ORDER BY code";
    public const string SelectByCode = $"SELECT {Columns} FROM agencies WHERE code = @Code";
    public const string Insert = $"INSERT INTO agencies ({Columns}) VALUES (@Code, @Name, @CalendarId, @WarningLeadWorkingDays, @CreatedAt)";
    public const string Update = """
        UPDATE agencies SET name = @Name, calendar_id = @CalendarId, warning_lead_working_days = @WarningLeadWorkingDays
        WHERE code = @Code
        """;
    public const string SelectCalendarId = "SELECT calendar_id FROM agencies WHERE code = @Code";

    public static async Task<IReadOnlyList<Agency>> AllAsync(DbConnection connection) =>
        (await connection.QueryAsync<Agency>(SelectAll)).ToList();

    public static Task<Agency?> FindAsync(DbConnection connection, string code) =>
        connection.QuerySingleOrDefaultAsync<Agency>(SelectByCode, new { Code = code });

    public static Task InsertAsync(DbConnection connection, Agency agency, DbTransaction? transaction = null) =>
        connection.ExecuteAsync(Insert, agency, transaction);

    public static Task UpdateAsync(DbConnection connection, Agency agency, DbTransaction? transaction = null) => connection.ExecuteAsync(Update, agency, transaction);

    /// <summary>The calendar an agency counts working days with, or null when the agency is not registered.</summary>
    public static Task<string?> CalendarIdAsync(DbSession session, string code) =>
        session.Connection.QuerySingleOrDefaultAsync<string?>(SelectCalendarId, new { Code = code }, session.Transaction);
}
