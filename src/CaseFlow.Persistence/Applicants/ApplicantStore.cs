using System.Data.Common;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Applicants;

/// <summary>How the applicant reaches an online application: the tracking number and the hash of the access code shown
/// to them once; their consent to electronic service; where notices go; and which notices have been sent.</summary>
public sealed record ApplicantAccess
{
    public required string RequestId { get; init; }
    public required string TrackingNumber { get; init; }
    public required string AgencyCode { get; init; }
    public required string AccessCodeHash { get; init; }
    /// <summary>1 when the applicant consented to electronic service (电子送达).</summary>
    public required int ConsentElectronic { get; init; }
    public string? Email { get; init; }
    public required string Phone { get; init; }
    /// <summary>How the applicant asked to receive the information: Post | Email | Collect | Download.</summary>
    public required string ReceiveBy { get; init; }
    /// <summary>Tracking numbers of the same applicant's similar recent requests, comma-separated (flag for staff).</summary>
    public string? DuplicateOf { get; init; }
    /// <summary>JSON: the form's fields the request does not keep (工作单位, 法定代表人, 联系人, 邮政编码, 名称或文号, 获取方式).</summary>
    public string? Details { get; init; }
    public required Instant CreatedAt { get; init; }
    public Instant? ConfirmedNoticeAt { get; init; }
    public Instant? CorrectionNoticeAt { get; init; }
    public Instant? ClosedNoticeAt { get; init; }
}

/// <summary>A file an applicant uploaded with a form not yet accepted, kept under the form's token so that nothing is lost
/// when the form comes back with an error.</summary>
public sealed record PendingUpload
{
    public required string Id { get; init; }
    public required string Token { get; init; }
    public required string Kind { get; init; }
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public required long SizeBytes { get; init; }
    public required string Sha256 { get; init; }
    public required Instant UploadedAt { get; init; }
}

/// <summary>A letter placed in the applicant's space (电子送达): when, the notice sent, the first download.</summary>
public sealed record Delivery
{
    public required string LetterId { get; init; }
    public required string RequestId { get; init; }
    public required Instant PlacedAt { get; init; }
    public required string PlacedBy { get; init; }
    public string? NoticeSentTo { get; init; }
    public Instant? FirstDownloadedAt { get; init; }
    public Instant? AcknowledgedAt { get; init; }
    public LocalDate? ServedOn { get; init; }
}

/// <summary>好差评: one rating per request.</summary>
public sealed record Rating
{
    public required string RequestId { get; init; }
    public required string AgencyCode { get; init; }
    public required string TrackingNumber { get; init; }
    public required int Level { get; init; }
    public string? Comment { get; init; }
    public required LocalDate ClosedOn { get; init; }
    public required LocalDate RatedOn { get; init; }
    public required Instant RatedAt { get; init; }
    public Instant? RevisedAt { get; init; }
}

/// <summary>整改: the rectification of a bad rating, for the agency's supervisor.</summary>
public sealed record Rectification
{
    public required string Id { get; init; }
    public required string RequestId { get; init; }
    public required string AgencyCode { get; init; }
    public required string TrackingNumber { get; init; }
    public required int Level { get; init; }
    public string? Comment { get; init; }
    public required LocalDate OpenedOn { get; init; }
    public required LocalDate DueOn { get; init; }
    public string? Verification { get; init; }
    public string? ReplyToApplicant { get; init; }
    public string? ChangesMade { get; init; }
    public LocalDate? ClosedOn { get; init; }
    public string? ClosedBy { get; init; }
    public int? OnTime { get; init; }
}

/// <summary>One agency and month of ratings and rectifications, for the dashboard.</summary>
public sealed record SatisfactionCell(string AgencyCode, string Month, long Ratings, long Good, long Bad, long Open, long Closed, long ClosedOnTime);

/// <summary>The applicant side's statements: constants, one per statement (variants by scope are separate constants), so
/// every one is parsed as T-SQL by the SQL Server parse test; all are portable across SQLite, PostgreSQL and SQL Server
/// (no dialect needs its own form).</summary>
public static class ApplicantStore
{
    private const string AccessColumns = """
        request_id, tracking_number, agency_code, access_code_hash, consent_electronic, email, phone, receive_by, duplicate_of, details, created_at,
        confirmed_notice_at, correction_notice_at, closed_notice_at
        """;

