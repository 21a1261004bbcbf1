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
using CaseFlow.Persistence.Dialects;
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
            // CASEFLOW_BENCH_SEEDED times a database an earlier run with the same --requests and --open-share seeded and kept
            // (SQLite: the path CASEFLOW_BENCH_KEEP printed; PostgreSQL: "1" and the same --connection-string) instead of
            // seeding again: a 1,000,000-request seed takes 10–30 minutes on this shared machine.
            var reuse = Environment.GetEnvironmentVariable("CASEFLOW_BENCH_SEEDED") is { Length: > 0 } seededBefore ? seededBefore : null;
            var database = options.Provider == DatabaseProvider.Sqlite
                ? new Database(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={(reuse is null ? Path.Combine(directory, "pages.db") : Path.GetFullPath(reuse))}" })
                : new Database(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = options.ConnectionString! });
            if (reuse is not null && options.Provider == DatabaseProvider.Sqlite && !File.Exists(reuse))
                throw new CliInputException("bench pages", $"CASEFLOW_BENCH_SEEDED: no such file {reuse}");
            var migrating = Stopwatch.StartNew();
            var migrated = await new Migrator(database, SystemClock.Instance).MigrateAsync();
            migrating.Stop();
            long held;
            await using (var check = await database.OpenAsync())
                held = await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM requests");
            if (reuse is null && held > 0)
                throw new CliInputException("bench pages", "--connection-string: the database must be empty (the bench seeds its own requests)");
            if (reuse is not null && held != options.Requests)
                throw new CliInputException("bench pages", $"CASEFLOW_BENCH_SEEDED: the database holds {held:N0} requests, not --requests {options.Requests:N0}");
            var seeding = Stopwatch.StartNew();
            var rows = reuse is null ? await SeedAsync(database, options) : 0;
            var seeded = seeding.Elapsed;
            var settled = options.Provider == DatabaseProvider.PostgreSql && reuse is null ? await AwaitAutovacuumAsync(database) : TimeSpan.Zero;
            var compacted = options.Provider == DatabaseProvider.PostgreSql ? await CompactCountersAsync(database) : [];
            var log = options.Json ? TextWriter.Null : output;
            log.WriteLine($"pages bench: {options.Requests:N0} requests ({options.OpenShare:P0} open), {AgencyCount} agencies × {HandlersPerAgency} handlers, " +
                          $"received 2020-01-01…{Today:uuuu-MM-dd}, {database.Dialect.Name}");
            log.WriteLine(reuse is not null
                ? $"  not seeded: timing the database an earlier run seeded (CASEFLOW_BENCH_SEEDED={reuse})" +
                  (migrated.Count > 0 ? $"; migrations {string.Join(", ", migrated.Select(m => $"{m.Version:D4}"))} applied to it (back-fills included) in {migrating.Elapsed.TotalSeconds:F1} s" : "")
                : $"  seeded {rows:N0} rows in {seeded.TotalSeconds:F1} s ({rows / Math.Max(seeded.TotalSeconds, 0.001):N0} rows/s; " +
                  $"writing {SeedWrite.TotalSeconds:F1} s, waiting for rows to be built {SeedWait.TotalSeconds:F1} s, " +
                  $"dropping and creating the secondary indexes {SeedIndex.TotalSeconds:F1} s; {SeedShapes:N0} request shapes composed by the product's code)" +
                  (settled > TimeSpan.Zero ? $"; autovacuum analysed the tables {settled.TotalSeconds:F0} s later" : ""));
            if (compacted.Count > 0)
                log.WriteLine($"  {compacted.Count} tables besides the bulk ones rewritten to their steady state (VACUUM FULL): {string.Join(", ", compacted)}");
            // The seeding's garbage is not the pages': collect it before timing, so that its collections do not land in
            // the pages' rounds (the web app does not carry it).
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var (gen0, gen2, paused) = (GC.CollectionCount(0), GC.CollectionCount(2), GC.GetTotalPauseDuration());

            var result = await TimeAsync(database, options);
            var timingGc = $"garbage collections while timing: {GC.CollectionCount(0) - gen0} (gen 2: {GC.CollectionCount(2) - gen2}), " +
                           $"paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:F0} ms in all";
            if (options.Json)
                output.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
            else
            {
                output.WriteLine($"  {"",-20}{"p50 ms",10}{"p95 ms",10}{"p50 ratio",12}   ({options.Rounds} alternating rounds after {WarmupRounds} warm-up rounds)");
                foreach (var q in result.Queries)
                    output.WriteLine($"  {q.Name,-20}{q.P50Ms,10:F2}{q.P95Ms,10:F2}{q.Ratio,11:F3}×");
                output.WriteLine($"  baseline SELECT COUNT(*) p50 {result.Queries[0].P50Ms / result.Queries[0].Ratio:F2} ms, p95 {Floor.BaselineP95:F2} ms; " +
                                 $"the machine's floor, a pooled connection and SELECT 1: p50 {Floor.P50:F2} ms, p95 {Floor.P95:F2} ms " +
                                 $"({options.Rounds * LookupsPerRound} samples, as status-lookup)");
                output.WriteLine($"  {timingGc}");
                output.WriteLine("  steps (p50 ms): " +
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

    /// <summary>Status lookups per round: the lookup's p95 goal (5 ms) is read from enough samples (200 at 20 rounds), not
    /// from the slowest of 20.</summary>
    public const int LookupsPerRound = 10;

    private static async Task<PagesBenchResult> TimeAsync(Database database, PagesBenchOptions options)
    {
        // The baseline scans on a connection of its own, held out of the pool for the whole run: on SQLite a connection's
        // page cache is its own, and COUNT(*) reading the whole index of 1,000,000 requests would evict what the pages'
        // pooled connections keep (no page of the product scans like that any more).
        await using var baselineConnection = await database.OpenAsync();
        var pages = new (string Name, int PerRound, Func<Random, Task<int>> Run)[]
        {
            ("baseline", 1, _ => CountAsync(baselineConnection)),
            ("workbench", 1, _ => WorkbenchAsync(database)),
            ("api-open-list", 1, _ => ApiOpenListAsync(database)),
            ("followup-overdue", 1, _ => FollowUpOverdueAsync(database)),
            ("dashboard", 1, _ => DashboardAsync(database)),
            ("status-lookup", LookupsPerRound, random => StatusLookupAsync(database, options.Requests, random)),
            ("annual-report", 1, _ => AnnualReportAsync(database)),
            // The machine's floor: a pooled connection and SELECT 1, as often as the lookup (printed, not a page).
            ("SELECT 1", LookupsPerRound, _ => NothingAsync(database)),
        };
        var times = pages.Select(_ => new List<double>()).ToArray();
        var random = new Random(7);
        // Each round runs the baseline and every page, in turn, so that load on the shared machine falls on all alike. The
        // order turns by one each round: whatever a step leaves behind (garbage, the OS's caches) falls on each page in
        // turn, not always on the one after it (the workbench, always right after the baseline, measured 1.8–2.4× its 10k
        // p50 at 1M while the same list without the workbench's two small lookups measured 1.1–1.5×).
        Parts.Clear();
        for (var round = 0; round < WarmupRounds + options.Rounds; round++)
            foreach (var p in Enumerable.Range(0, pages.Length).Select(i => (i + round) % pages.Length))
                for (var repeat = 0; repeat < pages[p].PerRound; repeat++)
                {
                    _measuring = round >= WarmupRounds;
                    var watch = Stopwatch.StartNew();
                    await pages[p].Run(random);
                    if (round >= WarmupRounds)
                        times[p].Add(watch.Elapsed.TotalMilliseconds);
                }
        var baseline = Percentile(times[0], 0.5);
        Floor = (Percentile(times[^1], 0.5), Percentile(times[^1], 0.95), Percentile(times[0], 0.95));
        return new PagesBenchResult(options.Requests, pages[1..^1].Select((page, i) =>
        {
            var p50 = Percentile(times[i + 1], 0.5);
            return new PageTiming(page.Name, Math.Round(p50, 3), Math.Round(Percentile(times[i + 1], 0.95), 3), Math.Round(p50 / baseline, 4));
        }).ToList());
    }

    /// <summary>Of the last run: <c>SELECT 1</c> p50 and p95, and the baseline's p95 (ms).</summary>
    private static (double P50, double P95, double BaselineP95) Floor;

    private static async Task<int> NothingAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT 1");
    }

    private static double Percentile(List<double> times, double p)
    {
        var sorted = times.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(sorted.Count * p) - 1, 0, sorted.Count - 1)];
    }

    private static async Task<int> CountAsync(System.Data.Common.DbConnection connection) =>
        (int)await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM requests");

    /// <summary>Pages/Workbench OnGetAsync: the agency, the open list (count and page 1), the handler choices.</summary>
    private static async Task<int> WorkbenchAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        var agency = await Part("workbench: agency", () => Agencies.FindAsync(connection, Agency));
        var filter = new RequestFilter { AgencyCode = agency!.Code, Scope = RequestScope.Open, Today = Today, Page = 1 };
        var page = await Part("workbench: open list", () => RequestList.QueryAsync(connection, database.Dialect, filter));
        var handlers = await Part("workbench: handlers", () => RequestList.HandlersAsync(connection, Agency));
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

    /// <summary>Pages/Supervision/FollowUp (督办, overdue) for an agency's supervisor: the scope, page 1 of the list and its
    /// count (<see cref="FollowUpLists.PageAsync"/>), the handlers.</summary>
    private static async Task<int> FollowUpOverdueAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        var agencies = await Agencies.AllAsync(connection);
        var agency = agencies.Single(a => a.Code == Agency);
        var (rows, total) = await FollowUpLists.PageAsync(connection, database.Dialect.Page, FollowUpList.Overdue, [new FollowUpLists.Part(agency.Code, Today.PlusDays(7))],
            Today, new LocalDate(Today.Year, 1, 1), new LocalDate(Today.Year, 12, 31), page: 1);
        var handlers = await Users.InAgencyAsync(connection, Agency);
        return rows.Count + handlers.Count + (total > 0 ? 1 : 0);
    }

    /// <summary>Pages/Supervision/Index for an agency's supervisor, in its order (timeliness cells summed for the month, the year
    /// and the trend; open by days left; oldest open; drafts in review; extensions waiting; stage times); each step's
    /// time goes to the breakdown.</summary>
    private static async Task<int> DashboardAsync(Database database)
    {
        await using var connection = await Part("dashboard: open connection", () => database.OpenAsync());
        var agencies = await Part("dashboard: agencies", () => Agencies.AllAsync(connection));
        var monthStart = new LocalDate(Today.Year, Today.Month, 1);
        var yearStart = new LocalDate(Today.Year, 1, 1);
        var trendStart = monthStart.PlusMonths(-11);
        var months = await Part("dashboard: timeliness cells", () => Dashboard.TimelinessMonthsAsync(connection, Agency, (trendStart < yearStart ? trendStart : yearStart).ToYearMonth(), Today.ToYearMonth()));
        var rows = Dashboard.Sum(months, Today.ToYearMonth(), Today.ToYearMonth()).Count + Dashboard.Sum(months, yearStart.ToYearMonth(), Today.ToYearMonth()).Count;
        // The 12-month trend, as the page sums it from the same months.
        rows += Enumerable.Range(0, 12).Select(i => trendStart.PlusMonths(i).ToYearMonth()).Count(m => months.Where(d => d.Month.ToYearMonth() == m).Sum(d => d.Replied) > 0);
        rows += (int)(await Part("dashboard: open by days left", () => Dashboard.OpenByDaysLeftAsync(connection, agencies.Single(a => a.Code == Agency).Code, Today, Today.PlusDays(4), Today.PlusDays(9)))).Total;
        rows += (await Part("dashboard: oldest open", () => Dashboard.OldestOpenAsync(connection, database.Dialect, Agency))).Count;
        rows += (await Part("dashboard: drafts in review", () => SupervisionReads.DraftsInReviewAsync(connection, Agency))).Count;
        rows += (int)await Part("dashboard: extensions waiting", () => SupervisionReads.CountAwaitingExtensionAsync(connection, Agency));
        rows += (await Part("dashboard: stage times", () => Dashboard.StageTimesAsync(connection, Agency, monthStart, Today))).Count;
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
    internal static (Guid Id, string Agency, string TrackingNumber) Identity(int index, int requests)
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

    internal static LocalDate ReceivedOn(int index, int requests) => First.PlusDays((int)((long)index * Days / requests));

    private static int FirstIndexOn(LocalDate day, int requests)
    {
        var offset = (long)Period.DaysBetween(First, day);
        return (int)((offset * requests + Days - 1) / Days);
    }

    internal static string Phone(int index) => $"138{index % 100_000_000:D8}";

    private sealed class Batch
    {
        public List<RequestRow> Requests { get; } = [];
        public List<AuditEntry> Audit { get; } = [];
        public List<object[]> Deadlines { get; } = [];
        public List<(string MessageId, string Type, string Body, Instant CreatedAt)> Outbox { get; } = [];
        public List<(string MessageId, Instant ReceivedAt)> Inbox { get; } = [];
        /// <summary>What the closed requests add to the time per stage, as the workflow adds it when each closes.</summary>
        public List<StageTimes.Counter> StageTimes { get; } = [];
        public int Rows => Requests.Count + Audit.Count + Deadlines.Count + Outbox.Count + Inbox.Count;
    }

    internal static async Task<long> SeedAsync(Database database, PagesBenchOptions options)
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
        // The rows of the next batch are built on another thread while the current one is written: one writer connection and
        // one transaction per batch, each statement prepared once and reused. Each request is rendered from its shape's
        // template (RequestSeeder: the product's code composes each shape once); each request's rows depend on its index
        // only: the batch is built in one contiguous slice per core, the slices joined in order (rows are written in the
        // order they were received).
        var seeder = new RequestSeeder(options.Requests);
        Batch BuildBatch(int from)
        {
            var end = Math.Min(options.Requests, from + SeedBatchSize);
            var slices = Environment.ProcessorCount;
            var parts = new Batch[slices];
            Parallel.For(0, slices, new ParallelOptions { MaxDegreeOfParallelism = slices }, slice =>
            {
                var part = parts[slice] = new Batch();
                var chunk = (end - from + slices - 1) / slices;
                for (var i = from + slice * chunk; i < Math.Min(end, from + (slice + 1) * chunk); i++)
                    Build(part, seeder, i, new Random(~i).NextDouble() < (i >= firstRecent ? recentOpen : staleOpen));
            });
            var batch = new Batch();
            foreach (var part in parts)
            {
                batch.Requests.AddRange(part.Requests);
                batch.Audit.AddRange(part.Audit);
                batch.Deadlines.AddRange(part.Deadlines);
                batch.Outbox.AddRange(part.Outbox);
                batch.Inbox.AddRange(part.Inbox);
                batch.StageTimes.AddRange(part.StageTimes);
            }
            return batch;
        }
        await using var writerConnection = await database.OpenAsync();
        await using var writer = writerConnection is NpgsqlConnection postgres
            ? (IBatchWriter)new PostgreSqlCopyWriter(postgres)
            : new SqliteBatchWriter((SqliteConnection)writerConnection, database);
        var next = Task.Run(() => BuildBatch(0));
        var waiting = new Stopwatch();
        var writing = new Stopwatch();
        var indexing = Stopwatch.StartNew();
        var deferred = await DeferIndexesAsync(writerConnection);
        indexing.Stop();
        for (var start = 0; start < options.Requests; start += SeedBatchSize)
        {
            waiting.Start();
            var batch = await next;
            waiting.Stop();
            var following = start + SeedBatchSize;
            next = following < options.Requests ? Task.Run(() => BuildBatch(following)) : Task.FromResult(new Batch());
            rows += batch.Rows;
            writing.Start();
            await writer.WriteAsync(batch);
            writing.Stop();
        }
        indexing.Start();
        await RestoreIndexesAsync(writerConnection, deferred);
        indexing.Stop();
        SeedWait = waiting.Elapsed;
        SeedWrite = writing.Elapsed;
        SeedIndex = indexing.Elapsed;
        SeedShapes = seeder.Shapes;
        return rows;
    }

    /// <summary>The tables the seed writes in bulk; their secondary indexes are built once, after the load.</summary>
    private static readonly string[] BulkTables = ["requests", "audit_entries", "deadlines", "outbox"];

    /// <summary>Drops the secondary indexes of <see cref="BulkTables"/> (not those that back a primary key or unique
    /// constraint, which <c>ON CONFLICT</c> targets and the counters' triggers need) and returns their definitions as the
    /// database reports them (<c>sqlite_master.sql</c>, <c>pg_indexes.indexdef</c>: the migrations' own statements), to
    /// be created again by <see cref="RestoreIndexesAsync"/> after the load — one sort per index instead of a B-tree
    /// insertion per row. SQLite: the temporary file is written without a journal and without syncing while seeding
    /// (<c>journal_mode=OFF</c>, <c>synchronous=OFF</c>), then set back to WAL as the migrator leaves it.</summary>
    internal static async Task<List<(string Name, string Definition)>> DeferIndexesAsync(DbConnection connection)
    {
        List<(string Name, string Definition)> indexes;
        if (connection is SqliteConnection)
        {
            indexes = (await connection.QueryAsync<(string, string)>(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN @BulkTables ORDER BY rowid",
                new { BulkTables })).ToList();
            await connection.ExecuteAsync("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;");
        }
        else
        {
            indexes = (await connection.QueryAsync<(string, string)>("""
                SELECT i.indexname, i.indexdef FROM pg_indexes i
                JOIN pg_class c ON c.relname = i.indexname JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = i.schemaname
                WHERE i.schemaname = current_schema() AND i.tablename = ANY(@BulkTables)
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)
                ORDER BY c.oid
                """, new { BulkTables })).ToList();
        }
        foreach (var (name, _) in indexes)
            await connection.ExecuteAsync($"DROP INDEX {name}");
        return indexes;
    }

    internal static async Task RestoreIndexesAsync(DbConnection connection, List<(string Name, string Definition)> indexes)
    {
        if (connection is NpgsqlConnection)
            await connection.ExecuteAsync("SET maintenance_work_mem = '256MB'");
        foreach (var (_, definition) in indexes)
            await connection.ExecuteAsync(definition, commandTimeout: 0);
        if (connection is SqliteConnection)
            await connection.ExecuteAsync("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-2000;");
        else
            await connection.ExecuteAsync("RESET maintenance_work_mem");
    }

    /// <summary>Of the last seeding: time spent waiting for rows to be built, and writing them.</summary>
    private static TimeSpan SeedWait, SeedWrite, SeedIndex;

    /// <summary>Of the last seeding: distinct request shapes composed by the product's code.</summary>
    private static int SeedShapes;

    /// <summary>Requests written per transaction while seeding.</summary>
    public const int SeedBatchSize = 50_000;

    /// <summary>Request <paramref name="index"/>'s rows: the saga row and audit entries (<see cref="RequestSeeder"/>); an open
    /// one keeps its three reply-clock timers; what happened within the 7 days retention keeps has its outbox and inbox rows.</summary>
    private static void Build(Batch batch, RequestSeeder seeder, int index, bool open)
    {
        var request = seeder.Seed(index, open);
        var row = request.Row;
        batch.Requests.Add(row);
        batch.Audit.AddRange(request.Audit);
        // A closed request counts its time per stage as the workflow counts it when it closes (RequestSagaTable): the
        // product's rule over its audit entries (computed per request: the registration's moment is the request's own).
        if (row.ClosedOn is { } closedOn)
            batch.StageTimes.AddRange(StageTimes.Counters(row.AgencyCode, closedOn, StageDurations.Contribution(request.Audit.Select(a => (a.OccurredAt, a.ToState)))));
        var due = row.ReplyDueOn!.Value;
        if (open)
            foreach (var (kind, subject, on) in new[] { (DeadlineKinds.ReplyDue, "", due.PlusDays(1)), (DeadlineKinds.ReplyDueWarning, "5", due.PlusDays(-7)), (DeadlineKinds.ReplyDueWarning, "2", due.PlusDays(-2)) })
                batch.Deadlines.Add([row.Id, kind, subject, 1, due, ChinaTime.StartOf(on)]);
        // Retention (7 days) keeps the sent outbox rows and the inbox ids of what happened in the last week.
        if (request.LastActivity > Now - Duration.FromDays(7))
        {
            var message = JsonSerializer.Serialize(new RequestRegistered
            {
                RequestId = Guid.Parse(row.Id), AgencyCode = row.AgencyCode, TrackingNumber = row.TrackingNumber, ReceivedOn = row.ReceivedOn!.Value, ReplyDueOn = due,
            }, CaseFlowJson.Options);
            batch.Outbox.Add((Guid.NewGuid().ToString(), typeof(RequestRegistered).FullName!, message, request.LastActivity));
            batch.Inbox.Add((Guid.NewGuid().ToString(), request.LastActivity));
        }
    }

    /// <summary>The contributions of a batch summed per counter (agency, closing day, state): the sums the workflow's
    /// additions, request by request, would leave.</summary>
    private static IEnumerable<StageTimes.Counter> Summed(IEnumerable<StageTimes.Counter> counters) =>
        counters.GroupBy(c => (c.AgencyCode, c.ClosedOn, c.State))
            .Select(g => new StageTimes.Counter(g.Key.AgencyCode, g.Key.ClosedOn, g.Key.State, g.Sum(c => c.Requests), g.Sum(c => c.SpentMs)));

    private interface IBatchWriter : IAsyncDisposable
    {
        Task WriteAsync(Batch batch);
    }

    /// <summary>SQLite: the product's own INSERT statements (<see cref="RequestStore.Insert"/>, <see cref="AuditTrail.Append"/>,
    /// <see cref="DeadlineStore.Schedule"/>, <see cref="Outbox.Add"/>, the dialect's inbox insert), each prepared once on the
    /// writer connection and bound per row with the values Dapper's type handlers would bind
    /// (<see cref="NodaTimeTypeHandlers.ToDbValue(LocalDate, bool)"/>); one write transaction per batch; the counters'
    /// triggers run as they do for the product.</summary>
    private sealed class SqliteBatchWriter(SqliteConnection connection, Database database) : IBatchWriter
    {
        private readonly Dictionary<string, SqliteCommand> _commands = [];

        private SqliteCommand Command(string sql, SqliteTransaction transaction)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = connection.CreateCommand();
                command.CommandText = sql;
                foreach (var name in System.Text.RegularExpressions.Regex.Matches(sql, "@[A-Za-z]+").Select(m => m.Value).Distinct())
                    command.Parameters.Add(new SqliteParameter(name, null));
                _commands[sql] = command;
                command.Transaction = transaction;
                command.Prepare();
            }
            command.Transaction = transaction;
            return command;
        }

        private static object Value(object? value) => value switch
        {
            null => DBNull.Value,
            LocalDate d => NodaTimeTypeHandlers.ToDbValue(d, sqlite: true),
            Instant i => NodaTimeTypeHandlers.ToDbValue(i, sqlite: true),
            _ => value,
        };

        private void Run(string sql, SqliteTransaction transaction, params (string Name, object? Value)[] values)
        {
            var command = Command(sql, transaction);
            foreach (var (name, value) in values)
                command.Parameters["@" + name].Value = Value(value);
            command.ExecuteNonQuery();
        }

        public async Task WriteAsync(Batch batch)
        {
            await using var transaction = (SqliteTransaction)await database.BeginWriteAsync(connection);
            foreach (var r in batch.Requests)
                Run(RequestStore.Insert, transaction,
                    ("Id", r.Id), ("Version", r.Version), ("State", r.State), ("AgencyCode", r.AgencyCode), ("TrackingNumber", r.TrackingNumber),
                    ("ApplicantName", r.ApplicantName), ("ApplicantType", r.ApplicantType), ("Channel", r.Channel), ("Handler", r.Handler),
                    ("Description", r.Description), ("ReceivedOn", r.ReceivedOn), ("CorrectionDueOn", r.CorrectionDueOn), ("ReplyDueOn", r.ReplyDueOn),
                    ("Provisional", r.Provisional), ("Overdue", r.Overdue), ("ClockRunning", r.ClockRunning), ("StoppedSince", r.StoppedSince),
                    ("OnTime", r.OnTime), ("OnTimeWithoutExtension", r.OnTimeWithoutExtension), ("CountedOutcome", r.CountedOutcome),
                    ("Outcome", r.Outcome), ("CloseReason", r.CloseReason), ("ClosedOn", r.ClosedOn), ("ExtensionDays", r.ExtensionDays),
                    ("CalendarVersion", r.CalendarVersion), ("RegisteredAt", r.RegisteredAt), ("UpdatedAt", r.UpdatedAt), ("Data", r.Data),
                    ("FeeAmountFen", r.FeeAmountFen), ("FeeChargedYear", r.FeeChargedYear), ("FeeCollectedYear", r.FeeCollectedYear));
            foreach (var a in batch.Audit)
                Run(AuditTrail.Append, transaction, ("RequestId", a.RequestId), ("MessageId", a.MessageId), ("OccurredAt", a.OccurredAt),
                    ("Actor", a.Actor), ("Activity", a.Activity), ("FromState", a.FromState), ("ToState", a.ToState), ("Changes", a.Changes));
            foreach (var d in batch.Deadlines)
                Run(DeadlineStore.Schedule, transaction, ("RequestId", d[0]), ("Kind", d[1]), ("Subject", d[2]), ("Generation", d[3]), ("DueOn", d[4]), ("DueAt", d[5]));
            foreach (var (messageId, type, body, createdAt) in batch.Outbox)
                Run(Outbox.Add, transaction, ("MessageId", messageId), ("MessageType", type), ("Body", body), ("CreatedAt", createdAt));
            // The relay has sent them (MarkSent), as it would have within the retention window.
            await connection.ExecuteAsync("UPDATE outbox SET sent_at = created_at WHERE sent_at IS NULL", transaction: transaction);
            foreach (var (messageId, at) in batch.Inbox)
                Run(database.Dialect.InsertInboxIfAbsent, transaction, ("Consumer", RequestSagaRepository.InboxConsumer), ("MessageId", messageId), ("ReceivedAt", at));
            foreach (var c in Summed(batch.StageTimes))
                Run(database.Dialect.AddStageTime, transaction, ("AgencyCode", c.AgencyCode), ("ClosedOn", c.ClosedOn), ("State", c.State), ("Requests", c.Requests), ("SpentMs", c.SpentMs));
            await transaction.CommitAsync();
        }

        public ValueTask DisposeAsync()
        {
            foreach (var command in _commands.Values)
                command.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>PostgreSQL: the same row objects by binary COPY (<see cref="NpgsqlConnection.BeginBinaryImportAsync"/>),
    /// each value typed as the column is (text, integer, boolean, date, timestamptz), one batch per transaction; the
    /// counters' triggers run.</summary>
    private sealed class PostgreSqlCopyWriter(NpgsqlConnection connection) : IBatchWriter
    {
        public async Task WriteAsync(Batch batch)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var copy = await BeginAsync(
                "COPY requests (id, version, state, agency_code, tracking_number, applicant_name, applicant_type, channel, handler, description, " +
                "received_on, correction_due_on, reply_due_on, provisional, overdue, clock_running, stopped_since, on_time, on_time_without_extension, " +
                "counted_outcome, outcome, close_reason, closed_on, extension_days, calendar_version, registered_at, updated_at, data, " +
                "fee_amount_fen, fee_charged_year, fee_collected_year) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var r in batch.Requests)
                {
                    await copy.StartRowAsync();
                    await Text(copy, r.Id); await Int(copy, r.Version); await Text(copy, r.State); await Text(copy, r.AgencyCode); await Text(copy, r.TrackingNumber);
                    await Text(copy, r.ApplicantName); await Int(copy, r.ApplicantType); await Int(copy, r.Channel); await Text(copy, r.Handler); await Text(copy, r.Description);
                    await Date(copy, r.ReceivedOn); await Date(copy, r.CorrectionDueOn); await Date(copy, r.ReplyDueOn);
                    await Bool(copy, r.Provisional); await Bool(copy, r.Overdue); await Bool(copy, r.ClockRunning); await Date(copy, r.StoppedSince);
                    await Bool(copy, r.OnTime); await Bool(copy, r.OnTimeWithoutExtension); await Int(copy, r.CountedOutcome); await Int(copy, r.Outcome);
                    await Int(copy, r.CloseReason); await Date(copy, r.ClosedOn); await Int(copy, r.ExtensionDays); await Text(copy, r.CalendarVersion);
                    await Moment(copy, r.RegisteredAt); await Moment(copy, r.UpdatedAt); await Text(copy, r.Data);
                    if (r.FeeAmountFen is { } fen) await copy.WriteAsync(fen, NpgsqlTypes.NpgsqlDbType.Bigint); else await copy.WriteNullAsync();
                    await Int(copy, r.FeeChargedYear); await Int(copy, r.FeeCollectedYear);
                }
                await copy.CompleteAsync();
            }
            await using (var copy = await BeginAsync(
                "COPY audit_entries (request_id, message_id, occurred_at, actor, activity, from_state, to_state, changes) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var a in batch.Audit)
                {
                    await copy.StartRowAsync();
                    await Text(copy, a.RequestId); await Text(copy, a.MessageId); await Moment(copy, a.OccurredAt); await Text(copy, a.Actor);
                    await Text(copy, a.Activity); await Text(copy, a.FromState); await Text(copy, a.ToState); await Text(copy, a.Changes);
                }
                await copy.CompleteAsync();
            }
            await using (var copy = await BeginAsync(
                "COPY deadlines (request_id, kind, subject, generation, due_on, due_at, status) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var d in batch.Deadlines)
                {
                    await copy.StartRowAsync();
                    await Text(copy, (string)d[0]); await Text(copy, (string)d[1]); await Text(copy, (string)d[2]); await Int(copy, (int)d[3]);
                    await Date(copy, (LocalDate)d[4]); await Moment(copy, (Instant)d[5]); await Text(copy, "pending");
                }
                await copy.CompleteAsync();
            }
            await using (var copy = await BeginAsync("COPY outbox (message_id, message_type, body, created_at, sent_at) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var o in batch.Outbox)
                {
                    await copy.StartRowAsync();
                    await Text(copy, o.MessageId); await Text(copy, o.Type); await Text(copy, o.Body); await Moment(copy, o.CreatedAt); await Moment(copy, o.CreatedAt);
                }
                await copy.CompleteAsync();
            }
            await using (var copy = await BeginAsync("COPY inbox (consumer, message_id, received_at) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var i in batch.Inbox)
                {
                    await copy.StartRowAsync();
                    await Text(copy, RequestSagaRepository.InboxConsumer); await Text(copy, i.MessageId); await Moment(copy, i.ReceivedAt);
                }
                await copy.CompleteAsync();
            }
            // The time per stage: the batch's contributions summed per counter, added by the product's statement.
            await connection.ExecuteAsync(new PostgreSqlDialect().AddStageTime, Summed(batch.StageTimes), transaction, commandTimeout: (int)CopyTimeout.TotalSeconds);
            await transaction.CommitAsync();
        }

        /// <summary>A batch's COPY runs the counters' triggers for each of its 20,000 requests: on a loaded machine that took
        /// longer than the connection's 30 s default, which abandoned the seeding.</summary>
        private static readonly TimeSpan CopyTimeout = TimeSpan.FromMinutes(10);

        private async Task<NpgsqlBinaryImporter> BeginAsync(string copyCommand)
        {
            var importer = await connection.BeginBinaryImportAsync(copyCommand);
            importer.Timeout = CopyTimeout;
            return importer;
        }

        private static Task Text(NpgsqlBinaryImporter copy, string? value) =>
            value is null ? copy.WriteNullAsync() : copy.WriteAsync(value, NpgsqlTypes.NpgsqlDbType.Text);

        private static Task Int(NpgsqlBinaryImporter copy, int? value) =>
            value is { } v ? copy.WriteAsync(v, NpgsqlTypes.NpgsqlDbType.Integer) : copy.WriteNullAsync();

        private static Task Bool(NpgsqlBinaryImporter copy, bool? value) =>
            value is { } v ? copy.WriteAsync(v, NpgsqlTypes.NpgsqlDbType.Boolean) : copy.WriteNullAsync();

        private static Task Date(NpgsqlBinaryImporter copy, LocalDate? value) =>
            value is { } v ? copy.WriteAsync(v.ToDateOnly(), NpgsqlTypes.NpgsqlDbType.Date) : copy.WriteNullAsync();

        private static Task Moment(NpgsqlBinaryImporter copy, Instant value) =>
            copy.WriteAsync(value.ToDateTimeUtc(), NpgsqlTypes.NpgsqlDbType.TimestampTz);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>A server at rest has been visited by autovacuum (its statistics and visibility map); the bench runs no
    /// ANALYZE of its own but waits (up to 5 minutes) until autovacuum has analysed the tables the pages read.</summary>
    /// <summary>PostgreSQL: the seeding loads 20,000 requests a transaction, so the counters' triggers update each counter
    /// row (timeliness_counts, report_request_counts, …) thousands of times in one transaction, and no pruning can reclaim
    /// those dead row versions before it commits: at 1,000,000 requests report_request_counts held 2,590 rows in 33 MB, and
    /// the report read 165 heap blocks for 376 rows. The product updates a counter row once a transaction, so page
    /// pruning and autovacuum keep it compact. Every table but the bulk ones the seeding only inserts into (whose
    /// indexes it rebuilds) is rewritten once with VACUUM FULL: the state an installation that reached this size a
    /// transaction at a time is in. Returns the tables rewritten.</summary>
    private static async Task<IReadOnlyList<string>> CompactCountersAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        var tables = (await connection.QueryAsync<string>(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND NOT tablename = ANY(@BulkTables) ORDER BY tablename",
            new { BulkTables })).ToList();
        foreach (var table in tables)
            await connection.ExecuteAsync($"VACUUM FULL \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", commandTimeout: 600);
        return tables;
    }

    private static async Task<TimeSpan> AwaitAutovacuumAsync(Database database)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = await database.OpenAsync();
        while (watch.Elapsed < TimeSpan.FromMinutes(5))
        {
            var pending = await connection.ExecuteScalarAsync<long>("""
                SELECT COUNT(*) FROM pg_stat_user_tables
                WHERE relname IN ('requests', 'audit_entries', 'timeliness_counts', 'stage_time_counts') AND n_live_tup > 0 AND last_autoanalyze IS NULL
                """);
            if (pending == 0)
                return watch.Elapsed;
            await Task.Delay(2000);
        }
        return watch.Elapsed;
    }
}
