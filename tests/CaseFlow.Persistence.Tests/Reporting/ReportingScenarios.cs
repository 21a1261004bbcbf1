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
        await using (var connection = await database.OpenAsync())
            foreach (var agency in new[] { "county", "county-a", "county-b" })
                await Workplace.Agencies.InsertAsync(connection, new Workplace.Agency { Code = agency, Name = agency + "人民政府办公室", CalendarId = "cn", WarningLeadWorkingDays = 5, CreatedAt = Now });
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

        var intoLocked = await Assert.ThrowsAsync<LedgerRefusedException>(() => Ledger.ImportAsync(database, Sheet(["A-3", "1", "2024-06-03", "2024-06-20", "200"]), "county", Clock));
        Assert.Contains("会改变已锁定的2024年度报告", Assert.Single(intoLocked.Errors));
        await InsertRequestAsync(database, "county", "2024-000003", new RequestFact(ApplicantType.NaturalPerson, D("2024-06-03"), D("2024-06-20"), Outcome.PartlyDisclosed));
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
        await InsertRequestAsync(database, "county", "2024-000010", new RequestFact(ApplicantType.ResearchInstitution, D("2024-11-30")));

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
            "第3行 received_on: '2024-13-01' 不是日期（YYYY-MM-DD、YYYY/M/D 或 YYYY年M月D日） / is not a date",
            "第4行 applicant_type: '外星人' 不是申请人类型（1–6 或 自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他） / is not an applicant type (1–6 or 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他)",
            "第5行 closed_on: 2024-04-30 早于收到申请日期 2024-05-01 / is before received_on 2024-05-01",
            "第6行 outcome: 填写办结日期时必填：已办结的申请有且只有一种答复类型 / is required when closed_on is given: a closed request has exactly one outcome",
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
        Assert.Equal(["第1行 'mood': 未知的列（见 ledger-format.md） / unknown column (see ledger-format.md)"], unknownColumn.Errors);

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
            "第3行 outcome: '999' 不是答复类型（代码101–603或其名称，见 ledger-format.md） / is not an outcome (code 101–603 or its name, see ledger-format.md)",
            "第4行 tracking_number: 'X-1' 已在第2行出现 / already appears in 第2行",
            "第5行 received_on: 2030-01-01 晚于今天 / is in the future",
        ], refused.Errors);
        Assert.Equal(0, await CountLedgerAsync(database));

        await File.WriteAllTextAsync(path, "not a zip file");
        var unreadable = await Assert.ThrowsAsync<LedgerRefusedException>(() => Ledger.ImportAsync(database, path, "county", Clock));
        Assert.StartsWith("第1行 file: 无法读取为.xlsx / cannot be read as .xlsx", Assert.Single(unreadable.Errors));
        Assert.Equal(0, await CountLedgerAsync(database));
    }

    public static async Task A_ledger_naming_a_request_already_in_CaseFlow_imports_nothing(Database database, string directory)
    {
        await InsertRequestAsync(database, "county", "2024-000007", new RequestFact(ApplicantType.NaturalPerson, D("2024-05-06")));

        var refused = await Assert.ThrowsAsync<LedgerRefusedException>(() =>
            Ledger.ImportAsync(database, Sheet(["N-1", "1", "2024-03-01", "", ""], ["2024-000007", "1", "2024-05-06", "", ""]), "county", Clock));

        Assert.Equal(["第3行 tracking_number: '2024-000007' 已是 CaseFlow 中 county 的申请，不能由台账导入或更新 / of county is already in CaseFlow"], refused.Errors);
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
            ]), (string?)null, Clock);

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

    private static ColumnCounts C(int naturalPerson = 0, int business = 0, int research = 0, int nonProfit = 0, int legal = 0, int other = 0) =>
        ColumnCounts.Of([naturalPerson, business, research, nonProfit, legal, other]);

    private static LedgerSheet Ledger6(params string[][] rows) =>
        new(["申请编号", "申请人类型", "申请人", "收到申请日期", "办结日期", "答复类型"], rows.Select((r, i) => (i + 2, (IReadOnlyList<string?>)r)).ToList());

    private static void AssertOnly(AnnualReport report, params (ReportRow Row, ColumnCounts Counts)[] rows)
    {
        foreach (var row in Enum.GetValues<ReportRow>())
            Assert.Equal(rows.Where(r => r.Row == row).Select(r => r.Counts).DefaultIfEmpty(ColumnCounts.Zero).Single(), report.Applications[row]);
    }

    public static async Task A_year_with_open_rows_is_closed_by_the_next_years_ledger_and_both_years_lock_in_order(Database database, string directory)
    {
        // The books start in 2023 from the 2022 report's 四 (自然人 2, 商业企业 1), entered as such, not as rows.
        await ReportStore.SetOpeningBalanceAsync(database, "county", 2023, C(naturalPerson: 2, business: 1), "督办科 李四", Clock);
        var first = await Ledger.ImportAsync(database, Ledger6(
            ["C22-1", "自然人", "王伟", "2022-12-20", "2023-01-10", "予以公开"],
            ["C22-2", "自然人", "李娜", "2022-12-28", "2023-02-01", "200"],
            ["C22-3", "商业企业", "某公司", "2022-12-29", "", ""],
            ["N23-1", "自然人", "张敏", "2023-03-01", "2023-03-20", "102"],
            ["N23-2", "商业企业", "某企业", "2023/12/20", "", ""],
            ["N23-3", "自然人", "刘洋", "2023年12月28日", "", ""],
            ["N23-4", "科研机构", "某研究所", "2023-06-01", "2023-06-30", "401"]), "county", Clock);
        Assert.Equal("7 imported, 0 updated", first.Summary);

        var (_, early, _) = await ReportStore.LockAsync(database, "county", 2024, "李四", Clock);
        Assert.Equal(LockRefusal.PreviousYearOpen, early);
        var (_, phantom, _) = await ReportStore.LockAsync(database, "county", 2022, "李四", Clock);
        Assert.Equal(LockRefusal.BeforeBooks, phantom);
        var (locked2023, refusal2023, broken2023) = await ReportStore.LockAsync(database, "county", 2023, "李四", Clock);
        Assert.True(refusal2023 is null, string.Join("; ", broken2023));
        var y2023 = locked2023!.Snapshot;
        Assert.Equal(C(naturalPerson: 2, business: 1, research: 1), y2023.Applications.NewlyReceived);
        Assert.Equal(C(naturalPerson: 2, business: 1), y2023.Applications.CarriedOver);
        AssertOnly(y2023, (ReportRow.Disclosed, C(naturalPerson: 2)), (ReportRow.PartlyDisclosed, C(naturalPerson: 1)), (ReportRow.CannotProvideNotHeld, C(research: 1)));
        Assert.Equal(C(naturalPerson: 3, research: 1), y2023.Applications.OutcomeTotal);
        Assert.Equal(C(naturalPerson: 1, business: 2), y2023.Applications.CarriedForward);

        var second = await Ledger.ImportAsync(database, Ledger6(
            ["C22-3", "商业企业", "某公司", "2022-12-29", "2024-01-15", "304"],
            ["N23-1", "自然人", "张敏", "2023-03-01", "2023-03-20", "予以公开"],
            ["N23-2", "商业企业", "某企业", "2023-12-20", "2024-01-08", "102"],
            ["N23-3", "自然人", "刘洋", "2023-12-28", "2024/1/20", "401"],
            ["N24-1", "自然人", "陈静", "2024-05-01", "2024-05-10", "102"],
            ["N24-2", "法律服务机构", "某律师事务所", "2024-12-30", "", ""]), "county", Clock);
        Assert.Equal("2 imported, 3 updated", second.Summary);
        Assert.Equal(1, second.Unchanged);

        var served2023 = await ReportStore.ServeAsync(database, 2023, "county");
        Assert.False(served2023.DiffersFromCurrentData);
        var (locked2024, refusal2024, broken2024) = await ReportStore.LockAsync(database, "county", 2024, "李四", Clock);
        Assert.True(refusal2024 is null, string.Join("; ", broken2024));
        var y2024 = locked2024!.Snapshot;
        Assert.Equal(C(naturalPerson: 1, legal: 1), y2024.Applications.NewlyReceived);
        Assert.Equal(C(naturalPerson: 1, business: 2), y2024.Applications.CarriedOver);
        AssertOnly(y2024, (ReportRow.Disclosed, C(naturalPerson: 1, business: 1)), (ReportRow.WithheldThirdPartyRights, C(business: 1)), (ReportRow.CannotProvideNotHeld, C(naturalPerson: 1)));
        Assert.Equal(C(naturalPerson: 2, business: 2), y2024.Applications.OutcomeTotal);
        Assert.Equal(C(legal: 1), y2024.Applications.CarriedForward);
        Assert.Empty(y2024.Check(y2023));
    }

    public static async Task A_row_contradicting_a_closed_request_is_refused_naming_both_and_nothing_is_stored(Database database, string directory)
    {
        await Ledger.ImportAsync(database, Ledger6(["K-1", "自然人", "", "2024-02-01", "2024-02-20", "102"], ["K-2", "自然人", "", "2024-02-02", "", ""]), "county", Clock);

        var refused = await Assert.ThrowsAsync<LedgerRefusedException>(() => Ledger.ImportAsync(database,
            Ledger6(["K-2", "自然人", "", "2024-02-02", "2024-03-01", "102"], ["K-1", "自然人", "", "2024-02-01", "2024-03-01", "200"]), "county", Clock));

        var error = Assert.Single(refused.Errors);
        Assert.StartsWith("第3行 tracking_number: 'K-1' 已办结，台账为（自然人 收到 2024-02-01 办结 2024-02-20 102 予以公开），本行为（自然人 收到 2024-02-01 办结 2024-03-01 200 部分公开）", error);
        await using var connection = await database.OpenAsync();
        Assert.Null(await connection.ExecuteScalarAsync<string?>("SELECT closed_on FROM ledger_requests WHERE tracking_number = 'K-2'"));
        Assert.Single(await ImportBatches.ListAsync(database, "county"));
    }

    public static async Task A_batch_is_undone_as_a_whole_in_order_and_never_under_a_locked_year(Database database, string directory)
    {
        var a = await Ledger.ImportAsync(database, Ledger6(["U-1", "自然人", "", "2023-11-01", "", ""], ["U-2", "商业企业", "", "2023-05-01", "2023-05-09", "102"]), "county", Clock);
        var b = await Ledger.ImportAsync(database, Ledger6(["U-1", "自然人", "", "2023-11-01", "2024-01-05", "102"], ["U-3", "自然人", "", "2024-04-01", "", ""]), "county", Clock);
        Assert.Equal("1 imported, 1 updated", b.Summary);
        Assert.Equal([a.Batch.ToString(), b.Batch.ToString()], (await ImportBatches.ListAsync(database, "county")).Select(x => x.Id));

        var underLater = await Assert.ThrowsAsync<BatchRefusedException>(() => ImportBatches.UndoAsync(database, a.Batch.ToString(), "李四", Clock));
        Assert.Contains(b.Batch.ToString(), underLater.Message);

        await ImportBatches.UndoAsync(database, b.Batch.ToString(), "李四", Clock);
        await using (var connection = await database.OpenAsync())
        {
            var y2024 = await ReportStore.ComputeAsync(connection, 2024, "county");
            Assert.Equal(C(naturalPerson: 1), y2024.Applications.CarriedForward);
            Assert.Equal(0, y2024.Applications.NewlyReceived.Total);
        }
        await ImportBatches.UndoAsync(database, a.Batch.ToString(), "李四", Clock);
        Assert.Equal(0, await CountLedgerAsync(database));
        var twice = await Assert.ThrowsAsync<BatchRefusedException>(() => ImportBatches.UndoAsync(database, a.Batch.ToString(), "李四", Clock));
        Assert.Contains("已于", twice.Message);

        var c = await Ledger.ImportAsync(database, Ledger6(["L-1", "自然人", "", "2024-03-01", "2024-03-10", "102"]), "county", Clock);
        Assert.Null((await ReportStore.LockAsync(database, "county", 2024, "李四", Clock)).Refusal);
        var locked = await Assert.ThrowsAsync<BatchRefusedException>(() => ImportBatches.UndoAsync(database, c.Batch.ToString(), "李四", Clock));
        Assert.Contains("2024", locked.Message);
        Assert.Equal(1, await CountLedgerAsync(database));

        await ReportStore.UnlockAsync(database, "county", 2024, "更正L-1", "督办科 李四", Clock);
        await ImportBatches.UndoAsync(database, c.Batch.ToString(), "李四", Clock);
        Assert.Equal(0, await CountLedgerAsync(database));
        await using var reader = await database.OpenAsync();
        var audit = (await reader.QueryAsync<string>("SELECT action FROM admin_audit_entries ORDER BY id")).ToList();
        Assert.Equal(["import-batch-undone", "import-batch-undone", "report-unlocked", "import-batch-undone"], audit);
    }

    public static async Task Five_hundred_challenges_import_in_one_file_and_their_decisions_move_them_from_pending(Database database, string directory)
    {
        await Ledger.ImportAsync(database, Ledger6([.. Enumerable.Range(1, 500).Select(i => new[] { $"R-{i}", "自然人", "", "2024-01-02", "2024-02-01", "102" })]), "county", Clock);
        var filed = Path.Combine(directory, $"challenges-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(filed, new[] { "申请编号,类型,复议后起诉,提起日期,结果,审结日期" }
            .Concat(Enumerable.Range(1, 500).Select(i => $"R-{i},{(i % 2 == 0 ? "行政复议" : "行政诉讼")},{(i % 4 == 1 ? "是" : "否")},2024/3/{1 + i % 28},尚未审结,")));

        var imported = await Challenges.ImportAsync(database, filed, "county", "李四", Clock);
        Assert.Equal("500 imported, 0 updated", imported.Summary);
        await using (var connection = await database.OpenAsync())
        {
            var pending = await ReportStore.ComputeAsync(connection, 2024, "county");
            Assert.Equal(new ChallengeCounts(0, 0, 0, 250, 250), pending.Challenges.Reconsideration);
            Assert.Equal(new ChallengeCounts(0, 0, 0, 125, 125), pending.Challenges.LitigationWithoutReconsideration);
            Assert.Equal(new ChallengeCounts(0, 0, 0, 125, 125), pending.Challenges.LitigationAfterReconsideration);
        }

        var decided = Path.Combine(directory, $"decided-{Guid.NewGuid():N}.xlsx");
        LedgerFiles.WriteXlsx(decided, ["tracking_number", "kind", "after_reconsideration", "filed_on", "result", "decided_on"],
            Enumerable.Range(1, 500).Select(i => (IReadOnlyList<string>)[$"R-{i}", i % 2 == 0 ? "reconsideration" : "litigation", i % 4 == 1 ? "1" : "0",
                $"2024-03-{1 + i % 28:00}", i % 3 == 0 ? "upheld" : i % 3 == 1 ? "纠正" : "其他", "2024-09-30"]).ToList());
        var updated = await Challenges.ImportAsync(database, decided, "county", "李四", Clock);
        Assert.Equal("0 imported, 500 updated", updated.Summary);

        await using var reader = await database.OpenAsync();
        var report = await ReportStore.ComputeAsync(reader, 2024, "county");
        Assert.Equal(0, report.Challenges.Reconsideration.Pending + report.Challenges.LitigationWithoutReconsideration.Pending + report.Challenges.LitigationAfterReconsideration.Pending);
        Assert.Equal(500, report.Challenges.Reconsideration.Total + report.Challenges.LitigationWithoutReconsideration.Total + report.Challenges.LitigationAfterReconsideration.Total);
        Assert.Equal(Enumerable.Range(1, 500).Count(i => i % 2 == 0 && i % 3 == 0), report.Challenges.Reconsideration.Upheld);
        Assert.Equal(Enumerable.Range(1, 500).Count(i => i % 2 == 1 && i % 4 == 1 && i % 3 == 1), report.Challenges.LitigationAfterReconsideration.Corrected);
        Assert.Equal(ChallengeResult.Corrected, Assert.Single(await Challenges.OfRequestAsync(reader, "county", "R-1")).Result);

        var unknown = Path.Combine(directory, $"unknown-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(unknown, "tracking_number,kind,filed_on,result\nNOPE-1,行政复议,2024-05-01,尚未审结\nR-1,行政仲裁,2024-05-01,待定\n");
        var refused = await Assert.ThrowsAsync<LedgerRefusedException>(() => Challenges.ImportAsync(database, unknown, "county", "李四", Clock));
        Assert.Equal(["第3行 kind: '行政仲裁' 须为 行政复议 或 行政诉讼 / must be reconsideration or litigation",
            "第3行 result: '待定' 须为 维持、纠正、其他 或 尚未审结 / must be upheld, corrected, other or pending"], refused.Errors);
        await File.WriteAllTextAsync(unknown, "tracking_number,kind,filed_on,result\nNOPE-1,行政复议,2024-05-01,尚未审结\n");
        var notARequest = await Assert.ThrowsAsync<LedgerRefusedException>(() => Challenges.ImportAsync(database, unknown, "county", "李四", Clock));
        Assert.StartsWith("第2行 tracking_number: 'NOPE-1' 不是 county 的申请", Assert.Single(notARequest.Errors));
    }

    public static async Task A_GBK_ledger_round_trips_names_exactly_and_unreadable_or_garbled_files_are_refused(Database database, string directory)
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var gbk = System.Text.Encoding.GetEncoding("GBK");
        var names = new[] { "王伟", "欧阳娜娜", "某某科技有限公司（宿迁）", "赵镕" };
        var path = Path.Combine(directory, $"gbk-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(path, gbk.GetBytes("申请编号,申请人类型,申请人,收到申请日期\r\n" +
            string.Join("\r\n", names.Select((n, i) => $"G-{i},{(i == 2 ? "商业企业" : "自然人")},{n},2024/3/{i + 1}")) + "\r\n"));

        var imported = await Ledger.ImportAsync(database, path, "county", Clock);
        Assert.Equal(4, imported.Imported);
        var export = Path.Combine(directory, $"gbk-export-{Guid.NewGuid():N}.csv");
        await Ledger.ExportAsync(database, 2024, "county", export);
        var (readBack, errors) = LedgerFormat.Validate(LedgerFiles.Read(export), null, D("2025-03-01"));
        Assert.Empty(errors);
        Assert.Equal(names, readBack.Select(e => e.ApplicantName));

        var latin = Path.Combine(directory, $"latin-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(latin, [.. System.Text.Encoding.ASCII.GetBytes("tracking_number,applicant_type,received_on\r\nZ-1,1,2024-03-01\r\n"), 0xFF, 0xFF, 0xFF]);
        var unreadable = await Assert.ThrowsAsync<LedgerRefusedException>(() => Ledger.ImportAsync(database, latin, "county", Clock));
        Assert.Equal("第1行 file: 文件编码既不是 UTF-8 也不是 GB18030/GBK，请在 Excel 中另存为“CSV UTF-8” / the file's encoding is neither UTF-8 nor GB18030/GBK: save it as CSV UTF-8", Assert.Single(unreadable.Errors));

        var garbled = Path.Combine(directory, $"garbled-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(garbled, "tracking_number,applicant_type,applicant_name,received_on\nZ-2,1,\uFFFD\uFFFDΰ,2024-03-01\n");
        var replaced = await Assert.ThrowsAsync<LedgerRefusedException>(() => Ledger.ImportAsync(database, garbled, "county", Clock));
        Assert.StartsWith("第2行 file: 含有乱码（U+FFFD 替换字符）", Assert.Single(replaced.Errors));
        Assert.Equal(4, await CountLedgerAsync(database));
    }

    public static async Task A_bad_file_lists_every_problem_in_Chinese_and_an_unknown_agency_is_refused_unless_created(Database database, string directory)
    {
        var rows = Enumerable.Range(1, 60).Select(i => new[] { $"E-{i}", i % 2 == 0 ? "外星人" : "自然人", "", i % 3 == 0 ? "2024-02-30" : "2024-02-01", "", "" }).ToArray();
        var refused = await Assert.ThrowsAsync<LedgerRefusedException>(() => Ledger.ImportAsync(database, Ledger6(rows), "county", Clock));
        Assert.Equal(30 + 20, refused.Errors.Count);
        Assert.All(refused.Errors, e => Assert.Matches(@"^第\d+行 \w+: ", e));
        Assert.Contains("第7行 received_on: '2024-02-30' 不是日期", string.Join("\n", refused.Errors));
        Assert.Equal(0, await CountLedgerAsync(database));

        var typo = await Assert.ThrowsAsync<LedgerRefusedException>(() => Ledger.ImportAsync(database, Ledger6(["T-1", "1", "", "2024-01-02", "", ""]), "suqian-ctiy", Clock));
        Assert.StartsWith("第1行 agency_code: 机关 'suqian-ctiy' 未登记", Assert.Single(typo.Errors));
        var created = await Ledger.ImportAsync(database, Ledger6(["T-1", "1", "", "2024-01-02", "", ""]), new LedgerImportOptions { AgencyCode = "suqian-city", CreateAgency = true }, Clock);
        Assert.Equal(1, created.Imported);
        await using var connection = await database.OpenAsync();
        Assert.NotNull(await Workplace.Agencies.FindAsync(connection, "suqian-city"));
        Assert.Null(await Workplace.Agencies.FindAsync(connection, "suqian-ctiy"));
    }

    public static async Task National_labels_and_office_synonyms_for_types_outcomes_and_dates_are_accepted(Database database, string directory)
    {
        var imported = await Ledger.ImportAsync(database, Ledger6(
            ["S-1", "公民", "", "2024/3/1", "2024年3月20日", "本机关不掌握相关政府信息"],
            ["S-2", "企业", "", "2024-03-02", "2024/4/1", "保护第三方合法权益"],
            ["S-3", "法人或其他组织", "", "2024年5月6日", "2024-05-20", "不予处理:重复申请"],
            ["S-4", "律师事务所", "", "2024-06-01", "2024-06-09", "逾期不补正"]), "county", Clock);
        Assert.Equal(4, imported.Imported);

        await using var connection = await database.OpenAsync();
        var report = await ReportStore.ComputeAsync(connection, 2024, "county");
        AssertOnly(report, (ReportRow.CannotProvideNotHeld, C(naturalPerson: 1)), (ReportRow.WithheldThirdPartyRights, C(business: 1)),
            (ReportRow.NotProcessedRepeat, C(other: 1)), (ReportRow.OtherNotCorrected, C(legal: 1)));
        Assert.Null(LedgerFormat.ParseOutcome("其他"));
        Assert.Null(LedgerFormat.ParseDate("2023-02-30"));
    }
}