    public const string InsertAccess = $"""
        INSERT INTO applicant_access ({AccessColumns})
        VALUES (@RequestId, @TrackingNumber, @AgencyCode, @AccessCodeHash, @ConsentElectronic, @Email, @Phone, @ReceiveBy, @DuplicateOf, @Details, @CreatedAt,
                @ConfirmedNoticeAt, @CorrectionNoticeAt, @ClosedNoticeAt)
        """;

    public const string SelectAccessByTrackingNumber = $"SELECT {AccessColumns} FROM applicant_access WHERE tracking_number = @TrackingNumber";

    public const string SelectAccessByRequest = $"SELECT {AccessColumns} FROM applicant_access WHERE request_id = @RequestId";

    /// <summary>The requests filed with an e-mail address (lower-cased by the caller), for the applicant's e-mail account.</summary>
    public const string SelectAccessByEmail = $"SELECT {AccessColumns} FROM applicant_access WHERE LOWER(email) = @Email ORDER BY created_at DESC";

    public const string SelectAccessForAgency = $"SELECT {AccessColumns} FROM applicant_access WHERE agency_code = @AgencyCode ORDER BY created_at DESC";

    public const string SelectNoticesDue = """
        SELECT a.request_id, r.state, r.data
        FROM applicant_access a JOIN requests r ON r.id = a.request_id
        WHERE (a.confirmed_notice_at IS NULL AND r.received_on IS NOT NULL)
           OR (a.correction_notice_at IS NULL AND r.state = 'AwaitingCorrection')
           OR (a.closed_notice_at IS NULL AND r.closed_on IS NOT NULL)
        """;

    public const string MarkConfirmedNotice = "UPDATE applicant_access SET confirmed_notice_at = @At WHERE request_id = @RequestId AND confirmed_notice_at IS NULL";
    public const string MarkCorrectionNotice = "UPDATE applicant_access SET correction_notice_at = @At WHERE request_id = @RequestId AND correction_notice_at IS NULL";
    public const string MarkClosedNotice = "UPDATE applicant_access SET closed_notice_at = @At WHERE request_id = @RequestId AND closed_notice_at IS NULL";

    private const string UploadColumns = "id, token, kind, file_name, content_type, size_bytes, sha256, uploaded_at";

    public const string InsertUpload = $"""
        INSERT INTO applicant_uploads ({UploadColumns}, content)
        VALUES (@Id, @Token, @Kind, @FileName, @ContentType, @SizeBytes, @Sha256, @UploadedAt, @Content)
        """;
    public const string SelectUploads = $"SELECT {UploadColumns} FROM applicant_uploads WHERE token = @Token ORDER BY uploaded_at, id";
    public const string SelectUploadContent = "SELECT content FROM applicant_uploads WHERE id = @Id";
    public const string DeleteUploads = "DELETE FROM applicant_uploads WHERE token = @Token";
    public const string DeleteUpload = "DELETE FROM applicant_uploads WHERE token = @Token AND id = @Id";
    public const string PruneUploads = "DELETE FROM applicant_uploads WHERE uploaded_at < @Before";

    private const string DeliveryColumns = "letter_id, request_id, placed_at, placed_by, notice_sent_to, first_downloaded_at, acknowledged_at, served_on";

