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

    public const string InsertAddressee =
        "INSERT INTO consultation_addressees (consultation_id, agency_code, user_name) VALUES (@ConsultationId, @AgencyCode, @UserName)";

    /// <summary>Issue 17 item 2 (Art. 34): what a user of another agency of the installation is asked — consultations
    /// addressed to their agency (any caseworker, legal adviser or supervisor of it answers: <c>user_name</c> empty), and
    /// internal joint consultations that invite them by name. Open ones first, the nearest due date first.</summary>
    public const string SelectAddressedTo = $"""
        SELECT {Columns} FROM consultations
        WHERE id IN (SELECT consultation_id FROM consultation_addressees
                     WHERE agency_code = @AgencyCode AND (user_name = '' OR user_name = @UserName))
        ORDER BY CASE WHEN ended_on IS NULL THEN 0 ELSE 1 END, window_due_on, id
        """;

    /// <summary>One consultation, only when it is addressed to the user's agency or invites them by name from it.</summary>
    public const string SelectByIdAddressedTo = $"""
        SELECT {Columns} FROM consultations
        WHERE id = @Id
          AND id IN (SELECT consultation_id FROM consultation_addressees
                     WHERE agency_code = @AgencyCode AND (user_name = '' OR user_name = @UserName))
        """;

    /// <summary>The addressee of a consultation as the workflow checks it, in its transaction: an agency of the
    /// installation and its name.</summary>
    public const string SelectAgencyName = "SELECT name FROM agencies WHERE code = @Code";

    /// <summary>Users invited by name, as the workflow checks them, in its transaction.</summary>
    public const string SelectUsers = "SELECT user_name AS UserName, agency_code AS AgencyCode, role AS Role, disabled AS Disabled FROM users WHERE user_name = @UserName";

    public static Task<ConsultationRow?> FindAsync(DbSession session, Guid id) =>
        session.Connection.QuerySingleOrDefaultAsync<ConsultationRow>(SelectById, new { Id = id.ToString() }, session.Transaction);

    public static async Task InsertAsync(DbSession session, ConsultationRow row, IEnumerable<string> participants,
        IEnumerable<ConsultationAddressee>? addressees = null)
    {
        await session.Connection.ExecuteAsync(Insert, row, session.Transaction);
        foreach (var participant in participants.Distinct(StringComparer.Ordinal))
            await session.Connection.ExecuteAsync(InsertParticipant, new { ConsultationId = row.Id, Participant = participant }, session.Transaction);
        foreach (var addressee in (addressees ?? []).Distinct())
            await session.Connection.ExecuteAsync(InsertAddressee,
                new { ConsultationId = row.Id, addressee.AgencyCode, UserName = addressee.UserName ?? "" }, session.Transaction);
    }

    public const string SelectColleagueAgency =
        "SELECT agency_code FROM consultation_addressees WHERE consultation_id = @ConsultationId AND user_name = @UserName";

    /// <summary>The agency of a colleague of another agency invited by name to the consultation, or null.</summary>
    public static Task<string?> ColleagueAgencyAsync(DbSession session, Guid consultationId, string userName) =>
        session.Connection.QueryFirstOrDefaultAsync<string?>(SelectColleagueAgency,
            new { ConsultationId = consultationId.ToString(), UserName = userName }, session.Transaction);

    public const string SelectAddressedAgency =
        "SELECT agency_code FROM consultation_addressees WHERE consultation_id = @ConsultationId AND user_name = ''";

    /// <summary>Who answers for an addressed agency: its enabled caseworkers, legal advisers and supervisors.</summary>
    public const string SelectAnswerersOfAgency = """
        SELECT user_name FROM users
        WHERE agency_code = @AgencyCode AND disabled = @Disabled AND role IN (@Caseworker, @LegalAdviser, @Supervisor)
        ORDER BY user_name
        """;

    /// <summary>The agency of the installation an other-agency consultation is addressed to, with the users who answer for
    /// it; null when it is addressed to none.</summary>
    public static async Task<(string AgencyCode, IReadOnlyList<string> Users)?> AddressedAgencyAsync(DbSession session, Guid consultationId)
    {
        var agency = await session.Connection.QueryFirstOrDefaultAsync<string?>(SelectAddressedAgency,
            new { ConsultationId = consultationId.ToString() }, session.Transaction);
        if (agency is null)
            return null;
        var users = await session.Connection.QueryAsync<string>(SelectAnswerersOfAgency, new
        {
            AgencyCode = agency, Disabled = false, Caseworker = Workplace.Roles.Caseworker, LegalAdviser = Workplace.Roles.LegalAdviser,
            Supervisor = Workplace.Roles.Supervisor,
        }, session.Transaction);
        return (agency, users.ToList());
    }

    public static Task<string?> AgencyNameAsync(DbSession session, string code) =>
        session.Connection.QuerySingleOrDefaultAsync<string?>(SelectAgencyName, new { Code = code }, session.Transaction);

    /// <summary>The users of these names that exist (a handful: the invitation's colleagues), one query each.</summary>
    public static async Task<IReadOnlyList<InvitedUser>> UsersAsync(DbSession session, IEnumerable<string> userNames)
    {
        var found = new List<InvitedUser>();
        foreach (var name in userNames.Distinct(StringComparer.Ordinal))
            if (await session.Connection.QuerySingleOrDefaultAsync<InvitedUser>(SelectUsers, new { UserName = name }, session.Transaction) is { } user)
                found.Add(user);
        return found;
    }

    public static async Task<IReadOnlyList<ConsultationRow>> AddressedToAsync(DbConnection connection, string agencyCode, string userName) =>
        (await connection.QueryAsync<ConsultationRow>(SelectAddressedTo, new { AgencyCode = agencyCode, UserName = userName })).ToList();

    public static Task<ConsultationRow?> FindAddressedToAsync(DbConnection connection, Guid id, string agencyCode, string userName) =>
        connection.QuerySingleOrDefaultAsync<ConsultationRow>(SelectByIdAddressedTo,
            new { Id = id.ToString(), AgencyCode = agencyCode, UserName = userName });

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

/// <summary>Who a consultation of another agency of the installation is addressed to: the agency (any of its caseworkers,
/// legal advisers or supervisor; <see cref="UserName"/> null), or one named user of it.</summary>
public sealed record ConsultationAddressee(string AgencyCode, string? UserName);

/// <summary>A user invited by name, as the consultation workflow checks them.</summary>
public sealed record InvitedUser
{
    public required string UserName { get; init; }
    public required string AgencyCode { get; init; }
    public required string Role { get; init; }
    public bool Disabled { get; init; }
}
