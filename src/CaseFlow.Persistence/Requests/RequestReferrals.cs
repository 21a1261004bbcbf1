using System.Data.Common;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Requests;

/// <summary>转送 (Art. 36(五)): the link between a request answered 402 and the competent agency it named, and — when that
/// agency is on the installation and the applicant consented — the new request forwarded to it.</summary>
public sealed record RequestReferral
{
    public required string FromRequestId { get; init; }
    public required string FromAgencyCode { get; init; }
    public string? ToAgencyCode { get; init; }
    public required string ToAgencyName { get; init; }
    public string? ToRequestId { get; init; }
    public string? Consent { get; init; }
    public LocalDate? ForwardedOn { get; init; }
    public required string LetterDocumentNumber { get; init; }
    public required string RecordedBy { get; init; }
    public Instant RecordedAt { get; init; }
}

/// <summary>A referral as a request page shows it: the other request's tracking number and agency, either direction.</summary>
public sealed record ReferralLink(RequestReferral Referral, bool Outgoing, string? FromTrackingNumber, string? ToTrackingNumber);

public static class RequestReferrals
{
    private const string Columns = """
        from_request_id, from_agency_code, to_agency_code, to_agency_name, to_request_id, consent, forwarded_on, letter_document_number,
        recorded_by, recorded_at
        """;

    public const string Insert = $"""
        INSERT INTO request_referrals ({Columns})
        VALUES (@FromRequestId, @FromAgencyCode, @ToAgencyCode, @ToAgencyName, @ToRequestId, @Consent, @ForwardedOn, @LetterDocumentNumber,
                @RecordedBy, @RecordedAt)
        """;

    // Both directions of one request: the referral it made and the one it was forwarded by, with the tracking numbers.
    public const string SelectForRequest = """
        SELECT f.from_request_id, f.from_agency_code, f.to_agency_code, f.to_agency_name, f.to_request_id, f.consent, f.forwarded_on,
               f.letter_document_number, f.recorded_by, f.recorded_at,
               a.tracking_number AS from_tracking_number, b.tracking_number AS to_tracking_number
        FROM request_referrals f
        LEFT JOIN requests a ON a.id = f.from_request_id
        LEFT JOIN requests b ON b.id = f.to_request_id
        WHERE f.from_request_id = @Id OR f.to_request_id = @Id
        """;

    public static Task InsertAsync(DbSession session, RequestReferral referral) =>
        session.Connection.ExecuteAsync(Insert, referral, session.Transaction);

    public static async Task<IReadOnlyList<ReferralLink>> ForRequestAsync(DbConnection connection, Guid requestId)
    {
        var rows = await connection.QueryAsync<Row>(SelectForRequest, new { Id = requestId.ToString() });
        return rows.Select(r => new ReferralLink(new RequestReferral
        {
            FromRequestId = r.FromRequestId, FromAgencyCode = r.FromAgencyCode, ToAgencyCode = r.ToAgencyCode, ToAgencyName = r.ToAgencyName,
            ToRequestId = r.ToRequestId, Consent = r.Consent, ForwardedOn = r.ForwardedOn, LetterDocumentNumber = r.LetterDocumentNumber,
            RecordedBy = r.RecordedBy, RecordedAt = r.RecordedAt,
        }, r.FromRequestId == requestId.ToString(), r.FromTrackingNumber, r.ToTrackingNumber)).ToList();
    }

    private sealed record Row
    {
        public string FromRequestId { get; init; } = "";
        public string FromAgencyCode { get; init; } = "";
        public string? ToAgencyCode { get; init; }
        public string ToAgencyName { get; init; } = "";
        public string? ToRequestId { get; init; }
        public string? Consent { get; init; }
        public LocalDate? ForwardedOn { get; init; }
        public string LetterDocumentNumber { get; init; } = "";
        public string RecordedBy { get; init; } = "";
        public Instant RecordedAt { get; init; }
        public string? FromTrackingNumber { get; init; }
        public string? ToTrackingNumber { get; init; }
    }
}
