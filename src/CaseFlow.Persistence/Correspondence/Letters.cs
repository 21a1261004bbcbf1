using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using CaseFlow.Domain.Correspondence;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Correspondence;

/// <summary>A letter as issued (文书): its document number and its content, frozen. There is no UPDATE or DELETE of a
/// letter anywhere and the database refuses both (triggers in every dialect); a correction is a new letter that names the
/// one it replaces.</summary>
public sealed record IssuedLetter
{
    public required string Id { get; init; }
    public required string RequestId { get; init; }
    public required string AgencyCode { get; init; }
    public required int LetterType { get; init; }
    public int? Outcome { get; init; }
    public required int Year { get; init; }
    public required long Sequence { get; init; }
    /// <summary>文号, e.g. 〔2026〕补告第12号.</summary>
    public required string DocumentNumber { get; init; }
    public required string Title { get; init; }
    public required string Addressee { get; init; }
    /// <summary>The rendered letter in the line format of <c>workflows/templates/README.md</c>; the .docx and the printable
    /// page are made from it, so they are the letter as issued.</summary>
    public required string Content { get; init; }
    /// <summary>SHA-256 of <see cref="Content"/> (hex): shows that the content is the one issued.</summary>
    public required string Sha256 { get; init; }
    /// <summary>JSON: the facts and the caseworker's fields the letter was rendered from.</summary>
    public required string Facts { get; init; }
    /// <summary>JSON: the privacy review, each hit with how it was resolved (redacted or confirmed), by whom.</summary>
    public required string PrivacyReview { get; init; }
    public string? ReplacesLetterId { get; init; }
    public required string IssuedBy { get; init; }
    public required Instant IssuedAt { get; init; }

    public LetterType Type => (LetterType)LetterType;
}

/// <summary>送达: a letter delivered to its addressee.</summary>
public sealed record LetterService
{
    public required string Id { get; init; }
    public required string LetterId { get; init; }
    public required string RequestId { get; init; }
    /// <summary><c>InPerson</c> 直接送达 | <c>Post</c> 邮寄送达 | <c>Email</c> 电子邮件送达 | <c>Online</c> 网上送达.</summary>
    public required string Method { get; init; }
    public required LocalDate ServedOn { get; init; }
    /// <summary>送达回证, tracking number of the post, the e-mail's message id, the portal's receipt.</summary>
    public required string Evidence { get; init; }
    public required string RecordedBy { get; init; }
    public required Instant RecordedAt { get; init; }
}

/// <summary>A letter to issue: everything but its number, which <see cref="Letters.IssueAsync"/> allocates.</summary>
public sealed record LetterToIssue
{
    public required Guid RequestId { get; init; }
    public required string AgencyCode { get; init; }
    public required LetterType Type { get; init; }
    public Domain.Replies.Outcome? Outcome { get; init; }
    public required int Year { get; init; }
    public required string Title { get; init; }
    public required string Addressee { get; init; }
    /// <summary>The content with <see cref="Letters.NumberPlaceholder"/> where the document number goes.</summary>
    public required string Content { get; init; }
    public required string Facts { get; init; }
    public required string PrivacyReview { get; init; }
    public string? ReplacesLetterId { get; init; }
    public required string IssuedBy { get; init; }
    public required Instant IssuedAt { get; init; }
    /// <summary>The token of the form the letter was issued from: a second issue with it numbers nothing.</summary>
    public string? FormToken { get; init; }
}

public static class Letters
{
    /// <summary>Stands for the document number in a letter's content until the number is allocated.</summary>
    public const string NumberPlaceholder = "\u2063文号\u2063";

    public static readonly IReadOnlyList<string> ServiceMethods = ["InPerson", "Post", "Email", "Online"];

    private const string Columns = """
        id, request_id, agency_code, letter_type, outcome, year, sequence, document_number, title, addressee, content, sha256, facts,
        privacy_review, replaces_letter_id, issued_by, issued_at
        """;

    public const string Insert = $"""
        INSERT INTO letters ({Columns})
        VALUES (@Id, @RequestId, @AgencyCode, @LetterType, @Outcome, @Year, @Sequence, @DocumentNumber, @Title, @Addressee, @Content, @Sha256,
                @Facts, @PrivacyReview, @ReplacesLetterId, @IssuedBy, @IssuedAt)
        """;

    public const string SelectForRequest = $"SELECT {Columns} FROM letters WHERE request_id = @RequestId ORDER BY issued_at, letter_type, year, sequence";

    public const string SelectById = $"SELECT {Columns} FROM letters WHERE id = @Id";

    public const string SelectPrefix = "SELECT number_prefix FROM letter_settings WHERE agency_code = @AgencyCode";

    public const string SelectPrefixes = "SELECT agency_code, number_prefix FROM letter_settings ORDER BY agency_code";

    public const string DeletePrefix = "DELETE FROM letter_settings WHERE agency_code = @AgencyCode";

    public const string InsertPrefix = "INSERT INTO letter_settings (agency_code, number_prefix) VALUES (@AgencyCode, @NumberPrefix)";

    /// <summary>The workflow state a request is in now, for the audit line of a letter.</summary>
    public const string SelectRequestState = "SELECT state FROM requests WHERE id = @Id";

    /// <summary>The form token a letter was issued with (issue 12): unique per request, so a second submit of the same
    /// form finds the letter instead of numbering another.</summary>
    public const string InsertToken = "INSERT INTO letter_form_tokens (request_id, form_token, letter_id) VALUES (@RequestId, @FormToken, @LetterId)";

