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

/// <summary>A draft in review as the dashboard lists it.</summary>
public sealed record DraftInReview
{
    public string Id { get; init; } = "";
    public string RequestId { get; init; } = "";
    public string TrackingNumber { get; init; } = "";
    public string AgencyCode { get; init; } = "";
    public int LetterType { get; init; }
    public string ReviewPlan { get; init; } = "";
    public int StepsDone { get; init; }
    public string DraftedBy { get; init; } = "";
    public Instant SubmittedAt { get; init; }
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

    /// <summary>How many requests wait for the head of the office's decision on an extension (the supervisor's badge).</summary>
    public const string CountAwaitingExtension = "SELECT COUNT(*) FROM requests WHERE state = 'AwaitingExtensionDecision' /*agency*/";

    public static Task<long> CountAwaitingExtensionAsync(DbConnection connection, string? agencyCode) =>
        connection.ExecuteScalarAsync<long>(Scope.To(CountAwaitingExtension, agencyCode), new { AgencyCode = agencyCode });

    /// <summary>Letter drafts waiting for a review step (审核/签发), oldest first, with their request's tracking number:
    /// the dashboard shows how long each has waited (the reply clock runs on meanwhile). The draft's own agency (written
    /// from its request's) is filtered too, so that the waiting drafts (ix_letter_drafts_waiting) are read first and each
    /// request by its key: filtering the request's agency alone let SQLite read every request of the agency
    /// (200,000 at 1,000,000 requests, issue 15) and probe the drafts of each.</summary>
    public const string SelectDraftsInReview = """
        SELECT d.id AS Id, d.request_id AS RequestId, r.tracking_number AS TrackingNumber, d.agency_code AS AgencyCode, d.letter_type AS LetterType,
               d.review_plan AS ReviewPlan, d.steps_done AS StepsDone, d.drafted_by AS DraftedBy, d.submitted_at AS SubmittedAt
        FROM letter_drafts d JOIN requests r ON r.id = d.request_id
        WHERE d.status = 'awaiting-review' /*d.agency*/ /*r.agency*/
        ORDER BY d.submitted_at, d.id
        """;

    public static async Task<IReadOnlyList<DraftInReview>> DraftsInReviewAsync(DbConnection connection, string? agencyCode) =>
        (await connection.QueryAsync<DraftInReview>(Scope.To(SelectDraftsInReview, agencyCode), new { AgencyCode = agencyCode })).ToList();

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
