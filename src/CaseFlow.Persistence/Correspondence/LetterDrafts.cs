using System.Data.Common;
using CaseFlow.Domain.Correspondence;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Correspondence;

/// <summary>A letter draft submitted for review (审核/签发): frozen as it will be issued; its review steps as JSON.</summary>
public sealed record LetterDraftRow
{
    public required string Id { get; init; }
    public required string RequestId { get; init; }
    public required string AgencyCode { get; init; }
    public required int LetterType { get; init; }
    public int? Outcome { get; init; }
    public required string Title { get; init; }
    public required string Addressee { get; init; }
    /// <summary>The content with the number placeholder, masking applied: what will be issued.</summary>
    public required string Content { get; init; }
    /// <summary>JSON: the letters form (type, outcome, inputs, privacy resolutions), for the drafter to start again from.</summary>
    public required string Form { get; init; }
    public required string Facts { get; init; }
    public required string PrivacyReview { get; init; }
    /// <summary>JSON: the classification and restriction markings found in the reply documents.</summary>
    public required string Markings { get; init; }
    /// <summary>The review steps, comma-separated (<c>SectionReview,SignOff</c>).</summary>
    public required string Plan { get; init; }
    public required int StepsDone { get; init; }
    /// <summary>JSON: each review decision with step, who, when, comment, checklist and marking releases.</summary>
    public required string Reviews { get; init; }
    /// <summary><c>awaiting-review</c> | <c>returned</c> | <c>issued</c>.</summary>
    public required string Status { get; init; }
    public required string DraftedBy { get; init; }
    public required Instant SubmittedAt { get; init; }
    public required Instant UpdatedAt { get; init; }
    public string? LetterId { get; init; }

    public LetterType Type => (LetterType)LetterType;

    public IReadOnlyList<ReviewStep> Steps => Plan.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<ReviewStep>).ToList();

    /// <summary>The step that waits, while the draft awaits review.</summary>
    public ReviewStep? NextStep => Status == LetterDrafts.AwaitingReview && StepsDone < Steps.Count ? Steps[StepsDone] : null;
}

public static class LetterDrafts
{
    public const string AwaitingReview = "awaiting-review";
    public const string Returned = "returned";
    public const string Issued = "issued";

    private const string Columns = """
        id, request_id, agency_code, letter_type, outcome, title, addressee, content, form, facts, privacy_review, markings, "plan", steps_done,
        reviews, status, drafted_by, submitted_at, updated_at, letter_id
        """;

    public const string Insert = $"""
        INSERT INTO letter_drafts ({Columns})
        VALUES (@Id, @RequestId, @AgencyCode, @LetterType, @Outcome, @Title, @Addressee, @Content, @Form, @Facts, @PrivacyReview, @Markings, @Plan,
                @StepsDone, @Reviews, @Status, @DraftedBy, @SubmittedAt, @UpdatedAt, @LetterId)
        """;

    public const string SelectById = $"SELECT {Columns} FROM letter_drafts WHERE id = @Id";

    public const string SelectForRequest = $"SELECT {Columns} FROM letter_drafts WHERE request_id = @RequestId ORDER BY submitted_at, id";

    /// <summary>The drafts of an agency waiting for a review step, oldest first.</summary>
    public const string SelectWaiting = $"SELECT {Columns} FROM letter_drafts WHERE agency_code = @AgencyCode AND status = 'awaiting-review' ORDER BY submitted_at, id";

    /// <summary>A review decision applies only to the step it was taken on: a second reviewer acting on the same step finds
    /// nothing to update.</summary>
    public const string UpdateReview = """
        UPDATE letter_drafts SET steps_done = @StepsDone, reviews = @Reviews, status = @Status, updated_at = @UpdatedAt
        WHERE id = @Id AND status = 'awaiting-review' AND steps_done = @ExpectedStepsDone
        """;

    public const string UpdateIssued = """
        UPDATE letter_drafts SET status = 'issued', letter_id = @LetterId, steps_done = steps_done + 1, reviews = @Reviews, updated_at = @UpdatedAt
        WHERE id = @Id AND status = 'awaiting-review'
        """;

