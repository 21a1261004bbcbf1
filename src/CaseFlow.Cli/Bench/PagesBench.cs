using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CaseFlow.Contracts;
using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Requests;
using CaseFlow.Domain.Supervision;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Audit;
using CaseFlow.Persistence.Deadlines;
using CaseFlow.Persistence.Messaging;
using CaseFlow.Persistence.Migrations;
using CaseFlow.Persistence.Reporting;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Supervision;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;
using Npgsql;

namespace CaseFlow.Cli.Bench;

/// <summary>Settings of one <c>bench pages</c> run.</summary>
public sealed record PagesBenchOptions(int Requests, double OpenShare, DatabaseProvider Provider, string? ConnectionString, int Rounds, bool Json);

/// <summary>One page's timing: p50/p95 of its queries as served, and its p50 over the same run's <c>SELECT COUNT(*)</c>.</summary>
public sealed record PageTiming(string Name, double P50Ms, double P95Ms, double Ratio);

/// <summary>The bench's answer: <c>{requests, queries: [{name, p50Ms, p95Ms, ratio}]}</c>.</summary>
public sealed record PagesBenchResult(int Requests, IReadOnlyList<PageTiming> Queries);

/// <summary><c>caseflow bench pages</c>: seeds <c>--requests</c> requests the way the product writes them (the saga's JSON and
/// promoted columns from <see cref="SagaJson.ToRow"/>, the registration's and the reply's audit entries from
/// <see cref="SagaJson.Initial"/> / <see cref="SagaJson.Diff"/>, the pending reply-clock timers of open requests, the
/// outbox and inbox rows retention keeps — 7 days), runs no ANALYZE the product does not run, then times each page's
/// queries as the page runs them (the same store methods, in the same order) against <c>SELECT COUNT(*) FROM requests</c>,
/// in alternating rounds after warm-up rounds.</summary>
public static class PagesBench
{
    public const int AgencyCount = 5;
    public const int HandlersPerAgency = 8;
    public const int WarmupRounds = 3;
    public const string Agency = "agency-2";
    public static readonly string[] PageNames = ["workbench", "api-open-list", "followup-overdue", "dashboard", "status-lookup", "annual-report"];

    /// <summary>The bench's today: fixed, so that every run measures the same month, year and open requests.</summary>
    public static readonly LocalDate Today = new(2025, 11, 26);
    private static readonly LocalDate First = new(2020, 1, 1);
    private static readonly Instant Now = Today.At(new LocalTime(10, 0)).InZoneLeniently(ChinaTime.Zone).ToInstant();

