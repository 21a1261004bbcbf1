using System.Reflection;
using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Reporting;
using CaseFlow.Domain.Requests;
using CaseFlow.Persistence.Migrations;
using CaseFlow.Persistence.Reporting;
using CaseFlow.Persistence.Requests;
using Dapper;
using NodaTime;
using NodaTime.Testing;

namespace CaseFlow.Persistence.Tests.Reporting;

/// <summary>The reporting suite, written once and run on every database: each public static method taking a
/// <see cref="Database"/> and a scratch directory is a scenario.</summary>
public static class ReportingScenarios
{
    private static readonly Instant Now = Instant.FromUtc(2025, 3, 1, 2, 0);
    private static readonly FakeClock Clock = new(Now);

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var method in typeof(ReportingScenarios).GetMethods(BindingFlags.Public | BindingFlags.Static)
                     .Where(m => m.ReturnType == typeof(Task) && m.GetParameters().Select(p => p.ParameterType).SequenceEqual([typeof(Database), typeof(string)])))
            data.Add(method.Name);
        return data;
    }

    public static async Task RunAsync(string scenario, Database database, string directory)
    {
        await new Migrator(database, Clock).MigrateAsync();
        var method = typeof(ReportingScenarios).GetMethod(scenario) ?? throw new ArgumentException($"No scenario {scenario}.");
        await (Task)method.Invoke(null, [database, directory])!;
    }

    private static LocalDate D(string iso) => NodaTime.Text.LocalDatePattern.Iso.Parse(iso).GetValueOrThrow();

    private static readonly string[] Header = ["tracking_number", "applicant_type", "received_on", "closed_on", "outcome"];

    private static LedgerSheet Sheet(params string[][] rows) =>
        new(Header, rows.Select((r, i) => (i + 2, (IReadOnlyList<string?>)r)).ToList());

    private static async Task<long> CountLedgerAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM ledger_requests");
    }

    private static async Task InsertRequestAsync(Database database, string agency, string tracking, RequestFact fact, int? closeReason = null)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        await RequestStore.InsertAsync(new DbSession(connection, transaction, database.Dialect), new RequestRow
        {
            Id = Guid.NewGuid().ToString(), Version = 1, State = fact.ClosedOn is null ? "InProgress" : "Closed", AgencyCode = agency,
            TrackingNumber = tracking, ApplicantName = "申请人", ApplicantType = (int)fact.ApplicantType, Channel = 1, Description = "—",
            ReceivedOn = fact.ReceivedOn, ClosedOn = fact.ClosedOn, Outcome = (int?)fact.Outcome, CloseReason = fact.ClosedOn is null ? null : closeReason ?? 1,
            // What the workflow stores: the outcome ReplyClockStatus counts the closed request under.
            CountedOutcome = fact.ClosedOn is null ? null
                : (int)CaseFlow.Domain.Deadlines.ReplyClockStatus.Counted((CaseFlow.Domain.Requests.CloseReason)(closeReason ?? 1), fact.Outcome),
            RegisteredAt = Now, UpdatedAt = Now, Data = "{}",
        });
        await transaction.CommitAsync();
    }

    public static async Task The_database_counts_every_year_as_the_domain_does(Database database, string directory)
    {
        var random = new Random(20240927);
        var facts = new Dictionary<string, List<RequestFact>> { ["county-a"] = [], ["county-b"] = [] };
        var challenges = new Dictionary<string, List<Challenge>> { ["county-a"] = [], ["county-b"] = [] };
        var epoch = D("2021-01-01");
        foreach (var (agency, list) in facts)
        {
            var ledgerRows = new List<string[]>();
            for (var i = 0; i < 150; i++)
            {
                var received = epoch.PlusDays(random.Next(0, 4 * 365));
                var days = random.Next(-1, 400);
                var closed = days < 0 || received.PlusDays(days) > D("2025-02-28") ? (LocalDate?)null : received.PlusDays(days);
                var fact = new RequestFact((ApplicantType)random.Next(1, 7), received, closed, closed is null ? null : Outcomes.All[random.Next(Outcomes.All.Count)]);
                list.Add(fact);
                if (i % 2 == 0)
                    await InsertRequestAsync(database, agency, $"W-{i}", fact);
                else
                    ledgerRows.Add([$"L-{i}", ((int)fact.ApplicantType).ToString(), fact.ReceivedOn.ToString("uuuu-MM-dd", null),
                        fact.ClosedOn?.ToString("uuuu-MM-dd", null) ?? "", fact.Outcome is { } o ? ((int)o).ToString() : ""]);
            }
            await Ledger.ImportAsync(database, Sheet([.. ledgerRows]), agency, Clock);
            await using var connection = await database.OpenAsync();
            await using var transaction = await database.BeginWriteAsync(connection);
            for (var i = 0; i < 25; i++)
            {
                var filed = epoch.PlusDays(random.Next(0, 4 * 365));
                var decided = random.Next(0, 3) == 0 ? (LocalDate?)null : filed.PlusDays(random.Next(10, 300));
                var challenge = new Challenge((ChallengeKind)random.Next(1, 3), random.Next(0, 2) == 1, filed,
                    decided is null ? ChallengeResult.Pending : (ChallengeResult)random.Next(1, 4), decided);
                challenges[agency].Add(challenge);
                await ReportStore.AddChallengeAsync(new DbSession(connection, transaction, database.Dialect), agency, $"W-{i}", challenge, Now);
            }
            await transaction.CommitAsync();
        }

        await using var reader = await database.OpenAsync();
        foreach (var year in new[] { 2020, 2021, 2022, 2023, 2024, 2025 })
        {
            foreach (var agency in facts.Keys)
            {
                var expected = AnnualReports.Compute(year, facts[agency], challenges[agency]);
                var counted = await ReportStore.ComputeAsync(reader, year, agency);
                Assert.True(ReportStore.SameTables(expected, counted), $"{agency} {year}");
            }
            var all = AnnualReports.Compute(year, facts.Values.SelectMany(f => f), challenges.Values.SelectMany(c => c));
            var countedAll = await ReportStore.ComputeAsync(reader, year, null);
            Assert.True(ReportStore.SameTables(all, countedAll), $"all agencies {year}");
            Assert.Empty(countedAll.Check(await ReportStore.ComputeAsync(reader, year - 1, null)));
        }
        Assert.True((await ReportStore.ComputeAsync(reader, 2023, null)).Applications.NewlyReceived.Total > 0);
    }

    public static async Task A_request_received_in_December_and_replied_in_January_is_carried_over(Database database, string directory)
    {
        await InsertRequestAsync(database, "county", "2024-000001", new RequestFact(ApplicantType.NaturalPerson, D("2024-12-30"), D("2025-01-06"), Outcome.Disclosed));
        await Ledger.ImportAsync(database, Sheet(["2024-T-1", "商业企业", "2024-12-31", "", ""]), "county", Clock);
        await using var connection = await database.OpenAsync();

        var y2024 = await ReportStore.ComputeAsync(connection, 2024, "county");
        var y2025 = await ReportStore.ComputeAsync(connection, 2025, "county");

        Assert.Equal(new ColumnCounts(1, 1, 0, 0, 0, 0, 2), y2024.Applications.NewlyReceived);
        Assert.Equal(new ColumnCounts(1, 1, 0, 0, 0, 0, 2), y2024.Applications.CarriedForward);
        Assert.Equal(new ColumnCounts(1, 1, 0, 0, 0, 0, 2), y2025.Applications.CarriedOver);
        Assert.Equal(new ColumnCounts(1, 0, 0, 0, 0, 0, 1), y2025.Applications[ReportRow.Disclosed]);
        Assert.Equal(new ColumnCounts(0, 1, 0, 0, 0, 0, 1), y2025.Applications.CarriedForward);
    }

    public static async Task A_withdrawn_request_without_an_outcome_counts_in_三_六_3(Database database, string directory)
    {
        await InsertRequestAsync(database, "county", "2024-000002", new RequestFact(ApplicantType.NaturalPerson, D("2024-05-06"), D("2024-05-08")), closeReason: 3);
        await using var connection = await database.OpenAsync();

        var report = await ReportStore.ComputeAsync(connection, 2024, "county");

        Assert.Equal(1, report.Applications[ReportRow.OtherHandling].NaturalPerson);
        Assert.Empty(report.Check());
    }

    public static async Task A_locked_year_is_served_from_its_snapshot_and_a_later_change_is_reported(Database database, string directory)
    {
        await Ledger.ImportAsync(database, Sheet(["A-1", "1", "2024-03-01", "2024-03-20", "102"], ["A-2", "2", "2024-12-30", "", ""]), "county", Clock);
        var (locked, refusal, _) = await ReportStore.LockAsync(database, "county", 2024, "督办科 李四", Clock);
        Assert.Null(refusal);
        Assert.Equal(Now, locked!.LockedAt);

        var unchanged = await ReportStore.ServeAsync(database, 2024, "county");
        Assert.NotNull(unchanged.Lock);
        Assert.False(unchanged.DiffersFromCurrentData);
        Assert.Equal("督办科 李四", unchanged.Lock.LockedBy);
        Assert.True(ReportStore.SameTables(locked.Snapshot, unchanged.Served));

        await Ledger.ImportAsync(database, Sheet(["A-3", "1", "2024-06-03", "2024-06-20", "200"]), "county", Clock);
        var changed = await ReportStore.ServeAsync(database, 2024, "county");

        Assert.True(changed.DiffersFromCurrentData);
        Assert.Equal(2, changed.Served.Applications.NewlyReceived.Total);
        Assert.Equal(3, changed.Current.Applications.NewlyReceived.Total);
        Assert.Empty(changed.Broken);
        var (_, again, _) = await ReportStore.LockAsync(database, "county", 2024, "someone else", Clock);
        Assert.Equal(LockRefusal.AlreadyLocked, again);
    }

    public static async Task Next_year_is_checked_against_the_locked_previous_year(Database database, string directory)
    {
        await Ledger.ImportAsync(database, Sheet(["B-1", "1", "2024-12-30", "", ""]), "county", Clock);
        await ReportStore.LockAsync(database, "county", 2024, "李四", Clock);
        await Ledger.ImportAsync(database, Sheet(["B-0", "3", "2024-11-30", "", ""]), "county", Clock);

        var served = await ReportStore.ServeAsync(database, 2025, "county");
        var (_, refusal, broken) = await ReportStore.LockAsync(database, "county", 2025, "李四", Clock);

        Assert.Contains(served.Broken, b => b.Rule == AnnualReport.RuleCarriedOver && b.Where == "科研机构");
        Assert.Equal(LockRefusal.BreaksTheFormat, refusal);
        Assert.Contains(broken, b => b.Rule == AnnualReport.RuleCarriedOver);
    }

    public static async Task A_malformed_csv_ledger_imports_nothing(Database database, string directory)
    {
        var path = Path.Combine(directory, $"ledger-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, """
            申请编号,申请人类型,收到申请日期,办结日期,答复类型
            C-1,自然人,2024-03-01,2024-03-20,予以公开
            C-2,自然人,2024-13-01,,
            C-3,外星人,2024-04-01,2024-04-02,102
            C-4,1,2024-05-01,2024-04-30,102
            C-5,1,2024-05-01,2024-05-30,
            """);

        var refused = await Assert.ThrowsAsync<LedgerRefusedException>(() => Ledger.ImportAsync(database, path, "county", Clock));

        Assert.Equal(
        [
            "第3行 received_on: '2024-13-01' is not an ISO date (YYYY-MM-DD)",
            "第4行 applicant_type: '外星人' is not an applicant type (1–6 or 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他)",
            "第5行 closed_on: 2024-04-30 is before received_on 2024-05-01",
            "第6行 outcome: is required when closed_on is given: a closed request has exactly one outcome",
        ], refused.Errors);
        Assert.Equal(0, await CountLedgerAsync(database));
    }

    public static async Task A_malformed_xlsx_ledger_imports_nothing(Database database, string directory)
    {
        var path = Path.Combine(directory, $"ledger-{Guid.NewGuid():N}.xlsx");
        LedgerFiles.WriteXlsx(path, ["tracking_number", "applicant_type", "received_on", "closed_on", "outcome", "mood"],
        [
            ["X-1", "1", "2024-03-01", "2024-03-20", "102", ""],
        ]);
        var unknownColumn = await Assert.ThrowsAsync<LedgerRefusedException>(() => Ledger.ImportAsync(database, path, "county", Clock));
        Assert.Equal(["第1行 'mood': unknown column (see ledger-format.md)"], unknownColumn.Errors);

        LedgerFiles.WriteXlsx(path, ["tracking_number", "applicant_type", "received_on", "closed_on", "outcome"],
        [
            ["X-1", "1", "2024-03-01", "2024-03-20", "102"],
            ["X-2", "NaturalPerson", "2024-03-02", "2024-03-21", "999"],
            ["X-1", "2", "2024-03-03", "", ""],
            ["X-4", "2", "2030-01-01", "", ""],
        ]);
        var refused = await Assert.ThrowsAsync<LedgerRefusedException>(() => Ledger.ImportAsync(database, path, "county", Clock));

        Assert.Equal(
        [
            "第3行 outcome: '999' is not an outcome (code 101–603 or its name, see ledger-format.md)",
            "第4行 tracking_number: 'X-1' already appears in 第2行",
            "第5行 received_on: 2030-01-01 is in the future",
        ], refused.Errors);
        Assert.Equal(0, await CountLedgerAsync(database));

        await File.WriteAllTextAsync(path, "not a zip file");
        var unreadable = await Assert.ThrowsAsync<LedgerRefusedException>(() => Ledger.ImportAsync(database, path, "county", Clock));
        Assert.StartsWith("第1行 file: cannot be read as .xlsx", Assert.Single(unreadable.Errors));
        Assert.Equal(0, await CountLedgerAsync(database));
    }

    public static async Task A_ledger_naming_a_request_already_in_CaseFlow_imports_nothing(Database database, string directory)
    {
        await InsertRequestAsync(database, "county", "2024-000007", new RequestFact(ApplicantType.NaturalPerson, D("2024-05-06")));

        var refused = await Assert.ThrowsAsync<LedgerRefusedException>(() =>
            Ledger.ImportAsync(database, Sheet(["N-1", "1", "2024-03-01", "", ""], ["2024-000007", "1", "2024-05-06", "", ""]), "county", Clock));

        Assert.Equal(["第3行 tracking_number: '2024-000007' of county is already in CaseFlow"], refused.Errors);
        Assert.Equal(0, await CountLedgerAsync(database));
    }

    public static async Task An_exported_year_reads_back_as_the_same_ledger_in_csv_and_xlsx(Database database, string directory)
    {
        await InsertRequestAsync(database, "county", "2024-000009", new RequestFact(ApplicantType.LegalServiceProvider, D("2024-07-01"), D("2024-07-22"), Outcome.WithheldThirdPartyRights));
        await Ledger.ImportAsync(database, new LedgerSheet(
            ["机关代码", "申请编号", "申请人类型", "申请人", "收到申请日期", "办结日期", "答复类型", "承办人", "申请内容"],
            [
                (2, ["county", "E-1", "科研机构", "某研究所", "2024-02-01", "2024-02-28", "无法提供：没有现成信息需要另行制作", "张三", "数据, \"含引号\""]),
                (3, ["county", "E-2", "自然人", "", "2024-12-31", "", "", "", ""]),
                (4, ["county", "E-3", "自然人", "", "2023-12-31", "2024-01-02", "102", "", ""]),
            ]), null, Clock);

        await using var connection = await database.OpenAsync();
        var expected = await ReportStore.ComputeAsync(connection, 2024, "county");
        var entries = await Ledger.ReadYearAsync(connection, 2024, "county");
        Assert.Equal(["E-1", "2024-000009", "E-2"], entries.Select(e => e.TrackingNumber));
        foreach (var extension in new[] { "csv", "xlsx" })
        {
            var path = Path.Combine(directory, $"export-{Guid.NewGuid():N}.{extension}");
            Assert.Equal(3, await Ledger.ExportAsync(database, 2024, "county", path));

            var (readBack, errors) = LedgerFormat.Validate(LedgerFiles.Read(path), null, D("2025-03-01"));

            Assert.Empty(errors);
            Assert.Equal(entries, readBack.Select(e => e with { SourceRow = 0 }));
        }
        Assert.Equal(1, expected.Applications[ReportRow.CannotProvideNeedsCreation].ResearchInstitution);
    }
}
