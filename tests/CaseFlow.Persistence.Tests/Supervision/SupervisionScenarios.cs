using System.Reflection;
using CaseFlow.Domain.Deadlines;
using CaseFlow.Persistence.Migrations;
using CaseFlow.Persistence.Reporting;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Supervision;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Tests.Supervision;

/// <summary>The supervisor's queries, written once and run on every database: each public static method taking a
/// <see cref="Database"/> is a scenario. Today is Wednesday 30 October 2024.</summary>
public static partial class SupervisionScenarios
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
        // The back-fill scenario migrates in two steps itself.
        if (scenario is not (nameof(The_dashboard_speed_migration_back_fills_the_counts_from_the_rows_already_there)
            or nameof(The_decisions_migration_back_fills_the_rows_already_there_as_the_domain_decides)
            or nameof(The_months_migration_back_fills_the_months_from_the_day_counters_already_there)
            or nameof(The_open_counts_migration_back_fills_the_counts_from_the_rows_already_there)))
            await new Migrator(database, Clock).MigrateAsync();
        var method = typeof(SupervisionScenarios).GetMethod(scenario) ?? throw new ArgumentException($"No scenario {scenario}.");
        await (Task)method.Invoke(null, [database])!;
    }

    private static int _n;

    /// <summary>A request row: received, due, closed (replied when closed, close reason 1), with an extension or not; open
    /// in progress or in <paramref name="state"/>. Its decisions are ReplyClockStatus's, as the workflow stores them.</summary>
    private static RequestRow Row(string agency, string handler, LocalDate received, LocalDate? due, LocalDate? closed = null, int extensionDays = 0, int closeReason = 1,
        string state = "InProgress")
    {
        var n = Interlocked.Increment(ref _n);
        return Decided(new RequestRow
        {
            Id = Guid.NewGuid().ToString(), Version = 1, State = closed is null ? state : "Replied", AgencyCode = agency,
            TrackingNumber = $"2024-{n:D6}", ApplicantName = "王小明", ApplicantType = 1, Channel = 1, Handler = handler,
            Description = "预算", ReceivedOn = received, ReplyDueOn = due, ClosedOn = closed, Outcome = closed is null ? null : 102,
            CloseReason = closed is null ? null : closeReason, ExtensionDays = extensionDays, RegisteredAt = Now, UpdatedAt = Now, Data = "{}",
        });
    }

    /// <summary>The row with the columns the workflow stores from <see cref="ReplyClockStatus.Decide"/> (a stopped state
    /// stands for its open span; the reply due date as computed).</summary>
    private static RequestRow Decided(RequestRow row)
    {
        var stage = row.ClosedOn is not null ? RequestStage.Closed : Enum.Parse<RequestStage>(row.State);
        var stopped = stage is RequestStage.Consulting or RequestStage.AwaitingFeePayment;
        var status = ReplyClockStatus.Decide(new RequestClockFacts
        {
            Stage = stage,
            RegisteredOn = Today,
            Deadlines = row is { ReceivedOn: { } received, ReplyDueOn: { } due }
                ? new RequestDeadlines(received, default, received, new(due, false), new(due, false), row.ExtensionDays, 0, [], "", stopped)
                : null,
            CorrectionNoticeIssuedOn = stage == RequestStage.AwaitingCorrection ? row.ReceivedOn : null,
            ReplyDueOn = row.ReplyDueOn, ExtensionWorkingDays = row.ExtensionDays, ClosedOn = row.ClosedOn,
            CloseReason = (CaseFlow.Domain.Requests.CloseReason?)row.CloseReason, Outcome = (CaseFlow.Domain.Replies.Outcome?)row.Outcome,
        }, Today);
        return row with
        {
            ClockRunning = status.ClockRunning, StoppedSince = status.StoppedSince, Overdue = status.Overdue, OnTime = status.OnTime,
            OnTimeWithoutExtension = status.OnTimeWithoutExtension, CountedOutcome = (int?)status.CountedOutcome,
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

    private static YearMonth M(int month) => new(2024, month);

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

        var months = await Dashboard.TimelinessMonthsAsync(connection, "a", M(9), M(10));
        var october = Dashboard.Sum(months, M(10), M(10));
        var all = Dashboard.Sum(await Dashboard.TimelinessMonthsAsync(connection, null, M(10), M(10)), M(10), M(10));

        var zhang = october.Single(r => r.Handler == "zhang");
        var liu = october.Single(r => r.Handler == "liu");
        Assert.Equal((2L, 1L, 1L, 0L), (zhang.Replied, zhang.OnTime, zhang.OnTimeWithoutExtension, zhang.Extended));
        Assert.Equal((1L, 1L, 0L, 1L), (liu.Replied, liu.OnTime, liu.OnTimeWithoutExtension, liu.Extended));
        Assert.Equal(["a", "b"], all.Select(r => r.AgencyCode).Distinct().Order());
        Assert.Equal(4L, all.Sum(r => r.Replied));
        Assert.Equal(4L, months.Sum(d => d.Replied));
        Assert.Equal(1L, months.Single(d => d.Month == D(9, 1)).Replied);
        Assert.Equal(2L, Dashboard.Sum(months, M(9), M(10)).Single(r => r.Handler == "liu").Replied);
    }

    /// <summary>A reply period kept when a request is reopened after a challenge, with the columns the workflow stores from
    /// <see cref="ReplyTimeliness.Of"/> (Art. 33: on time by the period's own due date).</summary>
    private static EarlierReplyRow Period(RequestRow row, int periodNo, LocalDate startsOn, LocalDate dueOn, LocalDate repliedOn, LocalDate reopenedOn,
        int extensionDays = 0, int closeReason = 1)
    {
        var timeliness = ReplyTimeliness.Of((CaseFlow.Domain.Requests.CloseReason)closeReason, repliedOn, dueOn, extensionDays);
        return new EarlierReplyRow
        {
            RequestId = row.Id, PeriodNo = periodNo, AgencyCode = row.AgencyCode, ApplicantType = row.ApplicantType, PeriodStartsOn = startsOn,
            RepliedOn = repliedOn, Outcome = 102, Replied = timeliness.Replied, OnTime = timeliness.OnTime,
            OnTimeWithoutExtension = timeliness.OnTimeWithoutExtension, Extended = timeliness.Extended, Handler = row.Handler,
            ChallengeKind = "reconsideration", ChallengeFiledOn = repliedOn.PlusDays(1), DecisionReference = "责令重新答复", ReopenedOn = reopenedOn,
            ReopenedBy = "zhang", RecordedAt = Now,
        };
    }

    /// <summary>Reopens <paramref name="row"/> as the workflow does, in one transaction: keeps <paramref name="period"/> and
    /// opens the row again (its reply leaves the row's counters, the period's enters through its own).</summary>
    private static async Task<RequestRow> ReopenAsync(Database database, RequestRow row, EarlierReplyRow period, LocalDate newDueOn)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        var session = new DbSession(connection, transaction, database.Dialect);
        await EarlierReplies.AddAsync(session, period);
        var reopened = Decided(row with
        {
            Version = row.Version + 1, State = "InProgress", ClosedOn = null, CloseReason = null, Outcome = null, ExtensionDays = 0, ReplyDueOn = newDueOn,
        });
        Assert.True(await RequestStore.TryUpdateAsync(session, reopened, row.Version));
        await transaction.CommitAsync();
        return reopened;
    }

    private static async Task<RequestRow> ReplyAsync(Database database, RequestRow row, LocalDate servedOn)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        var replied = Decided(row with { Version = row.Version + 1, State = "Replied", ClosedOn = servedOn, CloseReason = 1, Outcome = 102 });
        Assert.True(await RequestStore.TryUpdateAsync(new DbSession(connection, transaction, database.Dialect), replied, row.Version));
        await transaction.CommitAsync();
        return replied;
    }

    /// <summary>Issue 14 follow-up: a request reopened after a challenge counts every reply in the on-time rates, each in
    /// the day it was served and on time or late by its own period's due date (ReplyTimeliness, Art. 33) — not only the
    /// latest. Zhang's request: replied late on 8 October (due 30 September), reopened, replied again on time on 25 October
    /// (due 28 October). Liu's: replied on time with an extension on 3 September, reopened, still open. Chen's: withdrawn,
    /// reopened: no reply to count.</summary>
    public static async Task The_on_time_rate_counts_every_reply_of_a_reopened_request_by_its_own_clock(Database database)
    {
        var zhang = Row("a", "zhang", D(9, 2), due: D(9, 30), closed: D(10, 8));
        var liu = Row("a", "liu", D(8, 1), due: D(9, 12), closed: D(9, 3), extensionDays: 10);
        var chen = Row("a", "chen", D(9, 2), due: D(9, 30), closed: D(9, 10), closeReason: 3);
        await InsertAsync(database, zhang, liu, chen);

        zhang = await ReopenAsync(database, zhang, Period(zhang, 1, D(9, 2), D(9, 30), D(10, 8), reopenedOn: D(10, 10)), newDueOn: D(10, 28));
        await ReopenAsync(database, liu, Period(liu, 1, D(8, 1), D(9, 12), D(9, 3), reopenedOn: D(10, 14), extensionDays: 10), newDueOn: D(11, 11));
        await ReopenAsync(database, chen, Period(chen, 1, D(9, 2), D(9, 30), D(9, 10), reopenedOn: D(10, 14), closeReason: 3), newDueOn: D(11, 11));
        await using (var connection = await database.OpenAsync())
        {
            // Reopened and open: the earlier replies still count, each in its own month.
            var months = await Dashboard.TimelinessMonthsAsync(connection, "a", M(9), M(10));
            var october = Dashboard.Sum(months, M(10), M(10));
            var september = Dashboard.Sum(months, M(9), M(9));
            Assert.Equal((1L, 0L, 0L, 0L), october.Where(r => r.Handler == "zhang").Select(r => (r.Replied, r.OnTime, r.OnTimeWithoutExtension, r.Extended)).Single());
            Assert.Equal((1L, 1L, 0L, 1L), september.Where(r => r.Handler == "liu").Select(r => (r.Replied, r.OnTime, r.OnTimeWithoutExtension, r.Extended)).Single());
            Assert.DoesNotContain(months, c => c.Handler == "chen");
        }
        await AssertMonthsEqualRecountAsync(database, M(8), M(11), "a", null);

        await ReplyAsync(database, zhang, D(10, 25));
        await using (var connection = await database.OpenAsync())
        {
            var months = await Dashboard.TimelinessMonthsAsync(connection, "a", M(9), M(10));
            var z = Dashboard.Sum(months, M(10), M(10)).Single(r => r.Handler == "zhang");
            // Two replies in October: the first late by its due date (30 September), the second on time by the new one.
            Assert.Equal((2L, 1L, 1L, 0L), (z.Replied, z.OnTime, z.OnTimeWithoutExtension, z.Extended));
            Assert.Equal(3L, Dashboard.Sum(months, M(9), M(10)).Sum(r => r.Replied));
            var all = Dashboard.Sum(await Dashboard.TimelinessMonthsAsync(connection, null, M(9), M(10)), M(9), M(10));
            Assert.Equal(3L, all.Sum(r => r.Replied));
        }
        await AssertMonthsEqualRecountAsync(database, M(8), M(11), "a", null);
    }

    /// <summary>The month counters of migration 0033 follow every change of the day counters they roll up, across a month
    /// boundary and for two handlers: replies served on 30 September and 1 October, a request reopened after a challenge
    /// (its reply leaves the row's counters and enters again as an earlier reply), a late reply, a handler reassigned on a
    /// replied request (its reply moves from one handler's month to the other's), a reply's day moved into the next month
    /// and a request deleted (counters brought back to zero); after each the months equal the recount from
    /// timeliness_counts and from the rows.</summary>
    public static async Task The_month_counters_follow_replies_reopenings_and_changes_across_a_month_boundary(Database database)
    {
        var zhang = Row("a", "zhang", D(9, 2), due: D(9, 30), closed: D(9, 30));
        var liu = Row("a", "liu", D(9, 5), due: D(10, 8), closed: D(10, 1), extensionDays: 5);
        var wang = Row("a", "zhang", D(9, 10), due: D(10, 8));
        var chen = Row("b", "chen", D(9, 3), due: D(9, 27), closed: D(9, 30));
        await InsertAsync(database, zhang, liu, wang, chen);
        await using (var connection = await database.OpenAsync())
        {
            var months = await Dashboard.TimelinessMonthsAsync(connection, "a", M(9), M(10));
            Assert.Equal((1L, 1L, 1L, 0L), Figures(Dashboard.Sum(months, M(9), M(9)).Single(r => r.Handler == "zhang")));
            Assert.Equal((1L, 1L, 0L, 1L), Figures(Dashboard.Sum(months, M(10), M(10)).Single(r => r.Handler == "liu")));
        }
        await AssertMonthsEqualRecountAsync(database, M(9), M(10), "a", "b", null);

        wang = await ReplyAsync(database, wang, D(10, 9));
        await ReopenAsync(database, zhang, Period(zhang, 1, D(9, 2), D(9, 30), D(9, 30), reopenedOn: D(10, 2)), newDueOn: D(10, 30));
        await using (var connection = await database.OpenAsync())
        {
            var months = await Dashboard.TimelinessMonthsAsync(connection, "a", M(9), M(10));
            // Zhang's September reply still counts, as an earlier reply; his October one (Wang's request) is late.
            Assert.Equal((1L, 1L, 1L, 0L), Figures(Dashboard.Sum(months, M(9), M(9)).Single(r => r.Handler == "zhang")));
            Assert.Equal((1L, 0L, 0L, 0L), Figures(Dashboard.Sum(months, M(10), M(10)).Single(r => r.Handler == "zhang")));
        }
        await AssertMonthsEqualRecountAsync(database, M(9), M(10), "a", "b", null);

        await using (var connection = await database.OpenAsync())
        {
            await using var transaction = await database.BeginWriteAsync(connection);
            await connection.ExecuteAsync("UPDATE requests SET handler = 'liu' WHERE id = @Id", new { wang.Id }, transaction);
            await connection.ExecuteAsync("UPDATE requests SET closed_on = @ClosedOn WHERE id = @Id", new { ClosedOn = D(10, 2), chen.Id }, transaction);
            await connection.ExecuteAsync("DELETE FROM requests WHERE id = @Id", new { liu.Id }, transaction);
            await transaction.CommitAsync();
        }
        await using (var connection = await database.OpenAsync())
        {
            var a = await Dashboard.TimelinessMonthsAsync(connection, "a", M(9), M(10));
            Assert.Equal((1L, 0L, 0L, 0L), Figures(Dashboard.Sum(a, M(10), M(10)).Single(r => r.Handler == "liu")));
            Assert.DoesNotContain(Dashboard.Sum(a, M(10), M(10)), r => r.Handler == "zhang");
            Assert.Equal(1L, Dashboard.Sum(a, M(9), M(9)).Single(r => r.Handler == "zhang").Replied);
            var b = await Dashboard.TimelinessMonthsAsync(connection, "b", M(9), M(10));
            Assert.Equal([D(10, 1)], b.Select(m => m.Month));
        }
        await AssertMonthsEqualRecountAsync(database, M(9), M(10), "a", "b", null);

        static (long, long, long, long) Figures(TimelinessRow r) => (r.Replied, r.OnTime, r.OnTimeWithoutExtension, r.Extended);
    }

    /// <summary>The month counters of <paramref name="from"/>…<paramref name="to"/> equal the recount of the day counters
    /// (<see cref="Dashboard.RecountTimelinessMonthsAsync"/>) and the recount of the rows summed per month.</summary>
    private static async Task AssertMonthsEqualRecountAsync(Database database, YearMonth from, YearMonth to, params string?[] agencies)
    {
        await using var connection = await database.OpenAsync();
        foreach (var agency in agencies)
        {
            var months = Ordered(await Dashboard.TimelinessMonthsAsync(connection, agency, from, to));
            Assert.Equal(Ordered(await Dashboard.RecountTimelinessMonthsAsync(connection, agency, from, to)), months);
            var rows = (await Dashboard.RecountTimelinessCellsAsync(connection, agency, from.OnDayOfMonth(1), to.ToDateInterval().End))
                .GroupBy(c => (c.AgencyCode, c.Handler, Month: c.ClosedOn.With(DateAdjusters.StartOfMonth)))
                .Select(g => new TimelinessMonth
                {
                    AgencyCode = g.Key.AgencyCode, Handler = g.Key.Handler, Month = g.Key.Month, Replied = g.Sum(c => c.Replied),
                    OnTime = g.Sum(c => c.OnTime), OnTimeWithoutExtension = g.Sum(c => c.OnTimeWithoutExtension), Extended = g.Sum(c => c.Extended),
                });
            Assert.Equal(Ordered(rows), months);
        }
    }

    private static List<TimelinessMonth> Ordered(IEnumerable<TimelinessMonth> months) =>
        months.OrderBy(c => c.AgencyCode, StringComparer.Ordinal).ThenBy(c => c.Month).ThenBy(c => c.Handler, StringComparer.Ordinal).ToList();

    /// <summary>A random request row over 2022–2024: sometimes without receipt date, due date or handler; open or closed
    /// by any reason, with or without an outcome and an extension.</summary>
    private static RequestRow RandomRow(Random random, string id, int n)
    {
        var received = random.Next(12) == 0 ? (LocalDate?)null : new LocalDate(2022, 1, 1).PlusDays(random.Next(3 * 365));
        return Changed(random, new RequestRow
        {
            Id = id, Version = 1, State = "InProgress", AgencyCode = $"agency-{random.Next(3)}", TrackingNumber = $"R-{n:D6}",
            ApplicantName = "王小明", ApplicantType = random.Next(1, 7), Channel = 1, Handler = null, Description = "预算",
            ReceivedOn = received, RegisteredAt = Now, UpdatedAt = Now, Data = "{}",
        });
    }

    /// <summary>What the saga may change on a row: handler, due date, extension, closing (reply, withdrawal, other
    /// reasons) or reopening, outcome.</summary>
    private static RequestRow Changed(Random random, RequestRow row)
    {
        var from = row.ReceivedOn ?? new LocalDate(2023, 6, 1);
        var closed = random.Next(5) < 3 ? from.PlusDays(random.Next(0, 50)) : (LocalDate?)null;
        var reason = closed is null ? (int?)null : random.Next(6) switch { 0 => 2, 1 => 3, 2 => 4, _ => 1 };
        return Decided(row with
        {
            Version = row.Version + 1,
            Handler = random.Next(4) switch { 0 => null, 1 => "zhang", 2 => "liu", _ => "chen" },
            ReplyDueOn = random.Next(10) == 0 ? null : from.PlusDays(28 + random.Next(-10, 10)),
            ExtensionDays = random.Next(4) == 0 ? random.Next(1, 21) : 0,
            ClosedOn = closed,
            CloseReason = reason,
            Outcome = closed is null || random.Next(5) == 0 ? null : (int)CaseFlow.Domain.Replies.Outcomes.All[random.Next(CaseFlow.Domain.Replies.Outcomes.All.Count)],
            State = closed is null ? OpenStates[random.Next(OpenStates.Length)] : "Replied",
        });
    }

    private static readonly string[] OpenStates = ["InProgress", "Consulting", "AwaitingExtensionDecision", "AwaitingCorrection", "AwaitingFeePayment"];

    /// <summary>The counters maintained by the triggers of migration 0008 give, after inserts, saga updates, agency moves
    /// and deletions, exactly what a recount over the request rows gives: the dashboard's cells for every agency and for
    /// all, and tables 三 and 四 of every year.</summary>
    public static async Task The_maintained_counts_equal_a_recount_of_the_rows_through_inserts_changes_and_deletions(Database database)
    {
        var random = new Random(20241030);
        var rows = Enumerable.Range(0, 400).Select(n => RandomRow(random, Guid.NewGuid().ToString(), n)).ToList();
        await InsertAsync(database, [.. rows]);
        await AssertCountsEqualRecountAsync(database, "after insert");

        for (var round = 1; round <= 3; round++)
        {
            await using var connection = await database.OpenAsync();
            await using var transaction = await database.BeginWriteAsync(connection);
            var session = new DbSession(connection, transaction, database.Dialect);
            for (var i = 0; i < 120; i++)
            {
                var at = random.Next(rows.Count);
                var changed = Changed(random, rows[at]);
                Assert.True(await RequestStore.TryUpdateAsync(session, changed, rows[at].Version));
                rows[at] = changed;
            }
            for (var i = 0; i < 10; i++)
            {
                var at = random.Next(rows.Count);
                await connection.ExecuteAsync("UPDATE requests SET agency_code = @AgencyCode, applicant_type = @ApplicantType WHERE id = @Id",
                    new { AgencyCode = $"agency-{random.Next(3)}", ApplicantType = random.Next(1, 7), rows[at].Id }, transaction);
            }
            for (var i = 0; i < 15; i++)
            {
                var at = random.Next(rows.Count);
                await connection.ExecuteAsync("DELETE FROM requests WHERE id = @Id", new { rows[at].Id }, transaction);
                rows.RemoveAt(at);
            }
            await transaction.CommitAsync();
            await AssertCountsEqualRecountAsync(database, $"after round {round}");
        }

        // Issue 14: requests reopened after a corrected challenge count once per reply period (ReopenedRequests); the counted
        // report (counters, less the row's count from receipt, plus its count from the last reopening, plus each earlier
        // period) equals the recount over the rows, also for a request reopened twice.
        await using (var connection = await database.OpenAsync())
        {
            await using var transaction = await database.BeginWriteAsync(connection);
            var session = new DbSession(connection, transaction, database.Dialect);
            foreach (var row in rows.Where(r => r.ReceivedOn is not null).Take(80))
            {
                var start = row.ReceivedOn!.Value;
                for (var period = 1; period <= (random.Next(4) == 0 ? 2 : 1); period++)
                {
                    var replied = start.PlusDays(random.Next(0, 40));
                    var reopened = replied.PlusDays(random.Next(1, 200));
                    var timeliness = ReplyTimeliness.Of((CaseFlow.Domain.Requests.CloseReason)(random.Next(4) == 0 ? 3 : 1), replied,
                        start.PlusDays(28), random.Next(3) == 0 ? 10 : 0);
                    await EarlierReplies.AddAsync(session, new EarlierReplyRow
                    {
                        RequestId = row.Id, PeriodNo = period, AgencyCode = row.AgencyCode, ApplicantType = row.ApplicantType, PeriodStartsOn = start,
                        RepliedOn = replied, Outcome = random.Next(2) == 0 ? 102 : 304, Replied = timeliness.Replied, OnTime = timeliness.OnTime,
                        OnTimeWithoutExtension = timeliness.OnTimeWithoutExtension, Extended = timeliness.Extended, Handler = row.Handler,
                        ChallengeKind = "reconsideration",
                        ChallengeFiledOn = replied.PlusDays(1), DecisionReference = "责令重新答复", ReopenedOn = reopened, ReopenedBy = "zhang", RecordedAt = Now,
                    });
                    start = reopened;
                }
            }
            await transaction.CommitAsync();
        }
        await AssertCountsEqualRecountAsync(database, "after reopenings");
    }

    /// <summary>A database with requests from before migration 0008 gets counters equal to the recount, and the triggers
    /// keep them so from then on.</summary>
    public static async Task The_dashboard_speed_migration_back_fills_the_counts_from_the_rows_already_there(Database database)
    {
        await new Migrator(database, Clock).MigrateBeforeAsync(8);
        var random = new Random(8);
        var rows = Enumerable.Range(0, 300).Select(n => RandomRow(random, Guid.NewGuid().ToString(), n)).ToList();
        await InsertLegacyAsync(database, rows);

        var applied = await new Migrator(database, Clock).MigrateAsync();

        Assert.Contains(applied, m => m.Version == 8);
        Assert.DoesNotContain(applied, m => m.Version < 8);
        await AssertCountsEqualRecountAsync(database, "after the back-fill");
        await InsertAsync(database, [.. Enumerable.Range(300, 100).Select(n => RandomRow(random, Guid.NewGuid().ToString(), n))]);
        await AssertCountsEqualRecountAsync(database, "after inserts on top of the back-fill");
    }

    /// <summary>A database with replies from before migration 0033 — day counters of requests inserted, reassigned and
    /// deleted, and earlier replies of reopened requests — gets month counters equal to the recount in the migration's one
    /// INSERT … SELECT, and its triggers keep them so from then on.</summary>
    public static async Task The_months_migration_back_fills_the_months_from_the_day_counters_already_there(Database database)
    {
        await new Migrator(database, Clock).MigrateBeforeAsync(33);
        var random = new Random(33);
        var rows = Enumerable.Range(0, 300).Select(n => RandomRow(random, Guid.NewGuid().ToString(), n)).ToList();
        await using (var connection = await database.OpenAsync())
        {
            await using var transaction = await database.BeginWriteAsync(connection);
            var session = new DbSession(connection, transaction, database.Dialect);
            foreach (var row in rows)
                await connection.ExecuteAsync(InsertAsOf0031, row, transaction);
            foreach (var row in rows.Take(20))
                await connection.ExecuteAsync("UPDATE requests SET handler = 'wang' WHERE id = @Id", new { row.Id }, transaction);
            foreach (var row in rows.Skip(20).Take(20))
                await connection.ExecuteAsync("DELETE FROM requests WHERE id = @Id", new { row.Id }, transaction);
            foreach (var row in rows.Skip(40).Where(r => r is { ReceivedOn: not null, ClosedOn: not null, CloseReason: 1 }).Take(30))
                await EarlierReplies.AddAsync(session, Period(row, 1, row.ReceivedOn!.Value, row.ReceivedOn.Value.PlusDays(28), row.ClosedOn!.Value,
                    reopenedOn: row.ClosedOn.Value.PlusDays(5)));
            await transaction.CommitAsync();
        }

        var applied = await new Migrator(database, Clock).MigrateAsync();

        Assert.Contains(applied, m => m.Version == 33);
        Assert.DoesNotContain(applied, m => m.Version < 33);
        await AssertCountsEqualRecountAsync(database, "after the back-fill");
        await InsertAsync(database, [.. Enumerable.Range(300, 100).Select(n => RandomRow(random, Guid.NewGuid().ToString(), n))]);
        await AssertCountsEqualRecountAsync(database, "after inserts on top of the back-fill");
    }

    /// <summary>A request row as the store wrote it up to migration 0031 (the columns of that schema, whatever later
    /// migrations add).</summary>
    private const string InsertAsOf0031 = """
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

    /// <summary>Rows as written before migration 0010 (none of its columns); the JSON holds the saga's clockStopped.</summary>
    private static async Task InsertLegacyAsync(Database database, IEnumerable<RequestRow> rows)
    {
        const string insert = """
            INSERT INTO requests (id, version, state, agency_code, tracking_number, applicant_name, applicant_type, channel,
                handler, description, received_on, correction_due_on, reply_due_on, provisional, overdue, outcome,
                close_reason, closed_on, extension_days, calendar_version, registered_at, updated_at, data)
            VALUES (@Id, @Version, @State, @AgencyCode, @TrackingNumber, @ApplicantName, @ApplicantType, @Channel,
                @Handler, @Description, @ReceivedOn, @CorrectionDueOn, @ReplyDueOn, @Provisional, @Overdue, @Outcome,
                @CloseReason, @ClosedOn, @ExtensionDays, @CalendarVersion, @RegisteredAt, @UpdatedAt, @Data)
            """;
        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        foreach (var row in rows)
            await connection.ExecuteAsync(insert, row with
            {
                CalendarVersion = "cn-2024",
                Data = row.State is "Consulting" or "AwaitingFeePayment" ? """{"clockStopped":true}""" : """{"clockStopped":false}""",
            }, transaction);
        await transaction.CommitAsync();
    }

    /// <summary>A database with requests from before migration 0010 gets the decisions back-filled as ReplyClockStatus
    /// makes them from what the rows hold (clock running, on time with and without extension, counted outcome); the
    /// recreated triggers keep the counters equal to a recount of the stored columns; the open requests whose clock is
    /// stopped are marked for the workflow's recomputation at start-up (calendar_version NULL).</summary>
    public static async Task The_decisions_migration_back_fills_the_rows_already_there_as_the_domain_decides(Database database)
    {
        await new Migrator(database, Clock).MigrateBeforeAsync(10);
        var random = new Random(10);
        // Received rows with a due date: the workflow computes one as soon as the receipt is confirmed.
        var rows = Enumerable.Range(0, 300).Select(n => RandomRow(random, Guid.NewGuid().ToString(), n))
            .Where(r => r.ReceivedOn is not null && r.ReplyDueOn is not null).ToList();
        await InsertLegacyAsync(database, rows);

        var applied = await new Migrator(database, Clock).MigrateAsync();

        Assert.Contains(applied, m => m.Version == 10);
        await using (var connection = await database.OpenAsync())
        {
            foreach (var row in rows)
            {
                var read = await connection.QuerySingleAsync<RequestRow>(RequestStore.SelectById, new { row.Id });
                Assert.Equal((row.ClockRunning, row.OnTime, row.OnTimeWithoutExtension, row.CountedOutcome),
                    (read.ClockRunning, read.OnTime, read.OnTimeWithoutExtension, read.CountedOutcome));
                Assert.Equal(row.ClosedOn is null && !row.ClockRunning ? null : "cn-2024", read.CalendarVersion);
            }
        }
        Assert.Contains(rows, r => r.ClosedOn is null && !r.ClockRunning);
        Assert.Contains(rows, r => r.OnTime == false);
        await AssertCountsEqualRecountAsync(database, "after the back-fill");
        await InsertAsync(database, [.. Enumerable.Range(300, 100).Select(n => RandomRow(random, Guid.NewGuid().ToString(), n))]);
        await AssertCountsEqualRecountAsync(database, "after inserts on top of the back-fill");
    }

    private static async Task AssertCountsEqualRecountAsync(Database database, string when)
    {
        await using var connection = await database.OpenAsync();
        var (from, to) = (new YearMonth(2021, 12), new YearMonth(2025, 12));
        var replies = 0L;
        await AssertMonthsEqualRecountAsync(database, from, to, "agency-0", "agency-1", "agency-2", null);
        await AssertMonthsEqualRecountAsync(database, new YearMonth(2023, 3), new YearMonth(2023, 3), "agency-0", null);
        foreach (var agency in new[] { "agency-0", "agency-1", "agency-2", null })
        {
            if (agency is null)
                replies = (await Dashboard.TimelinessMonthsAsync(connection, agency, from, to)).Sum(c => c.Replied);
            foreach (var year in new[] { 2022, 2023, 2024, 2025 })
            {
                var counted = await ReportStore.ComputeAsync(connection, year, agency);
                var recounted = await ReportStore.RecountAsync(connection, year, agency);
                Assert.True(ReportStore.SameTables(recounted, counted), $"{agency ?? "all"} {year} {when}");
            }
        }
        Assert.True(replies > 50, $"the random rows hold replies {when}");
        Assert.True((await ReportStore.ComputeAsync(connection, 2023, null)).Applications.NewlyReceived.Total > 50, $"the random rows hold 2023's receipts {when}");
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

    /// <summary>A request whose reply clock is stopped (Art. 30 correction, Art. 33 ¶3 consultation, Art. 42 fee) is never
    /// overdue, whatever date its row holds: not in the 督办 lists, the workbench's overdue scope or the overdue count.</summary>
    public static async Task A_stopped_clock_is_never_overdue_in_the_lists_or_the_counts(Database database)
    {
        await InsertAsync(database,
            Row("a", "zhang", D(9, 2), due: D(10, 1), state: "AwaitingCorrection"),
            Row("a", "zhang", D(9, 2), due: D(10, 2), state: "Consulting"),
            Row("a", "zhang", D(9, 2), due: D(10, 31), state: "AwaitingFeePayment"),
            Row("a", "zhang", D(9, 2), due: D(10, 3), state: "AwaitingExtensionDecision"),
            Row("a", "zhang", D(9, 2), due: D(10, 4)));
        await using var connection = await database.OpenAsync();

        var open = await Dashboard.OpenByDaysLeftAsync(connection, "a", Today, D(11, 1), D(11, 6));
        var overdue = await FollowUpLists.QueryAsync(connection, database.Dialect.Page, FollowUpList.Overdue, "a", Today, D(11, 6), D(1, 1), D(12, 31));
        var dueSoon = await FollowUpLists.QueryAsync(connection, database.Dialect.Page, FollowUpList.DueSoon, "a", Today, D(11, 6), D(1, 1), D(12, 31));
        var scope = await RequestList.QueryAsync(connection, database.Dialect, new RequestFilter { AgencyCode = "a", Scope = RequestScope.Overdue, Today = Today });
        var all = await RequestList.QueryAsync(connection, database.Dialect, new RequestFilter { AgencyCode = "a", Scope = RequestScope.Open, Today = Today });

        Assert.Equal((2L, 0L, 3L, 5L), (open.Overdue, open.ZeroToTwo + open.ThreeToFive + open.SixOrMore, open.ClockStopped, open.Total));
        Assert.Equal([D(10, 3), D(10, 4)], overdue.Select(r => r.ReplyDueOn));
        Assert.Empty(dueSoon);
        Assert.Equal([D(10, 3), D(10, 4)], scope.Items.Select(r => r.ReplyDueOn));
        Assert.Equal(["AwaitingCorrection", "Consulting", "AwaitingFeePayment"], all.Items.Where(r => !r.ClockRunning).Select(r => r.State));
        Assert.All(all.Items, r => Assert.Equal(r.ClockRunning && r.ReplyDueOn < Today, r.Overdue));
        Assert.Equal(D(9, 2), all.Items.Single(r => r.State == "AwaitingCorrection").StoppedSince);
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

    /// <summary>The 督办 overdue list is paged (issue 15 item 3): pages of a scope of two agencies, read one after the other,
    /// give exactly the full list in its total order (reply due date, then tracking number — ties included), a page may
    /// straddle two agencies, the count holds only the open overdue requests (not the closed, stopped or not yet due ones),
    /// and a page past the last is empty.</summary>
    public static async Task The_follow_up_overdue_list_pages_in_its_full_order_across_agencies_at_the_boundaries(Database database)
    {
        var rows = new List<RequestRow>();
        foreach (var due in new[] { D(10, 10), D(10, 5), D(10, 10), D(10, 20), D(10, 10), D(10, 5), D(10, 10) })
            rows.Add(Row("a", "zhang", D(9, 2), due: due));
        rows.Add(Row("a", "zhang", D(9, 2), due: D(9, 30), closed: D(10, 8)));
        rows.Add(Row("a", "zhang", D(9, 2), due: D(10, 1), state: "AwaitingCorrection"));
        rows.Add(Row("a", "zhang", D(9, 2), due: D(11, 20)));
        foreach (var due in new[] { D(10, 7), D(10, 3), D(10, 7) })
            rows.Add(Row("b", "chen", D(9, 2), due: due));
        rows.Reverse();
        await InsertAsync(database, rows.ToArray());
        await using var connection = await database.OpenAsync();
        List<string> Expected(string agency) => rows.Where(r => r.AgencyCode == agency && r.ClosedOn is null && r.ClockRunning && r.ReplyDueOn < Today)
            .OrderBy(r => r.ReplyDueOn).ThenBy(r => r.TrackingNumber, StringComparer.Ordinal).Select(r => r.TrackingNumber).ToList();
        var expected = Expected("a").Select(t => ("a", t)).Concat(Expected("b").Select(t => ("b", t))).ToList();
        FollowUpLists.Part[] parts = [new("a", D(11, 6)), new("b", D(11, 6))];

        var pages = new List<IReadOnlyList<(string AgencyCode, RequestListItem Item)>>();
        var totals = new List<int>();
        for (var page = 1; page <= 5; page++)
        {
            var (items, total) = await FollowUpLists.PageAsync(connection, database.Dialect.Page, FollowUpList.Overdue, parts, Today, D(1, 1), D(12, 31), page, pageSize: 3);
            pages.Add(items);
            totals.Add(total);
        }

        Assert.Equal(10, expected.Count);
        Assert.All(totals, t => Assert.Equal(10, t));
        Assert.Equal([3, 3, 3, 1, 0], pages.Select(p => p.Count));
        Assert.Equal(expected, pages.SelectMany(p => p).Select(x => (x.AgencyCode, x.Item.TrackingNumber)));
        // Page 3 straddles the two agencies: a's last row, then b's first two.
        Assert.Equal(["a", "b", "b"], pages[2].Select(x => x.AgencyCode));
        Assert.Equal(7, await FollowUpLists.CountAsync(connection, FollowUpList.Overdue, "a", Today, D(11, 6), D(1, 1), D(12, 31)));
        Assert.Equal(1, await FollowUpLists.CountAsync(connection, FollowUpList.RepliedLate, "a", Today, D(11, 6), D(1, 1), D(12, 31)));
        Assert.Equal(0, await FollowUpLists.CountAsync(connection, FollowUpList.DueSoon, "a", Today, D(11, 6), D(1, 1), D(12, 31)));
        // A page the size of the list holds it all.
        var (whole, wholeTotal) = await FollowUpLists.PageAsync(connection, database.Dialect.Page, FollowUpList.Overdue, parts, Today, D(1, 1), D(12, 31), 1, pageSize: 10);
        Assert.Equal(expected, whole.Select(x => (x.AgencyCode, x.Item.TrackingNumber)));
        Assert.Equal(10, wholeTotal);
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
