using Dapper;

namespace CaseFlow.Persistence.Requests;

/// <summary>Saga rows of disclosure requests, written with optimistic concurrency.</summary>
public static class RequestStore
{
    private const string Columns = """
        id AS Id, version AS Version, state AS State, agency_code AS AgencyCode, tracking_number AS TrackingNumber,
        applicant_name AS ApplicantName, applicant_type AS ApplicantType, channel AS Channel, handler AS Handler,
        description AS Description, received_on AS ReceivedOn, correction_due_on AS CorrectionDueOn,
        reply_due_on AS ReplyDueOn, provisional AS Provisional, overdue AS Overdue, clock_running AS ClockRunning,
        stopped_since AS StoppedSince, on_time AS OnTime, on_time_without_extension AS OnTimeWithoutExtension,
        counted_outcome AS CountedOutcome, outcome AS Outcome,
        close_reason AS CloseReason, closed_on AS ClosedOn, extension_days AS ExtensionDays, calendar_version AS CalendarVersion,
        registered_at AS RegisteredAt, updated_at AS UpdatedAt, data AS Data,
        fee_amount_fen AS FeeAmountFen, fee_charged_year AS FeeChargedYear, fee_collected_year AS FeeCollectedYear
        """;

    public const string SelectById = $"SELECT {Columns} FROM requests WHERE id = @Id";

    public const string Insert = """
        INSERT INTO requests (id, version, state, agency_code, tracking_number, applicant_name, applicant_type, channel,
            handler, description, received_on, correction_due_on, reply_due_on, provisional, overdue, clock_running,
            stopped_since, on_time, on_time_without_extension, counted_outcome, outcome,
            close_reason, closed_on, extension_days, calendar_version, registered_at, updated_at, data,
            fee_amount_fen, fee_charged_year, fee_collected_year)
        VALUES (@Id, @Version, @State, @AgencyCode, @TrackingNumber, @ApplicantName, @ApplicantType, @Channel,
            @Handler, @Description, @ReceivedOn, @CorrectionDueOn, @ReplyDueOn, @Provisional, @Overdue, @ClockRunning,
            @StoppedSince, @OnTime, @OnTimeWithoutExtension, @CountedOutcome, @Outcome,
            @CloseReason, @ClosedOn, @ExtensionDays, @CalendarVersion, @RegisteredAt, @UpdatedAt, @Data,
            @FeeAmountFen, @FeeChargedYear, @FeeCollectedYear)
        """;

    /// <summary>Optimistic concurrency: the update applies only to the version that was read; 0 rows means another
    /// node got there first and the message must be retried.</summary>
    public const string Update = """
        UPDATE requests SET version = @Version, state = @State, handler = @Handler, description = @Description,
            received_on = @ReceivedOn, correction_due_on = @CorrectionDueOn, reply_due_on = @ReplyDueOn,
            provisional = @Provisional, overdue = @Overdue, clock_running = @ClockRunning, stopped_since = @StoppedSince,
            on_time = @OnTime, on_time_without_extension = @OnTimeWithoutExtension, counted_outcome = @CountedOutcome, outcome = @Outcome, close_reason = @CloseReason,
            closed_on = @ClosedOn, extension_days = @ExtensionDays, calendar_version = @CalendarVersion, updated_at = @UpdatedAt, data = @Data,
            fee_amount_fen = @FeeAmountFen, fee_charged_year = @FeeChargedYear, fee_collected_year = @FeeCollectedYear
        WHERE id = @Id AND version = @ExpectedVersion
        """;

    public const string SelectAllData = "SELECT data FROM requests";

    public const string SelectOpenIdsWithCalendarOtherThan = """
        SELECT id FROM requests WHERE closed_on IS NULL AND (calendar_version IS NULL OR calendar_version <> @CalendarVersion)
        """;

    public static Task<RequestRow?> FindAsync(DbSession session, Guid id) =>
        session.Connection.QuerySingleOrDefaultAsync<RequestRow>(SelectById, new { Id = id.ToString() }, session.Transaction);

    public static Task InsertAsync(DbSession session, RequestRow row) =>
        session.Connection.ExecuteAsync(Insert, row, session.Transaction);

    public static async Task<bool> TryUpdateAsync(DbSession session, RequestRow row, int expectedVersion) =>
        await session.Connection.ExecuteAsync(Update, new
        {
            row.Id, row.Version, row.State, row.Handler, row.Description, row.ReceivedOn, row.CorrectionDueOn, row.ReplyDueOn,
            row.Provisional, row.Overdue, row.ClockRunning, row.StoppedSince, row.OnTime, row.OnTimeWithoutExtension, row.CountedOutcome, row.Outcome, row.CloseReason, row.ClosedOn, row.ExtensionDays, row.CalendarVersion, row.UpdatedAt,
            row.Data, row.FeeAmountFen, row.FeeChargedYear, row.FeeCollectedYear, ExpectedVersion = expectedVersion,
        }, session.Transaction) == 1;

    /// <summary>Open requests whose deadlines were computed with another calendar than the loaded one.</summary>
    public static async Task<IReadOnlyList<Guid>> OpenWithOtherCalendarAsync(DbSession session, string calendarVersion) =>
        (await session.Connection.QueryAsync<string>(SelectOpenIdsWithCalendarOtherThan, new { CalendarVersion = calendarVersion }, session.Transaction))
            .Select(Guid.Parse).ToList();

    public static async Task<string> NextTrackingNumberAsync(DbSession session, string agencyCode, int year)
    {
        var value = await session.Connection.ExecuteScalarAsync<long>(session.Dialect.NextTrackingNumber,
            new { AgencyCode = agencyCode, Year = year }, session.Transaction);
        return $"{year}-{value:D6}";
    }
}
