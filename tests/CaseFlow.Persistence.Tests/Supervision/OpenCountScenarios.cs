using CaseFlow.Persistence.Migrations;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Supervision;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Tests.Supervision;

/// <summary>The stored counts of open requests (migration 0032, <see cref="OpenCounts"/>): kept by the triggers through
/// every kind of row change, back-filled by the migration, and read by the workbench/API total, the 督办 counts and the
/// dashboard's open by days left with exactly the results of a <c>COUNT(*)</c> of the same filter, on any day.</summary>
public static partial class SupervisionScenarios
{
    /// <summary>Days the reads are checked on: before, inside and after the random rows' due dates (2022–2025).</summary>
    private static readonly LocalDate[] CheckedDays =
        [new(2021, 12, 1), new(2022, 6, 15), new(2023, 3, 1), new(2023, 11, 20), new(2024, 2, 29), new(2024, 10, 30), new(2025, 3, 3)];

    /// <summary>After inserts (registrations), saga updates (receipt, clock stopped and resumed by state, extensions, closing,
    /// reopening, reassignment), direct updates as a pause, a resumption and an extension write them, single- and
    /// multi-row agency moves and deletions, the stored counts equal the recount and every read of them equals the
    /// <c>COUNT(*)</c> of the page's filter.</summary>
    public static async Task The_stored_open_counts_equal_a_recount_through_registrations_clock_changes_closings_and_deletions(Database database)
    {
        var random = new Random(20251201);
        var rows = Enumerable.Range(0, 300).Select(n => RandomRow(random, Guid.NewGuid().ToString(), n)).ToList();
        await InsertAsync(database, [.. rows]);
        await AssertOpenCountsEqualRecountAsync(database, "after registrations");

        for (var round = 1; round <= 3; round++)
        {
            await using (var connection = await database.OpenAsync())
            {
                await using var transaction = await database.BeginWriteAsync(connection);
                var session = new DbSession(connection, transaction, database.Dialect);
                for (var i = 0; i < 100; i++)
                {
                    var at = random.Next(rows.Count);
                    var changed = Changed(random, rows[at]);
                    Assert.True(await RequestStore.TryUpdateAsync(session, changed, rows[at].Version));
                    rows[at] = changed;
                }
                // A pause and a resumption (the stored clock decision only), an extension (the due date moves), a reassignment.
                foreach (var row in rows.Where(r => r.ClosedOn is null).OrderBy(_ => random.Next()).Take(30).ToList())
                {
                    var sql = random.Next(4) switch
                    {
                        0 => "UPDATE requests SET clock_running = @False WHERE id = @Id",
                        1 => "UPDATE requests SET clock_running = @True WHERE id = @Id",
                        2 => "UPDATE requests SET reply_due_on = @Due WHERE id = @Id",
                        _ => "UPDATE requests SET handler = 'zhao' WHERE id = @Id",
                    };
                    await connection.ExecuteAsync(sql, new { row.Id, True = true, False = false, Due = (row.ReplyDueOn ?? new LocalDate(2024, 1, 1)).PlusDays(random.Next(1, 30)) }, transaction);
                }
                for (var i = 0; i < 10; i++)
                    await connection.ExecuteAsync("UPDATE requests SET agency_code = @AgencyCode WHERE id = @Id",
                        new { AgencyCode = $"agency-{random.Next(3)}", rows[random.Next(rows.Count)].Id }, transaction);
                // One statement moving many rows (the SQL Server trigger sees them all at once).
                await connection.ExecuteAsync("UPDATE requests SET agency_code = @To WHERE agency_code = @From AND handler = @Handler",
                    new { From = $"agency-{round % 3}", To = $"agency-{(round + 1) % 3}", Handler = "liu" }, transaction);
                for (var i = 0; i < 15; i++)
                {
                    var at = random.Next(rows.Count);
                    await connection.ExecuteAsync("DELETE FROM requests WHERE id = @Id", new { rows[at].Id }, transaction);
                    rows.RemoveAt(at);
                }
                await transaction.CommitAsync();
            }
            // The in-memory copies are stale after the direct updates: read them back for the next round's saga updates.
            await using (var connection = await database.OpenAsync())
                rows = [.. await connection.QueryAsync<RequestRow>(RequestStore.SelectById.Replace(" WHERE id = @Id", "", StringComparison.Ordinal))];
            await AssertOpenCountsEqualRecountAsync(database, $"after round {round}");
        }
    }