    public static async Task<PagesBenchResult> RunAsync(PagesBenchOptions options, TextWriter output)
    {
        var directory = Directory.CreateTempSubdirectory("caseflow-bench-pages-").FullName;
        try
        {
            var database = options.Provider == DatabaseProvider.Sqlite
                ? new Database(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(directory, "pages.db")}" })
                : new Database(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = options.ConnectionString! });
            await new Migrator(database, SystemClock.Instance).MigrateAsync();
            await using (var check = await database.OpenAsync())
                if (await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM requests") > 0)
                    throw new CliInputException("bench pages", "--connection-string: the database must be empty (the bench seeds its own requests)");
            var seeding = Stopwatch.StartNew();
            var rows = await SeedAsync(database, options);
            var seeded = seeding.Elapsed;
            var settled = options.Provider == DatabaseProvider.PostgreSql ? await AwaitAutovacuumAsync(database) : TimeSpan.Zero;
            var log = options.Json ? TextWriter.Null : output;
            log.WriteLine($"pages bench: {options.Requests:N0} requests ({options.OpenShare:P0} open), {AgencyCount} agencies × {HandlersPerAgency} handlers, " +
                          $"received 2020-01-01…{Today:uuuu-MM-dd}, {database.Dialect.Name}");
            log.WriteLine($"  seeded {rows:N0} rows in {seeded.TotalSeconds:F1} s ({rows / Math.Max(seeded.TotalSeconds, 0.001):N0} rows/s)" +
                          (settled > TimeSpan.Zero ? $"; autovacuum analysed the tables {settled.TotalSeconds:F0} s later" : ""));

            var result = await TimeAsync(database, options);
            if (options.Json)
                output.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
            else
            {
                output.WriteLine($"  {"",-20}{"p50 ms",10}{"p95 ms",10}{"p50 ratio",12}   ({options.Rounds} alternating rounds after {WarmupRounds} warm-up rounds)");
                foreach (var q in result.Queries)
                    output.WriteLine($"  {q.Name,-20}{q.P50Ms,10:F2}{q.P95Ms,10:F2}{q.Ratio,11:F3}×");
                output.WriteLine($"  baseline SELECT COUNT(*) p50 {result.Queries[0].P50Ms / result.Queries[0].Ratio:F2} ms; steps (p50 ms): " +
                                 string.Join(", ", Parts.Select(p => $"{p.Key} {Percentile(p.Value, 0.5):F2}")));
            }
            return result;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            // CASEFLOW_BENCH_KEEP=1 keeps the seeded SQLite file (for EXPLAIN QUERY PLAN); the path goes to stderr.
            if (Environment.GetEnvironmentVariable("CASEFLOW_BENCH_KEEP") == "1")
                Console.Error.WriteLine($"kept {directory}");
            else
                Directory.Delete(directory, recursive: true);
        }
    }

    // ---------------------------------------------------------------- timing

    private static async Task<PagesBenchResult> TimeAsync(Database database, PagesBenchOptions options)
    {
        var pages = new (string Name, Func<Random, Task<int>> Run)[]
        {
            ("baseline", _ => CountAsync(database)),
            ("workbench", _ => WorkbenchAsync(database)),
            ("api-open-list", _ => ApiOpenListAsync(database)),
            ("followup-overdue", _ => FollowUpOverdueAsync(database)),
            ("dashboard", _ => DashboardAsync(database)),
            ("status-lookup", random => StatusLookupAsync(database, options.Requests, random)),
            ("annual-report", _ => AnnualReportAsync(database)),
        };
        var times = pages.Select(_ => new List<double>()).ToArray();
        var random = new Random(7);
        // Each round runs the baseline and every page once, in turn, so that load on the shared machine falls on all alike.
        Parts.Clear();
        for (var round = 0; round < WarmupRounds + options.Rounds; round++)
            for (var p = 0; p < pages.Length; p++)
            {
                _measuring = round >= WarmupRounds;
                var watch = Stopwatch.StartNew();
                await pages[p].Run(random);
                if (round >= WarmupRounds)
                    times[p].Add(watch.Elapsed.TotalMilliseconds);
            }
        var baseline = Percentile(times[0], 0.5);
        return new PagesBenchResult(options.Requests, pages.Skip(1).Select((page, i) =>
        {
            var p50 = Percentile(times[i + 1], 0.5);
            return new PageTiming(page.Name, Math.Round(p50, 3), Math.Round(Percentile(times[i + 1], 0.95), 3), Math.Round(p50 / baseline, 4));
        }).ToList());
    }

