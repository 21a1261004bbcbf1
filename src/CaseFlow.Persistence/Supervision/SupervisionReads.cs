using System.Data.Common;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Supervision;

/// <summary>A request in the early warning's window: promoted columns only.</summary>
public sealed record RecentRequest
{
    public string Id { get; init; } = "";
    public string TrackingNumber { get; init; } = "";
    public string ApplicantName { get; init; } = "";
    public string Description { get; init; } = "";
    public Instant RegisteredAt { get; init; }
}

/// <summary>The other reads of the supervisor's pages.</summary>
public static class SupervisionReads
{
    /// <summary>Requests awaiting the head of the office's decision on an extension (Art. 33 ¶2), soonest due first.
    /// Reads ix_requests_state.</summary>
    public const string SelectAwaitingExtension = """
        SELECT id, agency_code, data FROM requests
        WHERE state = 'AwaitingExtensionDecision' /*agency*/
        ORDER BY reply_due_on, tracking_number
        """;

    public static async Task<IReadOnlyList<(string Id, string AgencyCode, string Data)>> AwaitingExtensionAsync(DbConnection connection, string? agencyCode) =>
        (await connection.QueryAsync<(string, string, string)>(Scope.To(SelectAwaitingExtension, agencyCode), new { AgencyCode = agencyCode })).ToList();

    /// <summary>An agency's requests registered since @Since (the early warning's window). Reads ix_requests_agency_received.</summary>
    public const string SelectRegisteredSince = """
        SELECT id AS Id, tracking_number AS TrackingNumber, applicant_name AS ApplicantName, description AS Description, registered_at AS RegisteredAt
        FROM requests WHERE agency_code = @AgencyCode AND registered_at >= @Since
        ORDER BY registered_at
        """;

    public static async Task<IReadOnlyList<RecentRequest>> RegisteredSinceAsync(DbConnection connection, string agencyCode, Instant since) =>
        (await connection.QueryAsync<RecentRequest>(SelectRegisteredSince, new { AgencyCode = agencyCode, Since = since })).ToList();

    public const string SelectAgencyOfRequest = "SELECT agency_code FROM requests WHERE id = @Id";

    /// <summary>The agency of a request, or null when there is no such request.</summary>
    public static Task<string?> AgencyOfAsync(DbConnection connection, Guid id) =>
        connection.ExecuteScalarAsync<string?>(SelectAgencyOfRequest, new { Id = id.ToString() });

    /// <summary>A reply a challenge can be recorded against: a request or ledger entry of the agency with that tracking number.</summary>
    public const string CountTrackingNumber = """
        SELECT (SELECT COUNT(*) FROM requests WHERE agency_code = @AgencyCode AND tracking_number = @TrackingNumber)
             + (SELECT COUNT(*) FROM ledger_requests WHERE agency_code = @AgencyCode AND tracking_number = @TrackingNumber)
        """;

    public static async Task<bool> TrackingNumberExistsAsync(DbConnection connection, string agencyCode, string trackingNumber) =>
        await connection.ExecuteScalarAsync<long>(CountTrackingNumber, new { AgencyCode = agencyCode, TrackingNumber = trackingNumber }) > 0;
}
