using System.Data.Common;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.RecordCorrections;

/// <summary>A correction request's saga row (更正申请, Art. 41): the whole state as JSON in <see cref="Data"/>, plus the
/// columns the list filters and sorts on.</summary>
public sealed record RecordCorrectionRow
{
    public required string Id { get; init; }
    public required int Version { get; init; }
    public required string State { get; init; }
    public required string AgencyCode { get; init; }
    public required string ApplicantName { get; init; }
    public required LocalDate ReceivedOn { get; init; }
    public required LocalDate DueOn { get; init; }
    public int? Outcome { get; init; }
    public LocalDate? ServedOn { get; init; }
    public required Instant UpdatedAt { get; init; }
    public required string Data { get; init; }
}

/// <summary>Saga rows of correction requests, written with optimistic concurrency, and the agency's list of them.</summary>
public static class RecordCorrectionStore
{
    private const string Columns = """
        id AS Id, version AS Version, state AS State, agency_code AS AgencyCode, applicant_name AS ApplicantName,
        received_on AS ReceivedOn, due_on AS DueOn, outcome AS Outcome, served_on AS ServedOn, updated_at AS UpdatedAt, data AS Data
        """;

    public const string SelectById = $"SELECT {Columns} FROM record_corrections WHERE id = @Id";

    /// <summary>One correction request, only when it is the agency's: anything else is not found.</summary>
    public const string SelectByIdForAgency = $"SELECT {Columns} FROM record_corrections WHERE id = @Id AND agency_code = @AgencyCode";

    public const string Insert = """
        INSERT INTO record_corrections (id, version, state, agency_code, applicant_name, received_on, due_on, outcome, served_on, updated_at, data)
        VALUES (@Id, @Version, @State, @AgencyCode, @ApplicantName, @ReceivedOn, @DueOn, @Outcome, @ServedOn, @UpdatedAt, @Data)
        """;

    /// <summary>Optimistic concurrency: the update applies only to the version that was read.</summary>
    public const string Update = """
        UPDATE record_corrections SET version = @Version, state = @State, outcome = @Outcome, served_on = @ServedOn,
            updated_at = @UpdatedAt, data = @Data
        WHERE id = @Id AND version = @ExpectedVersion
        """;

    public const string SelectAllData = "SELECT data FROM record_corrections";

    /// <summary>The agency's correction requests: open ones first (the nearest due date first), then the served ones,
    /// the latest first.</summary>
    public const string SelectForAgency = $"""
        SELECT {Columns} FROM record_corrections
        WHERE agency_code = @AgencyCode
        ORDER BY CASE WHEN served_on IS NULL THEN 0 ELSE 1 END, due_on, received_on DESC, id
        """;

    public static Task<RecordCorrectionRow?> FindAsync(DbSession session, Guid id) =>
        session.Connection.QuerySingleOrDefaultAsync<RecordCorrectionRow>(SelectById, new { Id = id.ToString() }, session.Transaction);

    public static Task<RecordCorrectionRow?> FindForAgencyAsync(DbConnection connection, Guid id, string agencyCode) =>
        connection.QuerySingleOrDefaultAsync<RecordCorrectionRow>(SelectByIdForAgency, new { Id = id.ToString(), AgencyCode = agencyCode });

    public static Task InsertAsync(DbSession session, RecordCorrectionRow row) =>
        session.Connection.ExecuteAsync(Insert, row, session.Transaction);

    public static async Task<bool> TryUpdateAsync(DbSession session, RecordCorrectionRow row, int expectedVersion) =>
        await session.Connection.ExecuteAsync(Update, new
        {
            row.Id, row.Version, row.State, row.Outcome, row.ServedOn, row.UpdatedAt, row.Data, ExpectedVersion = expectedVersion,
        }, session.Transaction) == 1;

    public static async Task<IReadOnlyList<RecordCorrectionRow>> ForAgencyAsync(DbConnection connection, string agencyCode) =>
        (await connection.QueryAsync<RecordCorrectionRow>(SelectForAgency, new { AgencyCode = agencyCode })).ToList();
}
