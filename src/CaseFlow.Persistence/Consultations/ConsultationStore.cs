using System.Data.Common;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Consultations;

/// <summary>A consultation's saga row: the whole state as JSON in <see cref="Data"/>, plus the columns lists filter on.</summary>
public sealed record ConsultationRow
{
    public required string Id { get; init; }
    public required int Version { get; init; }
    public required string State { get; init; }
    public required string RequestId { get; init; }
    public required string AgencyCode { get; init; }
    public required int Kind { get; init; }
    public LocalDate? WindowDueOn { get; init; }
    public LocalDate? EndedOn { get; init; }
    public required Instant UpdatedAt { get; init; }
    public required string Data { get; init; }
}

/// <summary>Saga rows of consultations (征求意见 / 会商), written with optimistic concurrency, and their participants.</summary>
public static class ConsultationStore
{
    private const string Columns = """
        id AS Id, version AS Version, state AS State, request_id AS RequestId, agency_code AS AgencyCode, kind AS Kind,
        window_due_on AS WindowDueOn, ended_on AS EndedOn, updated_at AS UpdatedAt, data AS Data
        """;

    public const string SelectById = $"SELECT {Columns} FROM consultations WHERE id = @Id";

    public const string Insert = """
        INSERT INTO consultations (id, version, state, request_id, agency_code, kind, window_due_on, ended_on, updated_at, data)
        VALUES (@Id, @Version, @State, @RequestId, @AgencyCode, @Kind, @WindowDueOn, @EndedOn, @UpdatedAt, @Data)
        """;

    /// <summary>Optimistic concurrency: the update applies only to the version that was read.</summary>
    public const string Update = """
        UPDATE consultations SET version = @Version, state = @State, window_due_on = @WindowDueOn, ended_on = @EndedOn,
            updated_at = @UpdatedAt, data = @Data
        WHERE id = @Id AND version = @ExpectedVersion
        """;

    public const string InsertParticipant = "INSERT INTO consultation_participants (consultation_id, participant) VALUES (@ConsultationId, @Participant)";

    public const string SelectAllData = "SELECT data FROM consultations";

    public const string SelectForRequest = $"SELECT {Columns} FROM consultations WHERE request_id = @RequestId ORDER BY updated_at";

    /// <summary>A participant sees only the consultations that invite them, in their own agency; open ones first,
    /// the nearest due date first.</summary>
    public const string SelectForParticipant = $"""
        SELECT {Columns} FROM consultations
        WHERE agency_code = @AgencyCode AND id IN (SELECT consultation_id FROM consultation_participants WHERE participant = @Participant)
        ORDER BY CASE WHEN ended_on IS NULL THEN 0 ELSE 1 END, window_due_on, id
        """;

    /// <summary>One consultation, only when it invites the participant in their agency: anything else is not found.</summary>
    public const string SelectByIdForParticipant = $"""
        SELECT {Columns} FROM consultations
        WHERE id = @Id AND agency_code = @AgencyCode
          AND id IN (SELECT consultation_id FROM consultation_participants WHERE participant = @Participant)
        """;

    public static Task<ConsultationRow?> FindAsync(DbSession session, Guid id) =>
        session.Connection.QuerySingleOrDefaultAsync<ConsultationRow>(SelectById, new { Id = id.ToString() }, session.Transaction);

    public static async Task InsertAsync(DbSession session, ConsultationRow row, IEnumerable<string> participants)
    {
        await session.Connection.ExecuteAsync(Insert, row, session.Transaction);
        foreach (var participant in participants.Distinct(StringComparer.Ordinal))
            await session.Connection.ExecuteAsync(InsertParticipant, new { ConsultationId = row.Id, Participant = participant }, session.Transaction);
    }

    public static async Task<bool> TryUpdateAsync(DbSession session, ConsultationRow row, int expectedVersion) =>
        await session.Connection.ExecuteAsync(Update, new
        {
            row.Id, row.Version, row.State, row.WindowDueOn, row.EndedOn, row.UpdatedAt, row.Data, ExpectedVersion = expectedVersion,
        }, session.Transaction) == 1;

    public static async Task<IReadOnlyList<ConsultationRow>> ForRequestAsync(DbConnection connection, Guid requestId) =>
        (await connection.QueryAsync<ConsultationRow>(SelectForRequest, new { RequestId = requestId.ToString() })).ToList();

    public static async Task<IReadOnlyList<ConsultationRow>> ForParticipantAsync(DbConnection connection, string agencyCode, string participant) =>
        (await connection.QueryAsync<ConsultationRow>(SelectForParticipant, new { AgencyCode = agencyCode, Participant = participant })).ToList();

    public static Task<ConsultationRow?> FindForParticipantAsync(DbConnection connection, Guid id, string agencyCode, string participant) =>
        connection.QuerySingleOrDefaultAsync<ConsultationRow>(SelectByIdForParticipant,
            new { Id = id.ToString(), AgencyCode = agencyCode, Participant = participant });
}