    /// <summary>A database with requests from before migration 0032 gets stored counts equal to the recount, and the
    /// triggers keep them so from then on.</summary>
    public static async Task The_open_counts_migration_back_fills_the_counts_from_the_rows_already_there(Database database)
    {
        await new Migrator(database, Clock).MigrateBeforeAsync(32);
        var random = new Random(32);
        var rows = Enumerable.Range(0, 300).Select(n => RandomRow(random, Guid.NewGuid().ToString(), n)).ToList();
        // The columns requests had at migration 0031, so that a later migration's columns do not break this test.
        const string insert = """
            INSERT INTO requests (id, version, state, agency_code, tracking_number, applicant_name, applicant_type, channel,
                handler, description, received_on, reply_due_on, clock_running, stopped_since, on_time, on_time_without_extension,
                counted_outcome, outcome, close_reason, closed_on, extension_days, registered_at, updated_at, data)
            VALUES (@Id, @Version, @State, @AgencyCode, @TrackingNumber, @ApplicantName, @ApplicantType, @Channel,
                @Handler, @Description, @ReceivedOn, @ReplyDueOn, @ClockRunning, @StoppedSince, @OnTime, @OnTimeWithoutExtension,
                @CountedOutcome, @Outcome, @CloseReason, @ClosedOn, @ExtensionDays, @RegisteredAt, @UpdatedAt, @Data)
            """;
        await using (var connection = await database.OpenAsync())
        {
            await using var transaction = await database.BeginWriteAsync(connection);
            foreach (var row in rows)
                await connection.ExecuteAsync(insert, row, transaction);
            await transaction.CommitAsync();
        }

        var applied = await new Migrator(database, Clock).MigrateAsync();

        Assert.Contains(applied, m => m.Version == 32);
        Assert.DoesNotContain(applied, m => m.Version < 32);
        await AssertOpenCountsEqualRecountAsync(database, "after the back-fill");
        await InsertAsync(database, [.. Enumerable.Range(300, 100).Select(n => RandomRow(random, Guid.NewGuid().ToString(), n))]);
        await AssertOpenCountsEqualRecountAsync(database, "after inserts on top of the back-fill");
    }

    private static async Task AssertOpenCountsEqualRecountAsync(Database database, string when)
    {
        await using var connection = await database.OpenAsync();
        var (stored, recounted) = await OpenCounts.TotalsAsync(connection);
        Assert.Equal(recounted, stored);
        var (storedDue, recountedDue) = await OpenCounts.RunningDueAsync(connection);
        Assert.Equal(recountedDue, storedDue);
        Assert.True(stored.Sum(r => r.Running) > 20 && stored.Sum(r => r.NotYetDue) > 0 && stored.Sum(r => r.Stopped) > 5, $"the rows hold every class {when}");

        var (overdue, dueSoon) = (0, 0);
        foreach (var agency in new[] { "agency-0", "agency-1", "agency-2", "nobody" })
            foreach (var today in CheckedDays)
            {
                var at = $"{agency} on {today} {when}";
                foreach (var filter in new[]
                         {
                             new RequestFilter { AgencyCode = agency, Scope = RequestScope.Open, Today = today },
                             new RequestFilter { AgencyCode = agency, Scope = RequestScope.Overdue, Today = today },
                             new RequestFilter { AgencyCode = agency, Scope = RequestScope.Open, Today = today, Handler = "zhang" },
                             new RequestFilter { AgencyCode = agency, Scope = RequestScope.Overdue, Today = today, State = "InProgress" },
                         })
                {
                    var (recount, parameters) = RequestList.Recount(filter);
                    Assert.True(await connection.ExecuteScalarAsync<long>(recount, parameters) == (await RequestList.QueryAsync(connection, database.Dialect, filter)).Total,
                        $"{filter.Scope} {filter.Handler}{filter.State} {at}");
                }
                var until = today.PlusDays(7);
                foreach (var list in new[] { FollowUpList.Overdue, FollowUpList.DueSoon })
                {
                    var count = await FollowUpLists.CountAsync(connection, list, agency, today, until, today.PlusDays(-365), today);
                    Assert.True(await FollowUpLists.RecountAsync(connection, list, agency, today, until, today.PlusDays(-365), today) == count, $"{list} {at}");
                    if (list == FollowUpList.Overdue) overdue += count; else dueSoon += count;
                }
                foreach (var (two, five) in new[] { (today.PlusDays(3), today.PlusDays(8)), (today, today) })
                    Assert.Equal(await Dashboard.RecountOpenByDaysLeftAsync(connection, agency, today, two, five),
                        await Dashboard.OpenByDaysLeftAsync(connection, agency, today, two, five));
            }
        Assert.True(overdue > 0 && dueSoon > 0, $"the checked days see overdue and due-soon requests {when}");
    }
}
