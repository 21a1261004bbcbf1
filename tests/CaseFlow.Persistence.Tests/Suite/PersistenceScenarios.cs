using System.Reflection;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Audit;
using CaseFlow.Persistence.Deadlines;
using CaseFlow.Persistence.Messaging;
using CaseFlow.Persistence.Migrations;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Workplace;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Tests.Suite;

/// <summary>The persistence suite, written once and run on every database (Dapper's TestBase pattern): each public
/// static method taking a <see cref="Database"/> is a scenario, run by one theory per database.</summary>
public static partial class PersistenceScenarios
{
    private static readonly Instant Now = Instant.FromUtc(2024, 9, 27, 1, 0);
    private static readonly IClock Clock = new NodaTime.Testing.FakeClock(Instant.FromUtc(2024, 9, 27, 1, 0));

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var method in typeof(PersistenceScenarios).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == typeof(Task) && m.GetParameters() is [{ ParameterType: var p }] && p == typeof(Database)))
            data.Add(method.Name);
        return data;
    }

    public static async Task RunAsync(string scenario, Database database)
    {
        await new Migrator(database, Clock).MigrateAsync();
        var method = typeof(PersistenceScenarios).GetMethod(scenario) ?? throw new ArgumentException($"No scenario {scenario}.");
        await (Task)method.Invoke(null, [database])!;
    }

    private static async Task<T> InTransactionAsync<T>(Database database, Func<DbSession, Task<T>> work)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        var result = await work(new DbSession(connection, transaction, database.Dialect));
        await transaction.CommitAsync();
        return result;
    }

    private static RequestRow Row(Guid id, int version = 1, LocalDate? due = null) => new()
    {
        Id = id.ToString(), Version = version, State = "InProgress", AgencyCode = "county", TrackingNumber = $"2024-{id.ToString()[..6]}",
        ApplicantName = "王小明", ApplicantType = 1, Channel = 1, Description = "预算", ReceivedOn = new LocalDate(2024, 9, 27),
        ReplyDueOn = due ?? new LocalDate(2024, 10, 30), Provisional = false, Overdue = false, ClockRunning = true, RegisteredAt = Now, UpdatedAt = Now, Data = "{}",
    };

    /// <summary>The row as the workflow writes a withdrawn request: closed, the clock stopped, counted as the domain decides.</summary>
    private static RequestRow Closed(RequestRow row, LocalDate on) => row with
    {
        State = "Closed", ClosedOn = on, CloseReason = (int)CaseFlow.Domain.Requests.CloseReason.Withdrawn, ClockRunning = false,
        CountedOutcome = (int)CaseFlow.Domain.Deadlines.ReplyClockStatus.Counted(CaseFlow.Domain.Requests.CloseReason.Withdrawn, null),
    };

    public static async Task Migrating_again_changes_nothing(Database database)
    {
        var applied = await new Migrator(database, Clock).MigrateAsync();
        Assert.Empty(applied);
        var versions = await InTransactionAsync(database, s => s.Connection.QueryAsync<int>("SELECT version FROM schema_migrations", transaction: s.Transaction));
        Assert.Equal(Migrator.For(database.Dialect.Name).Select(m => m.Version), versions.Order());
    }

    public static async Task A_request_row_round_trips_with_NodaTime_values(Database database)
    {
        var id = Guid.NewGuid();
        await InTransactionAsync(database, async s => { await RequestStore.InsertAsync(s, Row(id)); return 0; });

        var row = await InTransactionAsync(database, s => RequestStore.FindAsync(s, id));

        Assert.NotNull(row);
        Assert.Equal(new LocalDate(2024, 9, 27), row.ReceivedOn);
        Assert.Equal(new LocalDate(2024, 10, 30), row.ReplyDueOn);
        Assert.Equal(Now, row.RegisteredAt);
        Assert.Null(row.ClosedOn);
        Assert.False(row.Provisional);
    }

    public static async Task An_update_of_a_stale_version_changes_nothing(Database database)
    {
        var id = Guid.NewGuid();
        await InTransactionAsync(database, async s => { await RequestStore.InsertAsync(s, Row(id)); return 0; });

        var first = await InTransactionAsync(database, s => RequestStore.TryUpdateAsync(s, Row(id, 2, new LocalDate(2024, 11, 1)), expectedVersion: 1));
        var stale = await InTransactionAsync(database, s => RequestStore.TryUpdateAsync(s, Row(id, 2, new LocalDate(2024, 12, 1)), expectedVersion: 1));

        Assert.True(first);
        Assert.False(stale);
        var row = await InTransactionAsync(database, s => RequestStore.FindAsync(s, id));
        Assert.Equal(new LocalDate(2024, 11, 1), row!.ReplyDueOn);
        Assert.Equal(2, row.Version);
    }

    public static async Task Tracking_numbers_are_unique_and_gap_free_under_concurrency(Database database)
    {
        var agency = $"agency-{Guid.NewGuid():N}";
        var numbers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            Retry(() => InTransactionAsync(database, s => RequestStore.NextTrackingNumberAsync(s, agency, 2024)))));

        Assert.Equal(Enumerable.Range(1, 40).Select(n => $"2024-{n:D6}"), numbers.Order(StringComparer.Ordinal));
    }

    public static async Task Deadlines_sync_to_the_desired_set_with_new_generations(Database database)
    {
        var id = Guid.NewGuid();
        var due = new LocalDate(2024, 10, 30);
        DesiredDeadline Reply(LocalDate on) => new("reply-due", "", on, Instant.FromUtc(on.Year, on.Month, on.Day, 16, 0));

        Assert.Equal(1, await InTransactionAsync(database, s => DeadlineStore.SyncAsync(s, id, [Reply(due)])));
        Assert.Equal(0, await InTransactionAsync(database, s => DeadlineStore.SyncAsync(s, id, [Reply(due)])));
        Assert.Equal(2, await InTransactionAsync(database, s => DeadlineStore.SyncAsync(s, id, [Reply(due.PlusDays(7))])));

        var rows = await InTransactionAsync(database, s => s.Connection.QueryAsync<(string Status, int Generation)>(
            "SELECT status, generation FROM deadlines WHERE request_id = @Id ORDER BY id", new { Id = id.ToString() }, s.Transaction));
        Assert.Equal([("cancelled", 1), ("pending", 2)], rows);
    }

    public static async Task Each_due_deadline_is_claimed_once_by_concurrent_sweepers(Database database)
    {
        var ids = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in ids)
            await InTransactionAsync(database, s => DeadlineStore.SyncAsync(s, id, [new DesiredDeadline("reply-due", "", new LocalDate(2024, 1, 2), Instant.FromUtc(2024, 1, 2, 0, 0))]));

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Retry(() => InTransactionAsync(database, s => DeadlineStore.ClaimDueAsync(s, Now, batch: 1000)))));

        var claimed = claims.SelectMany(c => c).Where(c => ids.Contains(Guid.Parse(c.RequestId))).ToList();
        Assert.Equal(ids.Count, claimed.Count);
        Assert.Equal(ids.Count, claimed.Select(c => c.RequestId).Distinct().Count());
        Assert.All(claimed, c => Assert.Equal(new LocalDate(2024, 1, 2), c.DueOn));
    }

    public static async Task The_outbox_hands_out_messages_in_order_until_marked_sent(Database database)
    {
        await InTransactionAsync(database, async s =>
        {
            await s.Connection.ExecuteAsync("UPDATE outbox SET sent_at = @Now WHERE sent_at IS NULL", new { Now }, s.Transaction);
            for (var i = 0; i < 3; i++)
                await Outbox.AddAsync(s, Guid.NewGuid(), "T", $"{{\"n\":{i}}}", Now);
            return 0;
        });

        var batch = await InTransactionAsync(database, s => Outbox.ClaimAsync(s, "relay-a", Now, Now + Duration.FromMinutes(1), 10));
        await InTransactionAsync(database, async s =>
        {
            await Outbox.MarkSentAsync(s, [batch[0].Id], Now);
            await Outbox.ReleaseAsync(s, "relay-a");
            return 0;
        });
        var rest = await InTransactionAsync(database, s => Outbox.ClaimAsync(s, "relay-a", Now, Now + Duration.FromMinutes(1), 10));

        Assert.Equal(["{\"n\":0}", "{\"n\":1}", "{\"n\":2}"], batch.Select(m => m.Body));
        Assert.Equal(["{\"n\":1}", "{\"n\":2}"], rest.Select(m => m.Body));
    }

    public static async Task The_inbox_accepts_a_message_id_once(Database database)
    {
        var messageId = Guid.NewGuid();

        var first = await InTransactionAsync(database, s => Inbox.TryReceiveAsync(s, "consumer", messageId, Now));
        var second = await InTransactionAsync(database, s => Inbox.TryReceiveAsync(s, "consumer", messageId, Now));
        var otherConsumer = await InTransactionAsync(database, s => Inbox.TryReceiveAsync(s, "other", messageId, Now));

        Assert.True(first);
        Assert.False(second);
        Assert.True(otherConsumer);
    }

    public static async Task The_audit_trail_is_append_only(Database database)
    {
        var id = Guid.NewGuid();
        await InTransactionAsync(database, async s =>
        {
            await AuditTrail.AppendAsync(s, new AuditEntry
            {
                RequestId = id.ToString(), MessageId = Guid.NewGuid().ToString(), OccurredAt = Now, Actor = "张三", Activity = "RegisterRequest",
                ToState = "InProgress", Changes = "{}",
            });
            return 0;
        });

        await Assert.ThrowsAnyAsync<Exception>(() => InTransactionAsync(database, s =>
            s.Connection.ExecuteAsync("UPDATE audit_entries SET actor = 'x' WHERE request_id = @Id", new { Id = id.ToString() }, s.Transaction)));
        await Assert.ThrowsAnyAsync<Exception>(() => InTransactionAsync(database, s =>
            s.Connection.ExecuteAsync("DELETE FROM audit_entries WHERE request_id = @Id", new { Id = id.ToString() }, s.Transaction)));

        await using var connection = await database.OpenAsync();
        var entry = Assert.Single(await AuditTrail.ForRequestAsync(connection, id));
        Assert.Equal("张三", entry.Actor);
        Assert.Equal(Now, entry.OccurredAt);
    }

    public static async Task The_administration_trail_is_append_only_and_read_newest_first(Database database)
    {
        await using var connection = await database.OpenAsync();
        foreach (var (action, subject) in new[] { (AdminActions.UserCreated, "zhang.san"), (AdminActions.UserChanged, "zhang.san") })
            await AdminAudit.AppendAsync(connection, new AdminAuditEntry { OccurredAt = Now, Actor = "admin", Action = action, Subject = subject, Details = "角色: 承办人" });

        await Assert.ThrowsAnyAsync<Exception>(() => connection.ExecuteAsync("UPDATE admin_audit_entries SET actor = 'x'"));
        await Assert.ThrowsAnyAsync<Exception>(() => connection.ExecuteAsync("DELETE FROM admin_audit_entries"));

        var entries = await AdminAudit.RecentAsync(connection, database.Dialect.Page, 10);
        Assert.Equal([AdminActions.UserChanged, AdminActions.UserCreated], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(("admin", Now, "角色: 承办人"), (e.Actor, e.OccurredAt, e.Details)));
        Assert.Single(await AdminAudit.RecentAsync(connection, database.Dialect.Page, 1));
    }

    public static async Task A_duplicate_key_is_recognised_as_such(Database database)
    {
        var id = Guid.NewGuid();
        await InTransactionAsync(database, async s => { await RequestStore.InsertAsync(s, Row(id)); return 0; });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => InTransactionAsync(database, async s => { await RequestStore.InsertAsync(s, Row(id)); return 0; }));

        Assert.True(DbErrors.IsUniqueViolation(error), error.ToString());
    }

    /// <summary>SQLite's single writer can report busy under contention; server databases can deadlock. Both retry.</summary>
    private static async Task<T> Retry<T>(Func<Task<T>> work)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (Exception e) when (attempt < 20 && e is Microsoft.Data.Sqlite.SqliteException or Npgsql.PostgresException { SqlState: "40P01" or "40001" })
            {
                await Task.Delay(10 * attempt);
            }
        }
    }

    public static async Task The_workbench_list_pages_open_requests_by_due_date_and_filters(Database database)
    {
        var agency = $"list-{Guid.NewGuid():N}"[..20];
        await InTransactionAsync(database, async s =>
        {
            for (var n = 1; n <= 25; n++)
                await RequestStore.InsertAsync(s, WorkplaceScenarioSteps.Row(agency, n, new LocalDate(2024, 10, 1).PlusDays(30 - n),
                    closed: n > 20 ? new LocalDate(2024, 10, 2) : null, name: n == 7 ? "张100%_测试" : "王小明"));
            await RequestStore.InsertAsync(s, WorkplaceScenarioSteps.Row("elsewhere", 1, new LocalDate(2024, 9, 1)));
            return 0;
        });
        await using var connection = await database.OpenAsync();

        var first = await RequestList.QueryAsync(connection, database.Dialect, new RequestFilter { AgencyCode = agency, PageSize = 8 });
        var third = await RequestList.QueryAsync(connection, database.Dialect, new RequestFilter { AgencyCode = agency, PageSize = 8, Page = 3 });
        Assert.Equal(20, first.Total);
        Assert.Equal(3, first.Pages);
        Assert.Equal(Enumerable.Range(13, 8).Reverse().Select(n => $"2024-{n:D6}"), first.Items.Select(i => i.TrackingNumber));
        Assert.Equal(4, third.Items.Count);

        var closed = await RequestList.QueryAsync(connection, database.Dialect, new RequestFilter { AgencyCode = agency, Scope = RequestScope.Closed });
        Assert.Equal(5, closed.Total);
        var overdue = await RequestList.QueryAsync(connection, database.Dialect, new RequestFilter { AgencyCode = agency, Scope = RequestScope.Overdue, Today = new LocalDate(2024, 10, 15) });
        Assert.All(overdue.Items, i => Assert.True(i.ReplyDueOn < new LocalDate(2024, 10, 15)));
        Assert.Equal(4, overdue.Total);
        var byHandler = await RequestList.QueryAsync(connection, database.Dialect, new RequestFilter { AgencyCode = agency, Scope = RequestScope.All, Handler = "li", Channel = 4 });
        Assert.All(byHandler.Items, i => Assert.Equal(("li", 4), (i.Handler!, i.Channel)));
        // LIKE wildcards typed by a user are literal.
        var literal = await RequestList.QueryAsync(connection, database.Dialect, new RequestFilter { AgencyCode = agency, Scope = RequestScope.All, Search = "100%_" });
        Assert.Equal(["2024-000007"], literal.Items.Select(i => i.TrackingNumber));
        var none = await RequestList.QueryAsync(connection, database.Dialect, new RequestFilter { AgencyCode = agency, Scope = RequestScope.All, Search = "_" });
        Assert.Equal(1, none.Total);
    }

    public static async Task Users_carry_a_name_and_an_optional_department_in_the_directory(Database database)
    {
        var agency = $"pn-{Guid.NewGuid():N}"[..20];
        await using var connection = await database.OpenAsync();
        await CaseFlow.Persistence.Workplace.Agencies.InsertAsync(connection, new CaseFlow.Persistence.Workplace.Agency { Code = agency, Name = "测试", CalendarId = "cn", WarningLeadWorkingDays = 3, CreatedAt = Now });
        var user = new CaseFlow.Persistence.Workplace.UserAccount { Id = Guid.NewGuid().ToString(), UserName = $"n{agency}", DisplayName = "刘洋", Department = "政务公开科", AgencyCode = agency, Role = "caseworker", PasswordHash = "x", CreatedAt = Now };
        await CaseFlow.Persistence.Workplace.Users.InsertAsync(connection, user);
        var plain = user with { Id = Guid.NewGuid().ToString(), UserName = $"m{agency}", DisplayName = "𠮷田", Department = null };
        await CaseFlow.Persistence.Workplace.Users.InsertAsync(connection, plain);

        var directory = (await CaseFlow.Persistence.Workplace.Users.DirectoryAsync(connection)).Where(p => p.AgencyCode == agency).OrderBy(p => p.UserName).ToList();
        Assert.Equal([($"m{agency}", "𠮷田", (string?)null), ($"n{agency}", "刘洋", "政务公开科")], directory.Select(p => (p.UserName, p.DisplayName, p.Department)));

        await CaseFlow.Persistence.Workplace.Users.UpdateProfileAsync(connection, user with { Department = "法制科" });
        Assert.Equal("法制科", (await CaseFlow.Persistence.Workplace.Users.FindAsync(connection, user.Id))!.Department);
    }

    public static async Task Users_lock_after_repeated_failures_and_api_keys_are_found_by_hash(Database database)
    {
        var agency = $"wp-{Guid.NewGuid():N}"[..20];
        await using var connection = await database.OpenAsync();
        await CaseFlow.Persistence.Workplace.Agencies.InsertAsync(connection, new CaseFlow.Persistence.Workplace.Agency { Code = agency, Name = "测试", CalendarId = "cn+gx", WarningLeadWorkingDays = 3, CreatedAt = Now });
        var user = new CaseFlow.Persistence.Workplace.UserAccount { Id = Guid.NewGuid().ToString(), UserName = $"u{agency}", DisplayName = "张三", AgencyCode = agency, Role = "caseworker", PasswordHash = "x", CreatedAt = Now };
        await CaseFlow.Persistence.Workplace.Users.InsertAsync(connection, user);
        for (var i = 0; i < 3; i++)
            await CaseFlow.Persistence.Workplace.Users.RecordFailureAsync(connection, user.Id, maxFailures: 3, lockedUntil: Now.Plus(Duration.FromMinutes(15)));
        var locked = await CaseFlow.Persistence.Workplace.Users.FindByNameAsync(connection, user.UserName);
        Assert.Equal((3, Now.Plus(Duration.FromMinutes(15))), (locked!.FailedSignIns, locked.LockedUntil!.Value));
        await CaseFlow.Persistence.Workplace.Users.RecordSuccessAsync(connection, user.Id);
        Assert.Null((await CaseFlow.Persistence.Workplace.Users.FindAsync(connection, user.Id))!.LockedUntil);

        var key = CaseFlow.Persistence.Workplace.ApiKeys.NewKey();
        var row = new CaseFlow.Persistence.Workplace.ApiKey { Id = Guid.NewGuid().ToString(), AgencyCode = agency, Name = "portal", KeyHash = CaseFlow.Persistence.Workplace.ApiKeys.Hash(key), CreatedAt = Now };
        await CaseFlow.Persistence.Workplace.ApiKeys.InsertAsync(connection, row);
        Assert.Equal(agency, (await CaseFlow.Persistence.Workplace.ApiKeys.FindActiveAsync(connection, key))!.AgencyCode);
        await CaseFlow.Persistence.Workplace.ApiKeys.RevokeAsync(connection, row.Id, Now);
        Assert.Null(await CaseFlow.Persistence.Workplace.ApiKeys.FindActiveAsync(connection, key));

        var content = new byte[] { 0x25, 0x50, 0x44, 0x46, 0x00, 0xFF };
        var requestId = Guid.NewGuid();
        await CaseFlow.Persistence.Workplace.Attachments.InsertAsync(connection, new CaseFlow.Persistence.Workplace.AttachmentInfo
        {
            Id = Guid.NewGuid().ToString(), RequestId = requestId.ToString(), Kind = "application", FileName = "申请书.pdf", ContentType = "application/pdf",
            SizeBytes = content.Length, Sha256 = "h", UploadedBy = "张三", UploadedAt = Now,
        }, content);
        var info = Assert.Single(await CaseFlow.Persistence.Workplace.Attachments.ForRequestAsync(connection, requestId));
        Assert.Equal("申请书.pdf", info.FileName);
        Assert.Equal(content, await CaseFlow.Persistence.Workplace.Attachments.ContentAsync(connection, info.Id));
        Assert.Equal("cn+gx", await CaseFlow.Persistence.Workplace.Agencies.CalendarIdAsync(new DbSession(connection, null!, database.Dialect), agency));
    }
}