    public const string InsertDelivery = $"INSERT INTO applicant_deliveries ({DeliveryColumns}) VALUES (@LetterId, @RequestId, @PlacedAt, @PlacedBy, @NoticeSentTo, @FirstDownloadedAt, @AcknowledgedAt, @ServedOn)";
    public const string SelectDeliveries = $"SELECT {DeliveryColumns} FROM applicant_deliveries WHERE request_id = @RequestId ORDER BY placed_at";
    public const string SelectDelivery = $"SELECT {DeliveryColumns} FROM applicant_deliveries WHERE letter_id = @LetterId";
    public const string MarkDownloaded = "UPDATE applicant_deliveries SET first_downloaded_at = @At WHERE letter_id = @LetterId AND first_downloaded_at IS NULL";
    public const string MarkAcknowledged = "UPDATE applicant_deliveries SET acknowledged_at = @At WHERE letter_id = @LetterId AND acknowledged_at IS NULL";
    public const string MarkServed = "UPDATE applicant_deliveries SET served_on = @ServedOn, notice_sent_to = COALESCE(@NoticeSentTo, notice_sent_to) WHERE letter_id = @LetterId";
    public const string SetNoticeSentTo = "UPDATE applicant_deliveries SET notice_sent_to = @To WHERE letter_id = @LetterId";

    private const string RatingColumns = "request_id, agency_code, tracking_number, level, comment, closed_on, rated_on, rated_at, revised_at";

    public const string SelectRating = $"SELECT {RatingColumns} FROM applicant_ratings WHERE request_id = @RequestId";
    public const string InsertRating = $"INSERT INTO applicant_ratings ({RatingColumns}) VALUES (@RequestId, @AgencyCode, @TrackingNumber, @Level, @Comment, @ClosedOn, @RatedOn, @RatedAt, @RevisedAt)";
    public const string ReviseRating = "UPDATE applicant_ratings SET level = @Level, comment = @Comment, revised_at = @At WHERE request_id = @RequestId";

    private const string RectificationColumns = """
        id, request_id, agency_code, tracking_number, level, comment, opened_on, due_on, verification, reply_to_applicant, changes_made,
        closed_on, closed_by, on_time
        """;

    public const string InsertRectification = $"""
        INSERT INTO rectifications ({RectificationColumns})
        VALUES (@Id, @RequestId, @AgencyCode, @TrackingNumber, @Level, @Comment, @OpenedOn, @DueOn, @Verification, @ReplyToApplicant, @ChangesMade,
                @ClosedOn, @ClosedBy, @OnTime)
        """;
    public const string SelectOpenRectification = $"SELECT {RectificationColumns} FROM rectifications WHERE request_id = @RequestId AND closed_on IS NULL";
    public const string SelectRectification = $"SELECT {RectificationColumns} FROM rectifications WHERE id = @Id";
    public const string SelectRectificationsForRequest = $"SELECT {RectificationColumns} FROM rectifications WHERE request_id = @RequestId ORDER BY opened_on";
    public const string SelectRectificationsOfAgency = $"""
        SELECT {RectificationColumns} FROM rectifications WHERE agency_code = @AgencyCode
        ORDER BY CASE WHEN closed_on IS NULL THEN 0 ELSE 1 END, due_on, tracking_number
        """;
    public const string SelectRectificationsOfAll = $"""
        SELECT {RectificationColumns} FROM rectifications
        ORDER BY CASE WHEN closed_on IS NULL THEN 0 ELSE 1 END, due_on, tracking_number
        """;
    public const string CloseRectification = """
        UPDATE rectifications SET verification = @Verification, reply_to_applicant = @Reply, changes_made = @Changes, closed_on = @ClosedOn,
               closed_by = @ClosedBy, on_time = @OnTime
        WHERE id = @Id AND closed_on IS NULL
        """;
    public const string SelectRatingsOfAgencySince = $"SELECT {RatingColumns} FROM applicant_ratings WHERE agency_code = @AgencyCode AND rated_on >= @From";
    public const string SelectRatingsSince = $"SELECT {RatingColumns} FROM applicant_ratings WHERE rated_on >= @From";
    public const string SelectRectificationsOfAgencySince = $"SELECT {RectificationColumns} FROM rectifications WHERE agency_code = @AgencyCode AND (opened_on >= @From OR closed_on IS NULL)";
    public const string SelectRectificationsSince = $"SELECT {RectificationColumns} FROM rectifications WHERE (opened_on >= @From OR closed_on IS NULL)";

    public static Task InsertAccessAsync(DbSession s, ApplicantAccess a) => s.Connection.ExecuteAsync(InsertAccess, a, s.Transaction);