    public static Task InsertAsync(DbSession session, LetterDraftRow draft) => session.Connection.ExecuteAsync(Insert, draft, session.Transaction);

    public static Task<LetterDraftRow?> FindAsync(DbConnection connection, string id) =>
        connection.QuerySingleOrDefaultAsync<LetterDraftRow>(SelectById, new { Id = id });

    public static async Task<IReadOnlyList<LetterDraftRow>> ForRequestAsync(DbConnection connection, Guid requestId) =>
        (await connection.QueryAsync<LetterDraftRow>(SelectForRequest, new { RequestId = requestId.ToString() })).ToList();

    public static async Task<IReadOnlyList<LetterDraftRow>> WaitingAsync(DbConnection connection, string agencyCode) =>
        (await connection.QueryAsync<LetterDraftRow>(SelectWaiting, new { AgencyCode = agencyCode })).ToList();

    /// <summary>Records a review decision; false when the draft moved on meanwhile (another reviewer, or issued).</summary>
    public static async Task<bool> RecordReviewAsync(DbSession session, string id, int expectedStepsDone, int stepsDone, string reviews, string status, Instant now) =>
        await session.Connection.ExecuteAsync(UpdateReview, new
        {
            Id = id, ExpectedStepsDone = expectedStepsDone, StepsDone = stepsDone, Reviews = reviews, Status = status, UpdatedAt = now,
        }, session.Transaction) == 1;

    /// <summary>Marks the draft issued, in the transaction that numbers its letter.</summary>
    public static Task MarkIssuedAsync(DbSession session, string id, string letterId, string reviews, Instant now) =>
        session.Connection.ExecuteAsync(UpdateIssued, new { Id = id, LetterId = letterId, Reviews = reviews, UpdatedAt = now }, session.Transaction);
}

/// <summary>Per-agency review settings (审核/签发); an agency with none stored has <see cref="ReviewSettings.Default"/>.</summary>
public static class ReviewSettingsStore
{
    public const string Select = """
        SELECT reply_review, other_letters_review, legal_review_adverse, extra_markings FROM review_settings WHERE agency_code = @AgencyCode
        """;

    public const string Delete = "DELETE FROM review_settings WHERE agency_code = @AgencyCode";

    public const string InsertRow = """
        INSERT INTO review_settings (agency_code, reply_review, other_letters_review, legal_review_adverse, extra_markings)
        VALUES (@AgencyCode, @ReplyReview, @OtherLettersReview, @LegalReviewAdverse, @ExtraMarkings)
        """;

    public static async Task<ReviewSettings> ForAsync(DbConnection connection, string agencyCode, DbTransaction? transaction = null)
    {
        var r = await connection.QuerySingleOrDefaultAsync<SettingsRow>(Select, new { AgencyCode = agencyCode }, transaction);
        if (r is null)
            return ReviewSettings.Default;
        return new ReviewSettings(ReviewPlan.ModeFromSlug(r.ReplyReview) ?? ReviewMode.Single, ReviewPlan.ModeFromSlug(r.OtherLettersReview) ?? ReviewMode.None,
            r.LegalReviewAdverse != 0, r.ExtraMarkings.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private sealed class SettingsRow
    {
        public string ReplyReview { get; set; } = "";
        public string OtherLettersReview { get; set; } = "";
        public int LegalReviewAdverse { get; set; }
        public string ExtraMarkings { get; set; } = "";
    }

    public static async Task SetAsync(DbSession session, string agencyCode, ReviewSettings settings)
    {
        await session.Connection.ExecuteAsync(Delete, new { AgencyCode = agencyCode }, session.Transaction);
        await session.Connection.ExecuteAsync(InsertRow, new
        {
            AgencyCode = agencyCode, ReplyReview = settings.Replies.Slug(), OtherLettersReview = settings.OtherLetters.Slug(),
            LegalReviewAdverse = settings.LegalReviewOfAdverse ? 1 : 0, ExtraMarkings = string.Join("\n", settings.ExtraMarkings),
        }, session.Transaction);
    }
}