    private static double Percentile(List<double> times, double p)
    {
        var sorted = times.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(sorted.Count * p) - 1, 0, sorted.Count - 1)];
    }

    private static async Task<int> CountAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        return (int)await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM requests");
    }

    /// <summary>Pages/Workbench OnGetAsync: the agency, the open list (count and page 1), the handler choices.</summary>
    private static async Task<int> WorkbenchAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        var agency = await Agencies.FindAsync(connection, Agency);
        var page = await RequestList.QueryAsync(connection, database.Dialect, new RequestFilter { AgencyCode = agency!.Code, Scope = RequestScope.Open, Today = Today, Page = 1 });
        var handlers = await RequestList.HandlersAsync(connection, Agency);
        return page.Items.Count + handlers.Count;
    }

    /// <summary>Api/RequestsApi List: GET /api/requests with its defaults (open, page 1, 50 a page); the API's projection
    /// and name masking (web layer) are not included.</summary>
    private static async Task<int> ApiOpenListAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        var page = await RequestList.QueryAsync(connection, database.Dialect, new RequestFilter
        {
            AgencyCode = Agency, Scope = RequestScope.Open, Today = Today, Page = 1, PageSize = 50,
        });
        return page.Items.Count;
    }

    /// <summary>Pages/Supervision/FollowUp (督办, overdue) for an agency's supervisor: the scope, the list, the handlers.</summary>
    private static async Task<int> FollowUpOverdueAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        var agencies = await Agencies.AllAsync(connection);
        var agency = agencies.Single(a => a.Code == Agency);
        var rows = await FollowUpLists.QueryAsync(connection, database.Dialect.Page, FollowUpList.Overdue, agency.Code, Today, Today.PlusDays(7),
            new LocalDate(Today.Year, 1, 1), new LocalDate(Today.Year, 12, 31));
        var handlers = await Users.InAgencyAsync(connection, Agency);
        return rows.Count + handlers.Count;
    }

    /// <summary>Pages/Supervision/Index for an agency's supervisor, in its order; each step's time goes to the breakdown.</summary>
    private static async Task<int> DashboardAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        var agencies = await Part("dashboard: agencies", () => Agencies.AllAsync(connection));
        var monthStart = new LocalDate(Today.Year, Today.Month, 1);
        var yearStart = new LocalDate(Today.Year, 1, 1);
        var trendStart = monthStart.PlusMonths(-11);
        var cells = await Part("dashboard: timeliness cells", () => Dashboard.TimelinessCellsAsync(connection, Agency, trendStart < yearStart ? trendStart : yearStart, Today));
        var rows = Dashboard.Sum(cells, monthStart, Today).Count + Dashboard.Sum(cells, yearStart, Today).Count;
        rows += (int)(await Part("dashboard: open by days left", () => Dashboard.OpenByDaysLeftAsync(connection, agencies.Single(a => a.Code == Agency).Code, Today, Today.PlusDays(4), Today.PlusDays(9)))).Total;
        rows += (await Part("dashboard: oldest open", () => Dashboard.OldestOpenAsync(connection, database.Dialect, Agency))).Count;
        var history = await Part("dashboard: state history", () => Dashboard.StateHistoryAsync(connection, Agency, monthStart, Today));
        rows += StageDurations.Compute(history.Select(h => new StateEntry(h.RequestId, h.At, h.State))).Count;
        return rows;
    }

    /// <summary>Per-step times of the pages that run several statements (printed under the table, p50 of the measured rounds).</summary>
    private static readonly Dictionary<string, List<double>> Parts = [];
    private static bool _measuring;

    private static async Task<T> Part<T>(string name, Func<Task<T>> step)
    {
        var watch = Stopwatch.StartNew();
        var result = await step();
        if (_measuring)
        {
            if (!Parts.TryGetValue(name, out var list))
                Parts[name] = list = [];
            list.Add(watch.Elapsed.TotalMilliseconds);
        }
        return result;
    }

    /// <summary>Pages/Status OnPostAsync (查询办理进度): a tracking number of any agency and year, the phone's last four
    /// digits matched in the saga's JSON, the agency's name.</summary>
    private static async Task<int> StatusLookupAsync(Database database, int requests, Random random)
    {
        var index = random.Next(requests);
        var (_, agency, number) = Identity(index, requests);
        var lastFour = Phone(index)[^4..];
        await using var connection = await database.OpenAsync();
        foreach (var (_, agencyCode, data) in await RequestList.ByTrackingNumberAsync(connection, number))
        {
            var state = SagaJson.Deserialize(data);
            if (state.Applicant.Phone.EndsWith(lastFour, StringComparison.Ordinal) && agencyCode == agency)
                return (await Agencies.FindAsync(connection, agencyCode)) is null ? 0 : 1;
        }
        throw new InvalidOperationException($"The status lookup did not find {number}.");
    }

    /// <summary>Pages/Supervision/Report for an agency's supervisor: last year's report as served (counted, lock, previous
    /// year, format check) and the opening balance.</summary>
    private static async Task<int> AnnualReportAsync(Database database)
    {
        var served = await Part("annual report: served", () => ReportStore.ServeAsync(database, Today.Year - 1, Agency));
        await using var connection = await database.OpenAsync();
        var balance = await ReportStore.FindOpeningBalanceAsync(connection, Agency);
        return served.Broken.Count + (balance is null ? 0 : 1);
    }

    // ---------------------------------------------------------------- seeding

    /// <summary>Request <paramref name="index"/>'s id, agency and tracking number (numbered per agency and year, as
    /// <see cref="RequestStore.NextTrackingNumberAsync"/> numbers them; requests are spread evenly over the days).</summary>
    private static (Guid Id, string Agency, string TrackingNumber) Identity(int index, int requests)
    {
        var received = ReceivedOn(index, requests);
        var agency = index % AgencyCount;
        // Requests of one agency and year are consecutive indexes ≡ agency (mod Agencies), so their rank in the year is
        // (index − the year's first index) / Agencies.
        var firstOfYear = FirstIndexOn(new LocalDate(received.Year, 1, 1), requests);
        var firstOfAgency = firstOfYear + ((agency - firstOfYear % AgencyCount) % AgencyCount + AgencyCount) % AgencyCount;
        var number = (index - firstOfAgency) / AgencyCount + 1;
        var bytes = new byte[16];
        BitConverter.TryWriteBytes(bytes.AsSpan(0, 4), index);
        bytes[15] = 0xCF;
        return (new Guid(bytes), $"agency-{agency}", $"{received.Year}-{number:D6}");
    }

    private static int Days => Period.DaysBetween(First, Today) + 1;

    private static LocalDate ReceivedOn(int index, int requests) => First.PlusDays((int)((long)index * Days / requests));

    private static int FirstIndexOn(LocalDate day, int requests)
    {
        var offset = (long)Period.DaysBetween(First, day);
        return (int)((offset * requests + Days - 1) / Days);
    }

    private static string Phone(int index) => $"138{index % 100_000_000:D8}";

    private sealed class Batch
    {
        public List<RequestRow> Requests { get; } = [];
        public List<AuditEntry> Audit { get; } = [];
        public List<object[]> Deadlines { get; } = [];
        public List<(string MessageId, string Type, string Body, Instant CreatedAt)> Outbox { get; } = [];
        public List<(string MessageId, Instant ReceivedAt)> Inbox { get; } = [];
        public int Rows => Requests.Count + Audit.Count + Deadlines.Count + Outbox.Count + Inbox.Count;
    }

    private static async Task<long> SeedAsync(Database database, PagesBenchOptions options)
    {
        await using (var connection = await database.OpenAsync())
        {
            foreach (var a in Enumerable.Range(0, AgencyCount))
            {
                await Agencies.InsertAsync(connection, new Agency { Code = $"agency-{a}", Name = $"第{a + 1}局", CalendarId = "cn", WarningLeadWorkingDays = 5, CreatedAt = Now });
                foreach (var h in Enumerable.Range(0, HandlersPerAgency))
                    await Users.InsertAsync(connection, new UserAccount
                    {
                        Id = Guid.NewGuid().ToString(), UserName = $"handler-{a}-{h}", DisplayName = $"承办人{a}-{h}", AgencyCode = $"agency-{a}",
                        Role = h == 0 ? Roles.Supervisor : Roles.Caseworker, PasswordHash = "-", CreatedAt = Now,
                    });
            }
        }
        // Open: 70% of the requests received in the last 40 days (in progress), and the rest of the share spread evenly over
        // older ones (long overdue); the others were replied or withdrawn within their time, so replies are served every day.
        var firstRecent = FirstIndexOn(Today.PlusDays(-39), options.Requests);
        var recent = options.Requests - firstRecent;
        var wanted = options.Requests * options.OpenShare;
        var recentOpen = recent == 0 ? 0 : Math.Min(0.7, wanted / recent);
        var staleOpen = firstRecent == 0 ? 0 : Math.Max(0, (wanted - recentOpen * recent) / firstRecent);
        long rows = 0;
        const int batchSize = 20_000;
        for (var start = 0; start < options.Requests; start += batchSize)
        {
            var batch = new Batch();
            for (var i = start; i < Math.Min(options.Requests, start + batchSize); i++)
                Build(batch, i, options.Requests, new Random(~i).NextDouble() < (i >= firstRecent ? recentOpen : staleOpen));
            rows += batch.Rows;
            if (database.Dialect.Name == "PostgreSQL" || options.Provider == DatabaseProvider.PostgreSql)
                await CopyPostgreSqlAsync(database, batch);
            else
                await InsertSqliteAsync(database, batch);
        }
        return rows;
    }

    /// <summary>One request as the workflow leaves it: registered (the registration's audit entry lists what it set), and
    /// unless open, replied (the reply's entry is the diff); an open one keeps its three reply-clock timers; what happened
    /// within the 7 days retention keeps has its outbox and inbox rows.</summary>
    private static void Build(Batch batch, int index, int requests, bool open)
    {
        var (id, agency, number) = Identity(index, requests);
        var random = new Random(index);
        var received = ReceivedOn(index, requests);
        var registeredAt = received.At(new LocalTime(9, 0).PlusMinutes(index % 480)).InZoneLeniently(ChinaTime.Zone).ToInstant();
        var extension = random.Next(10) == 0 ? random.Next(1, 21) : 0;
        var due = received.PlusDays(28);
        var state = new DisclosureRequestState
        {
            CorrelationId = id, Version = 1, CurrentState = "InProgress", AgencyCode = agency, TrackingNumber = number,
            Applicant = new Applicant
            {
                Type = random.Next(6) == 0 ? ApplicantType.Business : ApplicantType.NaturalPerson, Name = $"申请人{index % 50_000}",
                IdDocument = "居民身份证 11010519491231002X", Phone = Phone(index), Address = "某市某区某路1号",
            },
            Channel = (Channel)random.Next(1, 4), Description = "申请公开本县2024年财政预算执行情况及有关会议纪要", FormOfProvision = "Electronic",
            Handler = $"handler-{index % AgencyCount}-{random.Next(HandlersPerAgency)}", RegisteredAt = registeredAt, ReceivedOn = received,
            ReplyDueOn = due, CalendarVersion = "cn-2025.1", ClockRunning = true,
        };
        var registeredJson = SagaJson.Serialize(state);
        batch.Audit.Add(new AuditEntry
        {
            RequestId = id.ToString(), MessageId = Guid.NewGuid().ToString(), OccurredAt = registeredAt, Actor = state.Handler!,
            Activity = nameof(RegisterRequest), ToState = "InProgress", Changes = SagaJson.Initial(registeredJson),
        });
        var lastActivity = registeredAt;
        if (open)
        {
            state.Overdue = due < Today;
            foreach (var (kind, subject, on) in new[] { (DeadlineKinds.ReplyDue, "", due.PlusDays(1)), (DeadlineKinds.ReplyDueWarning, "5", due.PlusDays(-7)), (DeadlineKinds.ReplyDueWarning, "2", due.PlusDays(-2)) })
                batch.Deadlines.Add([id.ToString(), kind, subject, 1, due, ChinaTime.StartOf(on)]);
        }
        else
        {
            var before = registeredJson;
            if (extension > 0)
            {
                state.Extension = new Extension(received.PlusDays(15), extension, "检索量大") { Approved = true, ApprovedDays = extension, DecidedOn = received.PlusDays(16), DecidedBy = $"handler-{index % AgencyCount}-0" };
                state.ReplyDueOn = due = due.PlusDays(extension * 7 / 5);
            }
            var closedOn = received.PlusDays(random.Next(1, Math.Max(2, Period.DaysBetween(received, due) + (random.Next(10) == 0 ? 8 : 1))));
            if (closedOn > Today)
                closedOn = Today;
            var outcome = Outcomes.All[random.Next(Outcomes.All.Count)];
            var withdrawn = random.Next(20) == 0;
            if (!withdrawn)
                state.Reply = new Reply(outcome, "", "第三十六条第（二）项", closedOn, false, closedOn <= due) { LetterDocumentNumber = $"〔{closedOn.Year}〕{index % 10_000}号" };
            state.CurrentState = withdrawn ? "Withdrawn" : "Replied";
            state.Version = 2;
            state.CloseReason = withdrawn ? CloseReason.Withdrawn : CloseReason.Replied;
            state.Outcome = withdrawn ? null : outcome;
            state.ClosedOn = closedOn;
            state.ClockRunning = false;
            state.Decide();
            lastActivity = closedOn.At(new LocalTime(15, 0)).InZoneLeniently(ChinaTime.Zone).ToInstant();
            batch.Audit.Add(new AuditEntry
            {
                RequestId = id.ToString(), MessageId = Guid.NewGuid().ToString(), OccurredAt = lastActivity, Actor = state.Handler!,
                Activity = withdrawn ? "RecordWithdrawal" : "RecordLetterService", FromState = "InProgress", ToState = state.CurrentState,
                Changes = SagaJson.Diff(before, SagaJson.Serialize(state)),
            });
        }
        batch.Requests.Add(SagaJson.ToRow(state, lastActivity));
        // Retention (7 days) keeps the sent outbox rows and the inbox ids of what happened in the last week.
        if (lastActivity > Now - Duration.FromDays(7))
        {
            var message = JsonSerializer.Serialize(new RequestRegistered { RequestId = id, AgencyCode = agency, TrackingNumber = number, ReceivedOn = received, ReplyDueOn = due }, CaseFlowJson.Options);
            batch.Outbox.Add((Guid.NewGuid().ToString(), typeof(RequestRegistered).FullName!, message, lastActivity));
            batch.Inbox.Add((Guid.NewGuid().ToString(), lastActivity));
        }
    }

    private static async Task InsertSqliteAsync(Database database, Batch batch)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        var session = new DbSession(connection, transaction, database.Dialect);
        await connection.ExecuteAsync(RequestStore.Insert, batch.Requests, transaction);
        await connection.ExecuteAsync(AuditTrail.Append, batch.Audit, transaction);
        await connection.ExecuteAsync(DeadlineStore.Schedule, batch.Deadlines.Select(d => new
        {
            RequestId = (string)d[0], Kind = (string)d[1], Subject = (string)d[2], Generation = (int)d[3], DueOn = (LocalDate)d[4], DueAt = (Instant)d[5],
        }), transaction);
        foreach (var (messageId, type, body, createdAt) in batch.Outbox)
            await Outbox.AddAsync(session, Guid.Parse(messageId), type, body, createdAt);
        await connection.ExecuteAsync("UPDATE outbox SET sent_at = created_at WHERE sent_at IS NULL", transaction: transaction);
        foreach (var (messageId, at) in batch.Inbox)
            await Inbox.TryReceiveAsync(session, RequestSagaRepository.InboxConsumer, Guid.Parse(messageId), at);
        await transaction.CommitAsync();
    }

    /// <summary>PostgreSQL: the same rows by COPY (text format), one batch per transaction; the counters' triggers run.</summary>
    private static async Task CopyPostgreSqlAsync(Database database, Batch batch)
    {
        await using var connection = (NpgsqlConnection)await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await CopyAsync(connection, "requests (id, version, state, agency_code, tracking_number, applicant_name, applicant_type, channel, handler, description, " +
                                    "received_on, correction_due_on, reply_due_on, provisional, overdue, clock_running, stopped_since, on_time, on_time_without_extension, " +
                                    "counted_outcome, outcome, close_reason, closed_on, extension_days, calendar_version, registered_at, updated_at, data)",
            batch.Requests.Select(r => new object?[]
            {
                r.Id, r.Version, r.State, r.AgencyCode, r.TrackingNumber, r.ApplicantName, r.ApplicantType, r.Channel, r.Handler, r.Description,
                r.ReceivedOn, r.CorrectionDueOn, r.ReplyDueOn, r.Provisional, r.Overdue, r.ClockRunning, r.StoppedSince, r.OnTime, r.OnTimeWithoutExtension,
                r.CountedOutcome, r.Outcome, r.CloseReason, r.ClosedOn, r.ExtensionDays, r.CalendarVersion, r.RegisteredAt, r.UpdatedAt, r.Data,
            }));
        await CopyAsync(connection, "audit_entries (request_id, message_id, occurred_at, actor, activity, from_state, to_state, changes)",
            batch.Audit.Select(a => new object?[] { a.RequestId, a.MessageId, a.OccurredAt, a.Actor, a.Activity, a.FromState, a.ToState, a.Changes }));
        await CopyAsync(connection, "deadlines (request_id, kind, subject, generation, due_on, due_at, status)",
            batch.Deadlines.Select(d => new object?[] { d[0], d[1], d[2], d[3], d[4], d[5], "pending" }));
        await CopyAsync(connection, "outbox (message_id, message_type, body, created_at, sent_at)",
            batch.Outbox.Select(o => new object?[] { o.MessageId, o.Type, o.Body, o.CreatedAt, o.CreatedAt }));
        await CopyAsync(connection, "inbox (consumer, message_id, received_at)",
            batch.Inbox.Select(i => new object?[] { RequestSagaRepository.InboxConsumer, i.MessageId, i.ReceivedAt }));
        await transaction.CommitAsync();
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string table, IEnumerable<object?[]> rows)
    {
        await using var writer = await connection.BeginTextImportAsync($"COPY {table} FROM STDIN");
        var line = new StringBuilder();
        foreach (var row in rows)
        {
            line.Clear();
            for (var c = 0; c < row.Length; c++)
            {
                if (c > 0)
                    line.Append('\t');
                line.Append(row[c] switch
                {
                    null => @"\N",
                    bool b => b ? "t" : "f",
                    LocalDate d => d.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture),
                    Instant i => i.ToString("uuuu-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    var v => v.ToString()!.Replace("\\", @"\\").Replace("\t", @"\t").Replace("\n", @"\n").Replace("\r", @"\r"),
                });
            }
            line.Append('\n');
            await writer.WriteAsync(line);
        }
    }

    /// <summary>A server at rest has been visited by autovacuum (its statistics and visibility map); the bench runs no
    /// ANALYZE of its own but waits (up to 5 minutes) until autovacuum has analysed the tables the pages read.</summary>
    private static async Task<TimeSpan> AwaitAutovacuumAsync(Database database)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = await database.OpenAsync();
        while (watch.Elapsed < TimeSpan.FromMinutes(5))
        {
            var pending = await connection.ExecuteScalarAsync<long>("""
                SELECT COUNT(*) FROM pg_stat_user_tables
                WHERE relname IN ('requests', 'audit_entries', 'timeliness_counts') AND n_live_tup > 0 AND last_autoanalyze IS NULL
                """);
            if (pending == 0)
                return watch.Elapsed;
            await Task.Delay(2000);
        }
        return watch.Elapsed;
    }
}