    /// <summary>Tracking numbers are unique per agency only: the caller tries the access code against each.</summary>
    public static async Task<IReadOnlyList<ApplicantAccess>> AccessByTrackingNumberAsync(DbConnection c, string trackingNumber) =>
        (await c.QueryAsync<ApplicantAccess>(SelectAccessByTrackingNumber, new { TrackingNumber = trackingNumber })).ToList();

    public static Task<ApplicantAccess?> AccessByRequestAsync(DbConnection c, string requestId) =>
        c.QuerySingleOrDefaultAsync<ApplicantAccess>(SelectAccessByRequest, new { RequestId = requestId });

    public static async Task<IReadOnlyList<ApplicantAccess>> AccessByEmailAsync(DbConnection c, string email) =>
        (await c.QueryAsync<ApplicantAccess>(SelectAccessByEmail, new { Email = email })).ToList();

    /// <summary>Online applications of an agency with their duplicate flags, newest first.</summary>
    public static async Task<IReadOnlyList<ApplicantAccess>> AccessForAgencyAsync(DbConnection c, string agencyCode, int limit) =>
        (await c.QueryAsync<ApplicantAccess>(SelectAccessForAgency, new { AgencyCode = agencyCode })).Take(limit).ToList();

    /// <summary>The online applications whose state has moved past a notice not yet sent: confirmed (received_on set),
    /// correction asked (awaiting correction), closed.</summary>
    public static async Task<IReadOnlyList<(string RequestId, string State, string Data)>> NoticesDueAsync(DbConnection c) =>
        (await c.QueryAsync<(string RequestId, string State, string Data)>(SelectNoticesDue)).ToList();

    public static Task<int> MarkNoticeAsync(DbConnection c, string requestId, string column, Instant at) =>
        c.ExecuteAsync(column switch
        {
            "confirmed_notice_at" => MarkConfirmedNotice,
            "correction_notice_at" => MarkCorrectionNotice,
            "closed_notice_at" => MarkClosedNotice,
            _ => throw new ArgumentOutOfRangeException(nameof(column), column, "Not a notice column."),
        }, new { RequestId = requestId, At = at });

    public static Task InsertUploadAsync(DbConnection c, PendingUpload u, byte[] content) =>
        c.ExecuteAsync(InsertUpload, new { u.Id, u.Token, u.Kind, u.FileName, u.ContentType, u.SizeBytes, u.Sha256, u.UploadedAt, Content = content });

    public static async Task<IReadOnlyList<PendingUpload>> UploadsAsync(DbConnection c, string token) =>
        (await c.QueryAsync<PendingUpload>(SelectUploads, new { Token = token })).ToList();

    public static Task<byte[]?> UploadContentAsync(DbConnection c, string id, DbTransaction? t = null) =>
        c.QuerySingleOrDefaultAsync<byte[]?>(SelectUploadContent, new { Id = id }, t);

    public static Task DeleteUploadsAsync(DbConnection c, string token, DbTransaction? t = null) =>
        c.ExecuteAsync(DeleteUploads, new { Token = token }, t);

    public static Task DeleteUploadAsync(DbConnection c, string token, string id) =>
        c.ExecuteAsync(DeleteUpload, new { Token = token, Id = id });

    /// <summary>Pending files older than the cut-off belong to forms never submitted.</summary>
    public static Task<int> PruneUploadsAsync(DbConnection c, Instant before) =>
        c.ExecuteAsync(PruneUploads, new { Before = before });

    public static Task InsertDeliveryAsync(DbConnection c, Delivery d) => c.ExecuteAsync(InsertDelivery, d);

    public static async Task<IReadOnlyList<Delivery>> DeliveriesAsync(DbConnection c, string requestId) =>
        (await c.QueryAsync<Delivery>(SelectDeliveries, new { RequestId = requestId })).ToList();

    public static Task<Delivery?> DeliveryAsync(DbConnection c, string letterId) =>
        c.QuerySingleOrDefaultAsync<Delivery>(SelectDelivery, new { LetterId = letterId });

