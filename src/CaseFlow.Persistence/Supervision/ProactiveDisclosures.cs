using System.Data.Common;
using System.Text.Json;
using CaseFlow.Persistence.Audit;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Supervision;

/// <summary>Information marked for proactive disclosure (Art. 44) and its publication.</summary>
public sealed record ProactiveDisclosure
{
    public required string Id { get; init; }
    public required string AgencyCode { get; init; }
    public required string Subject { get; init; }
    public required string MarkedBy { get; init; }
    public required Instant MarkedAt { get; init; }
    public LocalDate? PublishedOn { get; init; }
    public string? PublishedUrl { get; init; }
    public string? PublishedBy { get; init; }
    public Instant? PublishedAt { get; init; }
    /// <summary>The requests of the group (filled by <see cref="ProactiveDisclosures.ForAgencyAsync"/>).</summary>
    public IReadOnlyList<string> RequestIds { get; init; } = [];
}

/// <summary>Art. 44 follow-up: marks, publications, the list per agency and the published link of a request. Every change
/// writes one audit line per request of the group (append-only), in the same transaction.</summary>
public static class ProactiveDisclosures
{
    private const string Columns = """
        id AS Id, agency_code AS AgencyCode, subject AS Subject, marked_by AS MarkedBy, marked_at AS MarkedAt, published_on AS PublishedOn,
        published_url AS PublishedUrl, published_by AS PublishedBy, published_at AS PublishedAt
        """;

    public const string Insert = """
        INSERT INTO proactive_disclosures (id, agency_code, subject, marked_by, marked_at) VALUES (@Id, @AgencyCode, @Subject, @MarkedBy, @MarkedAt)
        """;

    public const string InsertRequest = "INSERT INTO proactive_disclosure_requests (disclosure_id, request_id) VALUES (@DisclosureId, @RequestId)";

    public const string UpdatePublication = """
        UPDATE proactive_disclosures SET published_on = @PublishedOn, published_url = @PublishedUrl, published_by = @PublishedBy, published_at = @PublishedAt
        WHERE id = @Id AND agency_code = @AgencyCode
        """;

    public const string SelectForAgency = $"SELECT {Columns} FROM proactive_disclosures WHERE agency_code = @AgencyCode ORDER BY marked_at DESC, id";

    public const string SelectById = $"SELECT {Columns} FROM proactive_disclosures WHERE id = @Id AND agency_code = @AgencyCode";

    public const string SelectRequestsForAgency = """
        SELECT l.disclosure_id, l.request_id FROM proactive_disclosure_requests l
        JOIN proactive_disclosures d ON d.id = l.disclosure_id WHERE d.agency_code = @AgencyCode
        """;

    public const string SelectPublishedForRequest = $"""
        SELECT {Columns} FROM proactive_disclosures
        WHERE published_url IS NOT NULL AND id IN (SELECT disclosure_id FROM proactive_disclosure_requests WHERE request_id = @RequestId)
        ORDER BY published_on DESC, id
        """;

    public const string SelectRequestOfAgency = "SELECT id FROM requests WHERE agency_code = @AgencyCode AND id = @Id";

    /// <summary>The ids among <paramref name="ids"/> that are requests of <paramref name="agencyCode"/> (one indexed look-up
    /// each; a group is small and the caller bounds it).</summary>
    public static async Task<IReadOnlyList<string>> RequestsOfAgencyAsync(DbConnection connection, string agencyCode, IReadOnlyList<string> ids)
    {
        var own = new List<string>();
        foreach (var id in ids)
            if (await connection.ExecuteScalarAsync<string?>(SelectRequestOfAgency, new { AgencyCode = agencyCode, Id = id }) is { } found)
                own.Add(found);
        return own;
    }

    public static async Task MarkAsync(DbSession session, ProactiveDisclosure mark, IReadOnlyList<string> requestIds)
    {
        await session.Connection.ExecuteAsync(Insert, mark, session.Transaction);
        foreach (var requestId in requestIds)
        {
            await session.Connection.ExecuteAsync(InsertRequest, new { DisclosureId = mark.Id, RequestId = requestId }, session.Transaction);
            await AuditAsync(session, requestId, $"pd-mark:{mark.Id}", mark.MarkedAt, mark.MarkedBy, "MarkForProactiveDisclosure",
                new { before = (string?)null, after = mark.Subject });
        }
    }

    /// <summary>Records the publication of a mark of <paramref name="agencyCode"/>; false when there is no such mark there.</summary>
    public static async Task<bool> PublishAsync(DbSession session, string agencyCode, string id, LocalDate publishedOn, string url, string actor, Instant at)
    {
        var before = await session.Connection.QuerySingleOrDefaultAsync<ProactiveDisclosure>(SelectById, new { Id = id, AgencyCode = agencyCode }, session.Transaction);
        if (before is null)
            return false;
        await session.Connection.ExecuteAsync(UpdatePublication,
            new { Id = id, AgencyCode = agencyCode, PublishedOn = publishedOn, PublishedUrl = url, PublishedBy = actor, PublishedAt = at }, session.Transaction);
        var requests = await session.Connection.QueryAsync<string>("SELECT request_id FROM proactive_disclosure_requests WHERE disclosure_id = @Id",
            new { Id = id }, session.Transaction);
        foreach (var requestId in requests)
            await AuditAsync(session, requestId, $"pd-publish:{id}:{at.ToUnixTimeTicks()}", at, actor, "PublishProactiveDisclosure",
                new { before = before.PublishedUrl, after = $"{publishedOn:uuuu-MM-dd} {url}" });
        return true;
    }

    public static async Task<IReadOnlyList<ProactiveDisclosure>> ForAgencyAsync(DbConnection connection, string agencyCode)
    {
        var marks = (await connection.QueryAsync<ProactiveDisclosure>(SelectForAgency, new { AgencyCode = agencyCode })).ToList();
        var links = (await connection.QueryAsync<(string DisclosureId, string RequestId)>(SelectRequestsForAgency, new { AgencyCode = agencyCode }))
            .ToLookup(l => l.DisclosureId, l => l.RequestId);
        return marks.Select(m => m with { RequestIds = links[m.Id].Order(StringComparer.Ordinal).ToList() }).ToList();
    }

    /// <summary>The latest published disclosure whose group includes the request, or null.</summary>
    public static async Task<ProactiveDisclosure?> PublishedForRequestAsync(DbConnection connection, string requestId) =>
        (await connection.QueryAsync<ProactiveDisclosure>(SelectPublishedForRequest, new { RequestId = requestId })).FirstOrDefault();

    public const string SelectState = "SELECT state FROM requests WHERE id = @Id";

    /// <summary>One audit line on the request: its state is unchanged (the mark is not an act on the request).</summary>
    private static async Task AuditAsync(DbSession session, string requestId, string messageId, Instant at, string actor, string activity, object change)
    {
        var state = await session.Connection.ExecuteScalarAsync<string?>(SelectState, new { Id = requestId }, session.Transaction) ?? "";
        await AuditTrail.AppendAsync(session, new AuditEntry
        {
            // message_id is 36 characters in every dialect: a GUID derived from what the line is about.
            RequestId = requestId, MessageId = new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{messageId}\n{requestId}"))[..16]).ToString(),
            OccurredAt = at, Actor = actor, Activity = activity, FromState = state, ToState = state,
            Changes = JsonSerializer.Serialize(new Dictionary<string, object?> { ["proactiveDisclosure"] = change }),
        });
    }
}