    public const string SelectByToken = $"""
        SELECT {Columns} FROM letters
        WHERE id = (SELECT letter_id FROM letter_form_tokens WHERE request_id = @RequestId AND form_token = @FormToken)
        """;

    public const string InsertService = """
        INSERT INTO letter_services (id, letter_id, request_id, method, served_on, evidence, recorded_by, recorded_at)
        VALUES (@Id, @LetterId, @RequestId, @Method, @ServedOn, @Evidence, @RecordedBy, @RecordedAt)
        """;

    public const string SelectServicesForRequest = """
        SELECT id, letter_id, request_id, method, served_on, evidence, recorded_by, recorded_at
        FROM letter_services WHERE request_id = @RequestId ORDER BY recorded_at, id
        """;

    /// <summary>Numbers and stores a letter in the caller's write transaction: the counter row of the agency's letter type
    /// and year is incremented in the same transaction as the insert, so a rolled-back issue leaves no gap and two
    /// issuers never get the same number (the counter row is locked until commit; SQLite has one writer).</summary>
    public static async Task<IssuedLetter> IssueAsync(DbSession session, LetterToIssue letter)
    {
        if (letter.FormToken is not null && await IssuedWithTokenAsync(session, letter.RequestId, letter.FormToken) is { } already)
            return already;
        var sequence = await session.Connection.ExecuteScalarAsync<long>(session.Dialect.NextLetterNumber,
            new { letter.AgencyCode, LetterType = (int)letter.Type, letter.Year }, session.Transaction);
        var prefix = await session.Connection.ExecuteScalarAsync<string?>(SelectPrefix, new { letter.AgencyCode }, session.Transaction);
        var number = LetterTypes.DocumentNumber(prefix, letter.Type, letter.Year, sequence);
        var content = letter.Content.Replace(NumberPlaceholder, number, StringComparison.Ordinal);
        var issued = new IssuedLetter
        {
            Id = Guid.NewGuid().ToString(), RequestId = letter.RequestId.ToString(), AgencyCode = letter.AgencyCode, LetterType = (int)letter.Type,
            Outcome = (int?)letter.Outcome, Year = letter.Year, Sequence = sequence, DocumentNumber = number, Title = letter.Title,
            Addressee = letter.Addressee, Content = content, Sha256 = Hash(content), Facts = letter.Facts, PrivacyReview = letter.PrivacyReview,
            ReplacesLetterId = letter.ReplacesLetterId, IssuedBy = letter.IssuedBy, IssuedAt = letter.IssuedAt,
        };
        await session.Connection.ExecuteAsync(Insert, issued, session.Transaction);
        if (letter.FormToken is not null)
            await session.Connection.ExecuteAsync(InsertToken, new { RequestId = issued.RequestId, letter.FormToken, LetterId = issued.Id }, session.Transaction);
        return issued;
    }

    /// <summary>Sets the prefix an agency's document numbers start with (示府办依公开 in 示府办依公开〔2026〕答第1号); an empty
    /// prefix removes it. Letters already issued keep their numbers.</summary>
    public static async Task SetPrefixAsync(DbSession session, string agencyCode, string? prefix)
    {
        await session.Connection.ExecuteAsync(DeletePrefix, new { AgencyCode = agencyCode }, session.Transaction);
        if (!string.IsNullOrWhiteSpace(prefix))
            await session.Connection.ExecuteAsync(InsertPrefix, new { AgencyCode = agencyCode, NumberPrefix = prefix.Trim() }, session.Transaction);
    }

    public static async Task<IReadOnlyDictionary<string, string>> PrefixesAsync(DbConnection connection) =>
        (await connection.QueryAsync<(string AgencyCode, string NumberPrefix)>(SelectPrefixes)).ToDictionary(p => p.AgencyCode, p => p.NumberPrefix);

    public static string Hash(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    public static async Task<IReadOnlyList<IssuedLetter>> ForRequestAsync(DbConnection connection, Guid requestId) =>
        (await connection.QueryAsync<IssuedLetter>(SelectForRequest, new { RequestId = requestId.ToString() })).ToList();

    public static Task<IssuedLetter?> FindAsync(DbConnection connection, string id) =>
        connection.QuerySingleOrDefaultAsync<IssuedLetter>(SelectById, new { Id = id });

    public static Task<IssuedLetter?> FindAsync(DbSession session, string id) =>
        session.Connection.QuerySingleOrDefaultAsync<IssuedLetter>(SelectById, new { Id = id }, session.Transaction);

    public static Task<IssuedLetter?> IssuedWithTokenAsync(DbSession session, Guid requestId, string formToken) =>
        session.Connection.QuerySingleOrDefaultAsync<IssuedLetter>(SelectByToken, new { RequestId = requestId.ToString(), FormToken = formToken }, session.Transaction);

    public static Task<IssuedLetter?> IssuedWithTokenAsync(DbConnection connection, Guid requestId, string formToken) =>
        connection.QuerySingleOrDefaultAsync<IssuedLetter>(SelectByToken, new { RequestId = requestId.ToString(), FormToken = formToken });

    public static Task RecordServiceAsync(DbSession session, LetterService service) =>
        session.Connection.ExecuteAsync(InsertService, service, session.Transaction);

    public static async Task<IReadOnlyList<LetterService>> ServicesForRequestAsync(DbConnection connection, Guid requestId) =>
        (await connection.QueryAsync<LetterService>(SelectServicesForRequest, new { RequestId = requestId.ToString() })).ToList();
}
