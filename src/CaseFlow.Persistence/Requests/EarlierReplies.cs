using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Requests;

/// <summary>An earlier reply period of a request reopened after a challenge (issue 14, migration 0024).</summary>
public sealed record EarlierReplyRow
{
    public required string RequestId { get; init; }
    /// <summary>1 for the first reply, 2 for the reply after the first reopening, …</summary>
    public required int PeriodNo { get; init; }
    public required string AgencyCode { get; init; }
    public required int ApplicantType { get; init; }
    public required LocalDate PeriodStartsOn { get; init; }
    public required LocalDate RepliedOn { get; init; }
    /// <summary>The outcome the period counts under in table 三.</summary>
    public required int Outcome { get; init; }
    /// <summary>How the period counts in the on-time rates (ReplyTimeliness, migration 0031): a reply the rates count, on
    /// time by its own due date, with and without extension, extended; and the handler who answered.</summary>
    public required bool Replied { get; init; }
    public bool? OnTime { get; init; }
    public bool? OnTimeWithoutExtension { get; init; }
    public required bool Extended { get; init; }
    public string? Handler { get; init; }
    public string? LetterDocumentNumber { get; init; }
    /// <summary><c>reconsideration</c> | <c>litigation</c>: the challenge whose correction reopened the request.</summary>
    public required string ChallengeKind { get; init; }
    public required LocalDate ChallengeFiledOn { get; init; }
    public required string DecisionReference { get; init; }
    public required LocalDate ReopenedOn { get; init; }
    public required string ReopenedBy { get; init; }
    public required Instant RecordedAt { get; init; }
}

/// <summary>The earlier reply periods of reopened requests: written by the workflow in the reopening's transaction, read
/// by the annual report (<see cref="Reporting.ReportStore"/>) and the request page; triggers add each period's reply to
/// the on-time counters (<see cref="Supervision.Dashboard"/>, migration 0031).</summary>
public static class EarlierReplies
{
    public const string Insert = """
        INSERT INTO earlier_replies (request_id, period_no, agency_code, applicant_type, period_starts_on, replied_on, outcome, on_time,
            letter_document_number, challenge_kind, challenge_filed_on, decision_reference, reopened_on, reopened_by, recorded_at,
            replied, on_time_without_extension, extended, handler)
        VALUES (@RequestId, @PeriodNo, @AgencyCode, @ApplicantType, @PeriodStartsOn, @RepliedOn, @Outcome, @OnTime,
            @LetterDocumentNumber, @ChallengeKind, @ChallengeFiledOn, @DecisionReference, @ReopenedOn, @ReopenedBy, @RecordedAt,
            @Replied, @OnTimeWithoutExtension, @Extended, @Handler)
        """;

    public const string SelectOfRequest = """
        SELECT request_id AS RequestId, period_no AS PeriodNo, agency_code AS AgencyCode, applicant_type AS ApplicantType,
            period_starts_on AS PeriodStartsOn, replied_on AS RepliedOn, outcome AS Outcome, on_time AS OnTime,
            letter_document_number AS LetterDocumentNumber, challenge_kind AS ChallengeKind, challenge_filed_on AS ChallengeFiledOn,
            decision_reference AS DecisionReference, reopened_on AS ReopenedOn, reopened_by AS ReopenedBy, recorded_at AS RecordedAt,
            replied AS Replied, on_time_without_extension AS OnTimeWithoutExtension, extended AS Extended, handler AS Handler
        FROM earlier_replies WHERE request_id = @RequestId ORDER BY period_no
        """;

    public static Task AddAsync(DbSession session, EarlierReplyRow row) =>
        session.Connection.ExecuteAsync(Insert, row, session.Transaction);

    public static async Task<IReadOnlyList<EarlierReplyRow>> OfRequestAsync(System.Data.Common.DbConnection connection, Guid requestId) =>
        (await connection.QueryAsync<EarlierReplyRow>(SelectOfRequest, new { RequestId = requestId.ToString() })).ToList();
}
