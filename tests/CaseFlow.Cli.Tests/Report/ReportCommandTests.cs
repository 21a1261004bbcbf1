using System.Text.Json;
using CaseFlow.Cli.Report;

namespace CaseFlow.Cli.Tests.Report;

/// <summary><c>caseflow report annual</c>, <c>report lock</c> and <c>ledger import/export</c> — fixed interfaces (README
/// "caseflow report annual").</summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("caseflow-cli-report-").FullName;

    private string Connection => $"Data Source={Path.Combine(_directory, "caseflow.db")}";

    private string Ledger(string text)
    {
        var path = Path.Combine(_directory, $"ledger-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }

    private CliRun Run(params string[] args) => CliRun.Of([.. args, "--provider", "Sqlite", "--connection", Connection]);

    private const string County2024 = """
        申请编号,申请人类型,收到申请日期,办结日期,答复类型
        T-1,自然人,2024-03-01,2024-03-20,予以公开
        T-2,商业企业,2024-12-30,,
        T-3,1,2023-12-30,2024-01-05,401
        T-4,法律服务机构,2024-06-10,2024-07-08,不予公开：保护第三方合法权益
        """;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void The_annual_report_of_an_imported_ledger_as_JSON()
    {
        var import = Run("ledger", "import", "--file", Ledger(County2024), "--agency", "county", "--create-agency");
        Assert.True(import.ExitCode == 0, import.Error);

        var run = Run("report", "annual", "--year", "2024", "--agency", "county", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        var json = JsonDocument.Parse(run.Out).RootElement;
        var applications = json.GetProperty("applications");
        Assert.Equal(2024, json.GetProperty("year").GetInt32());
        Assert.Equal("county", json.GetProperty("agency").GetString());
        Assert.Equal(3, applications.GetProperty("newlyReceived").GetProperty("total").GetInt32());
        Assert.Equal(1, applications.GetProperty("carriedOver").GetProperty("naturalPerson").GetInt32());
        Assert.Equal(3, applications.GetProperty("outcomeTotal").GetProperty("total").GetInt32());
        Assert.Equal(1, applications.GetProperty("carriedForward").GetProperty("business").GetInt32());
        var withheld = applications.GetProperty("outcomes").EnumerateArray().Single(o => o.GetProperty("label").GetString() == "三(三)4");
        Assert.Equal("withheldThirdPartyRights", withheld.GetProperty("row").GetString());
        Assert.Equal(1, withheld.GetProperty("counts").GetProperty("legalServiceProvider").GetInt32());
        Assert.Equal(21, applications.GetProperty("outcomes").GetArrayLength());
        Assert.Equal(0, json.GetProperty("challenges").GetProperty("reconsideration").GetProperty("total").GetInt32());
        Assert.Equal(0, json.GetProperty("check").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("locked").ValueKind);
        Assert.False(json.GetProperty("differsFromCurrentData").GetBoolean());
    }

    [Fact]
    public void Years_lock_in_order_a_locked_year_refuses_rows_until_reopened_and_lockedAt_is_an_ISO_instant()
    {
        Assert.Equal(0, Run("ledger", "import", "--file", Ledger(County2024), "--agency", "county", "--create-agency").ExitCode);
        var inOrder = Run("report", "lock", "--year", "2024", "--agency", "county");
        Assert.Equal("caseflow report lock: --year: 2023年度尚未锁定，年度须依次锁定 / 2023 of county is not locked yet: years lock in order", inOrder.Error.Trim());
        Assert.Equal(0, Run("report", "lock", "--year", "2023", "--agency", "county").ExitCode);
        var locked = Run("report", "lock", "--year", "2024", "--agency", "county");
        Assert.True(locked.ExitCode == 0, locked.Error);
        var intoLocked = Run("ledger", "import", "--file", Ledger("tracking_number,applicant_type,received_on\nT-9,1,2024-08-01\n"), "--agency", "county");
        Assert.Equal(2, intoLocked.ExitCode);
        Assert.Contains("第2行 tracking_number: 'T-9' 会改变已锁定的2024年度报告", intoLocked.Error);
        Assert.Equal(2, Run("report", "unlock", "--year", "2023", "--agency", "county", "--reason", "更正").ExitCode);
        var unlocked = Run("report", "unlock", "--year", "2024", "--agency", "county", "--reason", "补录T-9");
        Assert.True(unlocked.ExitCode == 0, unlocked.Error);
        Assert.Equal(0, Run("ledger", "import", "--file", Ledger("tracking_number,applicant_type,received_on\nT-9,1,2024-08-01\n"), "--agency", "county").ExitCode);
        var relocked = Run("report", "lock", "--year", "2024", "--agency", "county");
        Assert.True(relocked.ExitCode == 0, relocked.Error);

        var json = JsonDocument.Parse(Run("report", "annual", "--year", "2024", "--agency", "county", "--json").Out).RootElement;
        var text = Run("report", "annual", "--year", "2024", "--agency", "county");

        Assert.False(json.GetProperty("differsFromCurrentData").GetBoolean());
        Assert.Equal(4, json.GetProperty("applications").GetProperty("newlyReceived").GetProperty("total").GetInt32());
        var lockedAt = json.GetProperty("locked").GetProperty("lockedAt");
        Assert.Equal(JsonValueKind.String, lockedAt.ValueKind);
        Assert.True(NodaTime.Text.InstantPattern.ExtendedIso.Parse(lockedAt.GetString()!).Success, lockedAt.GetString());
        Assert.Contains("已锁定 / locked at", text.Out);
        var again = Run("report", "lock", "--year", "2024", "--agency", "county");
        Assert.Equal(2, again.ExitCode);
        Assert.StartsWith("caseflow report lock: --year: 2024年度（county）已于", again.Error);
        Assert.StartsWith("caseflow report lock: --year: 2024 of county is already locked (by ", Run("report", "lock", "--year", "2024", "--agency", "county", "--english").Error);
    }

    [Fact]
    public void Export_writes_the_import_format_and_a_re_import_of_known_requests_is_refused()
    {
        Assert.Equal(0, Run("ledger", "import", "--file", Ledger(County2024), "--agency", "county", "--create-agency").ExitCode);
        var csv = Path.Combine(_directory, "county-2024.csv");
        var xlsx = Path.Combine(_directory, "county-2024.xlsx");

        var exportCsv = Run("ledger", "export", "--year", "2024", "--agency", "county", "--file", csv);
        var exportXlsx = Run("ledger", "export", "--year", "2024", "--agency", "county", "--file", xlsx);

        Assert.True(exportCsv.ExitCode == 0, exportCsv.Error);
        Assert.True(exportXlsx.ExitCode == 0, exportXlsx.Error);
        Assert.Equal(
        [
            "机关代码,申请编号,申请人类型,申请人,收到申请日期,办结日期,答复类型,承办人,申请内容",
            "county,T-1,1,,2024-03-01,2024-03-20,102,,",
            "county,T-4,5,,2024-06-10,2024-07-08,304,,",
            "county,T-2,2,,2024-12-30,,,,",
        ], File.ReadAllLines(csv));
        var reimport = Run("ledger", "import", "--file", xlsx);
        Assert.True(reimport.ExitCode == 0, reimport.Error);
        Assert.Equal("0 imported, 0 updated", reimport.Out.Split('\n')[0].Trim());
    }

    [Theory]
    [InlineData("--year: 必填 / is required", "report", "annual")]
    [InlineData("--year: '20x4' 不是年份 / is not a year", "report", "annual", "--year", "20x4")]
    [InlineData("--year: 2007 不在2008至", "report", "annual", "--year", "2007")]
    [InlineData("--agency: 必填（机关代码） / is required", "report", "lock", "--year", "2024")]
    [InlineData("--provider: 'Oracle' 须为 Sqlite、PostgreSql 或 SqlServer / is not one of Sqlite, PostgreSql, SqlServer", "report", "annual", "--year", "2024", "--provider", "Oracle")]
    [InlineData("--connection: 须提供 PostgreSql 连接字符串 / is required for PostgreSql", "report", "annual", "--year", "2024", "--provider", "PostgreSql")]
    [InlineData("--file: 必填（.csv 或 .xlsx） / is required", "ledger", "import")]
    [InlineData("须为 .csv 或 .xlsx / must end in .csv or .xlsx", "ledger", "import", "--file", "ledger.ods")]
    [InlineData("不存在 / does not exist", "ledger", "import", "--file", "missing.csv")]
    [InlineData("--year: 'x' is not a year", "report", "annual", "--year", "x", "--english")]
    [InlineData("--file: 'ledger.ods' must end in .csv or .xlsx", "ledger", "import", "--file", "ledger.ods", "--english")]
    [InlineData("--connection: is required for PostgreSql", "report", "annual", "--year", "2024", "--provider", "PostgreSql", "--english")]
    [InlineData("--year: 2007 is outside 2008–", "report", "annual", "--year", "2007", "--english")]
    public void Bad_input_exits_2_with_one_line_naming_the_flag(string message, params string[] args)
    {
        var run = CliRun.Of([.. args, .. args.Contains("--provider") ? Array.Empty<string>() : ["--connection", Connection]]);

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, run.Error);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void A_ledger_with_one_bad_row_is_refused_with_its_row_number_and_nothing_is_imported()
    {
        var bad = Ledger("""
            tracking_number,applicant_type,received_on,closed_on,outcome
            B-1,1,2024-03-01,2024-03-20,102
            B-2,1,2024-02-30,,
            """);

        var run = Run("ledger", "import", "--file", bad, "--agency", "county", "--create-agency");
        var report = JsonDocument.Parse(Run("report", "annual", "--year", "2024", "--agency", "county", "--json").Out).RootElement;

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("caseflow ledger import: --file: 共1个问题，未导入任何数据 / 1 problem(s), nothing imported: 第3行 received_on: '2024-02-30' 不是日期（YYYY-MM-DD、YYYY/M/D 或 YYYY年M月D日） / is not a date", run.Error.Trim());
        Assert.Equal(0, report.GetProperty("applications").GetProperty("newlyReceived").GetProperty("total").GetInt32());
    }

    [Fact]
    public void A_ledger_that_continues_reports_imported_and_updated_and_its_batch_can_be_listed_and_undone()
    {
        Assert.Equal(0, Run("ledger", "import", "--file", Ledger(County2024), "--agency", "county", "--create-agency").ExitCode);
        var next = Run("ledger", "import", "--file", Ledger("""
            申请编号,申请人类型,收到申请日期,办结日期,答复类型
            T-2,商业企业,2024-12-30,2025/1/6,予以公开
            N-1,自然人,2025年2月3日,,
            """), "--agency", "county");

        Assert.True(next.ExitCode == 0, next.Error);
        Assert.Equal("1 imported, 1 updated", next.Out.Split('\n')[0].Trim());
        var batches = Run("ledger", "batches", "--agency", "county").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, batches.Length);
        Assert.Contains("1 imported, 1 updated", batches[1]);
        var id = batches[1].Split(' ')[0];

        var undo = Run("ledger", "undo", "--batch", id);

        Assert.True(undo.ExitCode == 0, undo.Error);
        var y2025 = JsonDocument.Parse(Run("report", "annual", "--year", "2025", "--agency", "county", "--json").Out).RootElement.GetProperty("applications");
        Assert.Equal(0, y2025.GetProperty("newlyReceived").GetProperty("total").GetInt32());
        Assert.Equal(1, y2025.GetProperty("carriedForward").GetProperty("business").GetInt32());
        Assert.Contains("已撤销 / undone", Run("ledger", "batches").Out);
        var again = Run("ledger", "undo", "--batch", id);
        Assert.Equal(2, again.ExitCode);
        Assert.StartsWith($"caseflow ledger undo: --batch: 批次 {id} 已于", again.Error);
    }

    [Fact]
    public void An_unknown_agency_is_refused_and_every_problem_goes_to_the_errors_file()
    {
        var typo = Run("ledger", "import", "--file", Ledger(County2024), "--agency", "suqian-ctiy");
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("机关 'suqian-ctiy' 未登记", typo.Error);

        var rows = string.Join("\n", Enumerable.Range(1, 40).Select(i => $"B-{i},外星人,2024-02-01,,"));
        var errors = Path.Combine(_directory, "errors.txt");
        var run = Run("ledger", "import", "--file", Ledger("tracking_number,applicant_type,received_on,closed_on,outcome\n" + rows), "--agency", "suqian-city", "--create-agency", "--errors-file", errors);

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("共40个问题，未导入任何数据，全部问题已写入", run.Error);
        var lines = File.ReadAllLines(errors);
        Assert.Equal(40, lines.Length);
        Assert.Equal(Enumerable.Range(2, 40).Select(r => $"第{r}行"), lines.Select(l => l.Split(' ')[0]));
    }

    [Fact]
    public void Opening_balance_starts_the_books_and_is_checked_against_the_first_years_carried_over()
    {
        Assert.Equal(0, Run("ledger", "import", "--file", Ledger(County2024), "--agency", "county", "--create-agency").ExitCode);
        var bad = Run("report", "opening-balance", "--agency", "county", "--year", "2024", "--carried-over", "1,2,x");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--carried-over: '1,2,x' 须为六个非负整数", bad.Error);

        var wrong = Run("report", "opening-balance", "--agency", "county", "--year", "2024", "--carried-over", "2,0,0,0,0,0");
        Assert.True(wrong.ExitCode == 0, wrong.Error);
        var refused = Run("report", "lock", "--year", "2024", "--agency", "county");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("本年二=上年四 [自然人]: 2024年二 1 ≠ 2023年四 2", refused.Error);

        Assert.Equal(0, Run("report", "opening-balance", "--agency", "county", "--year", "2024", "--carried-over", "1，0，0，0，0，0").ExitCode);
        var locked = Run("report", "lock", "--year", "2024", "--agency", "county");
        Assert.True(locked.ExitCode == 0, locked.Error);
        Assert.Equal(2, Run("report", "lock", "--year", "2023", "--agency", "county").ExitCode);
    }

    [Fact]
    public void Challenges_import_update_and_export_from_the_command_line()
    {
        Assert.Equal(0, Run("ledger", "import", "--file", Ledger(County2024), "--agency", "county", "--create-agency").ExitCode);
        var file = Path.Combine(_directory, "challenges.csv");
        File.WriteAllText(file, "申请编号,类型,复议后起诉,提起日期,结果,审结日期\nT-1,行政复议,否,2024/5/1,尚未审结,\nT-4,行政诉讼,是,2024-08-01,尚未审结,\n");
        var first = Run("challenges", "import", "--file", file, "--agency", "county");
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal("2 imported, 0 updated", first.Out.Split('\n')[0].Trim());

        File.WriteAllText(file, "tracking_number,kind,after_reconsideration,filed_on,result,decided_on\nT-1,reconsideration,0,2024-05-01,corrected,2024-07-01\n");
        var second = Run("challenges", "import", "--file", file, "--agency", "county");
        Assert.Equal("0 imported, 1 updated", second.Out.Split('\n')[0].Trim());

        var export = Path.Combine(_directory, "challenges-out.csv");
        Assert.Equal(0, Run("challenges", "export", "--agency", "county", "--file", export).ExitCode);
        Assert.Equal(["申请编号,类型,复议后起诉,提起日期,结果,审结日期", "T-1,行政复议,否,2024-05-01,纠正,2024-07-01", "T-4,行政诉讼,是,2024-08-01,尚未审结,"], File.ReadAllLines(export));
        var table = JsonDocument.Parse(Run("report", "annual", "--year", "2024", "--agency", "county", "--json").Out).RootElement.GetProperty("challenges");
        Assert.Equal(1, table.GetProperty("reconsideration").GetProperty("corrected").GetInt32());
        Assert.Equal(1, table.GetProperty("litigationAfterReconsideration").GetProperty("pending").GetInt32());
        Assert.Equal(2, Run("challenges", "import", "--file", file, "--agency", "nowhere").ExitCode);
    }

    [Fact]
    public void The_text_report_names_the_agency_and_each_row_and_aligns_its_columns_by_display_width()
    {
        Assert.Equal(0, Run("ledger", "import", "--file", Ledger(County2024), "--agency", "county", "--create-agency").ExitCode);

        var text = Run("report", "annual", "--year", "2024", "--agency", "county").Out.Split('\n').Select(l => l.TrimEnd('\r')).ToList();

        Assert.StartsWith("2024年度 政府信息公开工作年度报告 — county（county）", text[0]);
        Assert.Contains(text, l => l.Contains("法人或其他组织"));
        var row = text.Single(l => l.StartsWith("三(三)4 不予公开：保护第三方合法权益", StringComparison.Ordinal));
        var first = text.Single(l => l.StartsWith("一、本年新收政府信息公开申请数量", StringComparison.Ordinal));
        var header = text.Single(l => l.TrimStart().StartsWith("自然人", StringComparison.Ordinal));
        int ColumnOf(string line, string token) => AnnualReportText.Width(line[..line.IndexOf(token, StringComparison.Ordinal)]);
        Assert.Equal(ColumnOf(header, "总计"), ColumnOf(first, " 3") + 1);
        Assert.Equal(AnnualReportText.Width(row), AnnualReportText.Width(first));
        Assert.Contains(text, l => l.StartsWith("三、本年度办理结果", StringComparison.Ordinal));
    }

    [Fact]
    public void English_messages_with_the_english_flag_problem_by_problem_and_in_the_errors_file()
    {
        var bad = Ledger("tracking_number,applicant_type,received_on,closed_on,outcome\nB-1,外星人,2024-03-01,,\nB-2,1,2024-02-30,,\n");
        var errors = Path.Combine(_directory, "errors-en.txt");

        var chinese = Run("ledger", "import", "--file", bad, "--agency", "county", "--create-agency");
        var english = Run("ledger", "import", "--file", bad, "--agency", "county", "--create-agency", "--english");
        var toFile = Run("ledger", "import", "--file", bad, "--agency", "county", "--create-agency", "--english", "--errors-file", errors);

        Assert.StartsWith("caseflow ledger import: --file: 共2个问题，未导入任何数据 / 2 problem(s), nothing imported: 第2行 applicant_type: " +
                          "'外星人' 不是申请人类型（1–6 或 自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他） / is not an applicant type", chinese.Error);
        Assert.Equal(2, english.ExitCode);
        // The Chinese passages are gone (Chinese left is input or the accepted values the English names).
        Assert.DoesNotContain("未导入任何数据", english.Error);
        Assert.DoesNotContain("不是日期", english.Error);
        Assert.DoesNotContain("第2行", english.Error);
        Assert.Contains("--file: 2 problem(s), nothing imported: row 2 applicant_type: '外星人'", english.Error);
        Assert.Contains("row 3 received_on: '2024-02-30' is not a date", english.Error);
        Assert.Contains("2 problem(s), nothing imported, every problem written to", toFile.Error);
        var lines = File.ReadAllLines(errors);
        Assert.Equal(["row 2 applicant_type:", "row 3 received_on:"], lines.Select(l => string.Join(' ', l.Split(' ').Take(3))));
        Assert.Equal("row 2 applicant_type: '外星人' is not an applicant type (1–6 or 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他)", lines[0]);
        Assert.Equal("row 3 received_on: '2024-02-30' is not a date", lines[1]);

        Assert.Equal(0, Run("ledger", "import", "--file", Ledger(County2024), "--agency", "county", "--create-agency", "--english").ExitCode);
        var batches = Run("ledger", "import", "--file", Ledger(County2024), "--agency", "county", "--english");
        Assert.StartsWith("batch ", batches.OutLines[1]);
        Assert.StartsWith("批次 / batch ", Run("ledger", "import", "--file", Ledger(County2024), "--agency", "county").OutLines[1]);
    }

    [Fact]
    public void Every_row_problem_of_a_ledger_is_Chinese_first_and_English_with_the_english_flag()
    {
        var bad = Ledger("""
            tracking_number,applicant_type,received_on,closed_on,outcome,agency_code
            R-1,,2024-03-01,2024-02-01,102,county
            R-1,1,2999-01-01,,102,county
            ,1,2024-03-01,2024-03-05,999,other
            R-4,1,,2024-03-05,,county
            """);
        var chineseFile = Path.Combine(_directory, "errors-zh.txt");
        var englishFile = Path.Combine(_directory, "errors-en2.txt");

        Assert.Equal(2, Run("ledger", "import", "--file", bad, "--agency", "county", "--create-agency", "--errors-file", chineseFile).ExitCode);
        Assert.Equal(2, Run("ledger", "import", "--file", bad, "--agency", "county", "--create-agency", "--english", "--errors-file", englishFile).ExitCode);

        Assert.Equal(
        [
            "第2行 applicant_type: 必填（1–6 或 自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他） / is required (1–6 or 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他)",
            "第2行 closed_on: 2024-02-01 早于收到申请日期 2024-03-01 / is before received_on 2024-03-01",
            "第3行 tracking_number: 'R-1' 已在第2行出现 / already appears in 第2行",
            "第3行 received_on: 2999-01-01 晚于今天 / is in the future",
            "第3行 closed_on: 填写答复类型时必填 / is required when outcome is given",
            "第4行 agency_code: 'other' 与 --agency county 不同 / differs from --agency county",
            "第4行 tracking_number: 必填 / is required",
            "第4行 outcome: '999' 不是答复类型（代码101–603或其名称，见 ledger-format.md） / is not an outcome (code 101–603 or its name, see ledger-format.md)",
            "第5行 received_on: 必填（YYYY-MM-DD） / is required (YYYY-MM-DD)",
            "第5行 outcome: 填写办结日期时必填：已办结的申请有且只有一种答复类型 / is required when closed_on is given: a closed request has exactly one outcome",
        ], File.ReadAllLines(chineseFile));
        Assert.Equal(
        [
            "row 2 applicant_type: is required (1–6 or 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他)",
            "row 2 closed_on: 2024-02-01 is before received_on 2024-03-01",
            "row 3 tracking_number: 'R-1' already appears in row 2",
            "row 3 received_on: 2999-01-01 is in the future",
            "row 3 closed_on: is required when outcome is given",
            "row 4 agency_code: 'other' differs from --agency county",
            "row 4 tracking_number: is required",
            "row 4 outcome: '999' is not an outcome (code 101–603 or its name, see ledger-format.md)",
            "row 5 received_on: is required (YYYY-MM-DD)",
            "row 5 outcome: is required when closed_on is given: a closed request has exactly one outcome",
        ], File.ReadAllLines(englishFile));

        var unknown = Ledger("tracking_number,applicant_type,received_on,mood,received_on\nR-1,1,2024-03-01,x,2024-03-01\n");
        Assert.Contains("第1行 'mood': 未知的列（见 ledger-format.md） / unknown column (see ledger-format.md); 第1行 received_on: 列重复 / column given twice",
            Run("ledger", "import", "--file", unknown, "--agency", "county", "--create-agency").Error);
        Assert.Contains("row 1 'mood': unknown column (see ledger-format.md); row 1 received_on: column given twice",
            Run("ledger", "import", "--file", unknown, "--agency", "county", "--create-agency", "--english").Error);
        var noAgency = Ledger("tracking_number,applicant_type\nR-1,1\n");
        Assert.Contains("row 1 received_on: required column missing (收到申请日期); row 1 agency_code: required column missing (机关代码) when no --agency is given",
            Run("ledger", "import", "--file", noAgency, "--english").Error);
        Assert.Contains("第1行 received_on: 缺少必填列（收到申请日期） / required column missing (收到申请日期); 第1行 agency_code: 未给 --agency 时须有此列（机关代码） / required column missing",
            Run("ledger", "import", "--file", noAgency).Error);
    }
}
