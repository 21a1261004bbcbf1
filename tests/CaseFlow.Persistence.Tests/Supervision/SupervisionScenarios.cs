using System.Reflection;
using CaseFlow.Persistence.Migrations;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Supervision;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Tests.Supervision;

/// <summary>The supervisor's queries, written once and run on every database: each public static method taking a
/// <see cref="Database"/> is a scenario. Today is Wednesday 30 October 2024.</summary>
public static class SupervisionScenarios
{
    private static readonly Instant Now = Instant.FromUtc(2024, 10, 30, 1, 0);
    private static readonly IClock Clock = new NodaTime.Testing.FakeClock(Now);
    private static readonly LocalDate Today = new(2024, 10, 30);

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var method in typeof(SupervisionScenarios).GetMethods(BindingFlags.Public | BindingFlags.Static)
                     .Where(m => m.ReturnType == typeof(Task) && m.GetParameters() is [{ ParameterType: var p }] && p == typeof(Database)))
            data.Add(method.Name);
        return data;
    }

    public static async Task RunAsync(string scenario, Database database)
    {
        await new Migrator(database, Clock).MigrateAsync();
        var method = typeof(SupervisionScenarios).GetMethod(scenario) ?? throw new ArgumentException($"No scenario {scenario}.");
        await (Task)method.Invoke(null, [database])!;
    }

    private static int _n;

    /// <summary>A request row: received, due, closed (replied when closed, close reason 1), with an extension or not.</summary>
    private static RequestRow Row(string agency, string handler, LocalDate received, LocalDate? due, LocalDate? closed = null, int extensionDays = 0, int closeReason = 1)
    {
        var n = Interlocked.Increment(ref _n);
        return new RequestRow
        {
            Id = Guid.NewGuid().ToString(), Version = 1, State = closed is null ? "InProgress" : "Replied", AgencyCode = agency,
            TrackingNumber = $"2024-{n:D6}", ApplicantName = "王小明", ApplicantType = 1, Channel = 1, Handler = handler,
            Description = "预算", ReceivedOn = received, ReplyDueOn = due, ClosedOn = closed, Outcome = closed is null ? null : 102,
            CloseReason = closed is null ? null : closeReason, ExtensionDays = extensionDays, RegisteredAt = Now, UpdatedAt = Now, Data = "{}",
        };
    }

    private static async Task InsertAsync(Database database, params RequestRow[] rows)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        var session = new DbSession(connection, transaction, database.Dialect);
        foreach (var row in rows)
            await RequestStore.InsertAsync(session, row);
        await transaction.CommitAsync();
    }

    private static LocalDate D(int month, int day) => new(2024, month, day);

    public static async Task The_on_time_rate_counts_replies_by_the_due_date_with_and_without_extensions(Database database)
    {
        await InsertAsync(database,
            Row("a", "zhang", D(9, 2), due: D(9, 30), closed: D(10, 8)),                      // late
            Row("a", "zhang", D(9, 20), due: D(10, 18), closed: D(10, 18)),                    // on the due date: on time
            Row("a", "liu", D(9, 10), due: D(10, 29), closed: D(10, 25), extensionDays: 10),   // on time thanks to the extension
            Row("a", "liu", D(9, 10), due: D(10, 9), closed: D(10, 9), closeReason: 3),        // withdrawn: not a reply
            Row("a", "liu", D(8, 1), due: D(8, 29), closed: D(9, 2)),                          // September: outside October
            Row("b", "chen", D(9, 25), due: D(10, 25), closed: D(10, 20)));
        await using var connection = await database.OpenAsync();

        var cells = await Dashboard.TimelinessCellsAsync(connection, "a", D(9, 1), Today);
        var october = Dashboard.Sum(cells, D(10, 1), Today);
        var all = Dashboard.Sum(await Dashboard.TimelinessCellsAsync(connection, null, D(10, 1), Today), D(10, 1), Today);

        var zhang = october.Single(r => r.Handler == "zhang");
        var liu = october.Single(r => r.Handler == "liu");
        Assert.Equal((2L, 1L, 1L, 0L), (zhang.Replied, zhang.OnTime, zhang.OnTimeWithoutExtension, zhang.Extended));
        Assert.Equal((1L, 1L, 0L, 1L), (liu.Replied, liu.OnTime, liu.OnTimeWithoutExtension, liu.Extended));
        Assert.Equal(["a", "b"], all.Select(r => r.AgencyCode).Distinct().Order());
        Assert.Equal(4L, all.Sum(r => r.Replied));
        Assert.Equal(4L, cells.Sum(d => d.Replied));
        Assert.Equal(1L, cells.Single(d => d.ClosedOn == D(9, 2)).Replied);
        Assert.Equal(2L, Dashboard.Sum(cells, D(9, 1), Today).Single(r => r.Handler == "liu").Replied);
    }

    public static async Task Open_requests_are_counted_by_the_due_date_bounds_given(Database database)
    {
        // Bounds for Wednesday 30 October: 2 working days left ends on Friday 1 November, 5 on Wednesday 6 November.
        await InsertAsync(database,
            Row("a", "zhang", D(9, 2), due: D(10, 29)),
            Row("a", "zhang", D(9, 2), due: D(10, 30)),
            Row("a", "zhang", D(9, 2), due: D(11, 1)),
            Row("a", "zhang", D(9, 2), due: D(11, 4)),
            Row("a", "zhang", D(9, 2), due: D(11, 6)),
            Row("a", "zhang", D(9, 2), due: D(11, 7)),
            Row("a", "zhang", D(9, 2), due: null),
            Row("a", "zhang", D(9, 2), due: D(10, 1), closed: D(10, 1)),
            Row("b", "chen", D(9, 2), due: D(10, 1)));
        await using var connection = await database.OpenAsync();

        var open = await Dashboard.OpenByDaysLeftAsync(connection, "a", Today, D(11, 1), D(11, 6));

        Assert.Equal((1L, 2L, 2L, 1L, 1L), (open.Overdue, open.ZeroToTwo, open.ThreeToFive, open.SixOrMore, open.NotYetDue));
    }

    public static async Task The_oldest_open_requests_come_first_and_stay_in_their_agency(Database database)
    {
        await InsertAsync(database,
            Row("a", "zhang", D(9, 5), due: D(10, 31)),
            Row("a", "zhang", D(8, 5), due: D(9, 2), closed: D(9, 2)),
            Row("a", "zhang", D(9, 1), due: D(10, 29)),
            Row("b", "chen", D(7, 1), due: D(8, 1)));
        await using var connection = await database.OpenAsync();

        var mine = await Dashboard.OldestOpenAsync(connection, database.Dialect, "a");
        var all = await Dashboard.OldestOpenAsync(connection, database.Dialect, null, count: 2);

        Assert.Equal([D(9, 1), D(9, 5)], mine.Select(r => r.ReceivedOn));
        Assert.Equal(["b", "a"], all.Select(r => r.AgencyCode));
    }

    public static async Task The_follow_up_lists_hold_due_soon_overdue_and_replied_late(Database database)
    {
        await InsertAsync(database,
            Row("a", "zhang", D(9, 2), due: D(10, 29)),
            Row("a", "zhang", D(9, 2), due: D(11, 1)),
            Row("a", "zhang", D(9, 2), due: D(11, 20)),
            Row("a", "zhang", D(9, 2), due: D(9, 30), closed: D(10, 8)),
            Row("a", "zhang", D(9, 2), due: D(9, 30), closed: D(9, 30)),
            Row("b", "chen", D(9, 2), due: D(10, 1)));
        await using var connection = await database.OpenAsync();
        Task<IReadOnlyList<RequestListItem>> List(FollowUpList list) =>
            FollowUpLists.QueryAsync(connection, database.Dialect.Page, list, "a", Today, until: D(11, 6), from: D(1, 1), to: D(12, 31));

        Assert.Equal([D(11, 1)], (await List(FollowUpList.DueSoon)).Select(r => r.ReplyDueOn));
        Assert.Equal([D(10, 29)], (await List(FollowUpList.Overdue)).Select(r => r.ReplyDueOn));
        Assert.Equal([D(10, 8)], (await List(FollowUpList.RepliedLate)).Select(r => r.ClosedOn));
    }

    public static async Task A_reminder_is_audited_per_request_and_another_agencys_request_writes_nothing(Database database)
    {
        var mine = Row("a", "zhang", D(9, 2), due: D(10, 29));
        var other = Row("b", "chen", D(9, 2), due: D(10, 29));
        await InsertAsync(database, mine, other);

        var refused = await FollowUpLists.RemindAsync(database, [Guid.Parse(mine.Id), Guid.Parse(other.Id)], new HashSet<string> { "a" }, "请尽快答复", "sup", Now);
        var reminded = await FollowUpLists.RemindAsync(database, [Guid.Parse(mine.Id)], new HashSet<string> { "a" }, "请尽快答复", "sup", Now);

        Assert.Null(refused);
        Assert.Equal([mine.TrackingNumber], reminded);
        await using var connection = await database.OpenAsync();
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM reminders"));
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_entries WHERE request_id = @Id AND activity = 'SupervisionReminder'", new { mine.Id }));
        var inbox = await FollowUpLists.RemindersForAsync(connection, "a", "zhang");
        Assert.Equal("请尽快答复", Assert.Single(inbox).Message);
        Assert.Equal(mine.TrackingNumber, inbox[0].TrackingNumber);
    }

    public static async Task The_approved_extension_is_a_column_that_round_trips(Database database)
    {
        var row = Row("a", "zhang", D(9, 2), due: D(10, 29), extensionDays: 15);
        await InsertAsync(database, row);
        await using var connection = await database.OpenAsync();

        var read = await connection.QuerySingleAsync<RequestRow>(RequestStore.SelectById, new { row.Id });

        Assert.Equal(15, read.ExtensionDays);
    }
}