    /// <summary>Only the first download is kept: the evidence of service.</summary>
    public static Task<int> MarkDownloadedAsync(DbConnection c, string letterId, Instant at) =>
        c.ExecuteAsync(MarkDownloaded, new { LetterId = letterId, At = at });

    public static Task<int> MarkAcknowledgedAsync(DbConnection c, string letterId, Instant at) =>
        c.ExecuteAsync(MarkAcknowledged, new { LetterId = letterId, At = at });

    public static Task MarkServedAsync(DbConnection c, string letterId, LocalDate servedOn, string? noticeSentTo) =>
        c.ExecuteAsync(MarkServed, new { LetterId = letterId, ServedOn = servedOn, NoticeSentTo = noticeSentTo });

    public static Task SetNoticeSentToAsync(DbConnection c, string letterId, string to) =>
        c.ExecuteAsync(SetNoticeSentTo, new { LetterId = letterId, To = to });

    public static Task<Rating?> RatingAsync(DbConnection c, string requestId) =>
        c.QuerySingleOrDefaultAsync<Rating>(SelectRating, new { RequestId = requestId });

    public static Task InsertRatingAsync(DbSession s, Rating r) => s.Connection.ExecuteAsync(InsertRating, r, s.Transaction);

    public static Task ReviseRatingAsync(DbSession s, string requestId, int level, string? comment, Instant at) =>
        s.Connection.ExecuteAsync(ReviseRating, new { RequestId = requestId, Level = level, Comment = comment, At = at }, s.Transaction);

    public static Task InsertRectificationAsync(DbSession s, Rectification r) => s.Connection.ExecuteAsync(InsertRectification, r, s.Transaction);

    /// <summary>The open rectification of a request, if any (a revised bad rating does not open a second one).</summary>
    public static Task<Rectification?> OpenRectificationAsync(DbConnection c, string requestId, DbTransaction? t = null) =>
        c.QuerySingleOrDefaultAsync<Rectification>(SelectOpenRectification, new { RequestId = requestId }, t);

    public static Task<Rectification?> RectificationAsync(DbConnection c, string id) =>
        c.QuerySingleOrDefaultAsync<Rectification>(SelectRectification, new { Id = id });

    public static async Task<IReadOnlyList<Rectification>> RectificationsForRequestAsync(DbConnection c, string requestId) =>
        (await c.QueryAsync<Rectification>(SelectRectificationsForRequest, new { RequestId = requestId })).ToList();

    /// <summary>The rectifications of the agencies in scope (all when <paramref name="agencyCode"/> is null), open first.</summary>
    public static async Task<IReadOnlyList<Rectification>> RectificationsAsync(DbConnection c, string? agencyCode) =>
        (await c.QueryAsync<Rectification>(agencyCode is null ? SelectRectificationsOfAll : SelectRectificationsOfAgency, new { AgencyCode = agencyCode })).ToList();

    /// <summary>Closes an open item; the on-time flag is decided by the caller from the domain rule.</summary>
    public static Task<int> CloseRectificationAsync(DbConnection c, string id, string verification, string reply, string changes, LocalDate closedOn, string closedBy, bool onTime) =>
        c.ExecuteAsync(CloseRectification,
            new { Id = id, Verification = verification, Reply = reply, Changes = changes, ClosedOn = closedOn, ClosedBy = closedBy, OnTime = onTime ? 1 : 0 });

    /// <summary>Ratings by agency and month of rating, and rectifications by agency and month opened.</summary>
    public static async Task<(IReadOnlyList<Rating> Ratings, IReadOnlyList<Rectification> Items)> SatisfactionAsync(DbConnection c, string? agencyCode, LocalDate from)
    {
        var parameters = new { AgencyCode = agencyCode, From = from };
        var ratings = (await c.QueryAsync<Rating>(agencyCode is null ? SelectRatingsSince : SelectRatingsOfAgencySince, parameters)).ToList();
        var items = (await c.QueryAsync<Rectification>(agencyCode is null ? SelectRectificationsSince : SelectRectificationsOfAgencySince, parameters)).ToList();
        return (ratings, items);
    }
}
