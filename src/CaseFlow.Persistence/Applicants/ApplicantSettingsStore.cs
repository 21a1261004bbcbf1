using System.Data.Common;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Applicants;

/// <summary>The stored settings of the applicant's side for one agency, or for the installation
/// (<see cref="ApplicantSettingsStore.Installation"/>). A null column is not set here: the installation's row, then
/// configuration, then the built-in default decide.</summary>
public sealed record ApplicantSettingsRow
{
    public required string AgencyCode { get; init; }
    /// <summary><c>Placed</c> | <c>FirstDownload</c>.</summary>
    public string? ServiceDate { get; init; }
    public int? RatingRevisionDays { get; init; }
    public int? RectificationWorkingDays { get; init; }
    /// <summary>1 when applicants may reach this agency's requests through the e-mail account (one-time code).</summary>
    public int? EmailAccount { get; init; }
    /// <summary>Installation row only.</summary>
    public int? ApplyPerAgencyPerHour { get; init; }
    /// <summary>Installation row only.</summary>
    public int? LookupFailuresPerTrackingNumber { get; init; }
    public required Instant UpdatedAt { get; init; }
    public required string UpdatedBy { get; init; }
}

public static class ApplicantSettingsStore
{
    /// <summary>The agency code of the installation's row.</summary>
    public const string Installation = "*";

    private const string Columns = """
        agency_code, service_date, rating_revision_days, rectification_working_days, email_account, apply_per_agency_per_hour,
        lookup_failures_per_tracking_number, updated_at, updated_by
        """;

    public const string Select = $"SELECT {Columns} FROM applicant_settings WHERE agency_code = @AgencyCode";

    public const string Delete = "DELETE FROM applicant_settings WHERE agency_code = @AgencyCode";

    public const string InsertRow = $"""
        INSERT INTO applicant_settings ({Columns})
        VALUES (@AgencyCode, @ServiceDate, @RatingRevisionDays, @RectificationWorkingDays, @EmailAccount, @ApplyPerAgencyPerHour,
                @LookupFailuresPerTrackingNumber, @UpdatedAt, @UpdatedBy)
        """;

    /// <summary>The agencies whose own row turns the e-mail account off or on.</summary>
    public const string SelectEmailAccountRows = "SELECT agency_code, email_account FROM applicant_settings WHERE email_account IS NOT NULL AND agency_code <> '*'";

    public static Task<ApplicantSettingsRow?> FindAsync(DbConnection connection, string agencyCode) =>
        connection.QuerySingleOrDefaultAsync<ApplicantSettingsRow>(Select, new { AgencyCode = agencyCode });

    public static async Task<IReadOnlyDictionary<string, bool>> EmailAccountRowsAsync(DbConnection connection) =>
        (await connection.QueryAsync<(string AgencyCode, int EmailAccount)>(SelectEmailAccountRows))
        .ToDictionary(r => r.AgencyCode, r => r.EmailAccount == 1, StringComparer.Ordinal);

    public static async Task SetAsync(DbSession session, ApplicantSettingsRow row)
    {
        await session.Connection.ExecuteAsync(Delete, new { row.AgencyCode }, session.Transaction);
        await session.Connection.ExecuteAsync(InsertRow, row, session.Transaction);
    }
}
