using System.Text.Json;

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
        var import = Run("ledger", "import", "--file", Ledger(County2024), "--agency", "county");
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
    public void A_locked_year_that_the_data_now_contradict_says_so()
    {
        Assert.Equal(0, Run("ledger", "import", "--file", Ledger(County2024), "--agency", "county").ExitCode);
        var locked = Run("report", "lock", "--year", "2024", "--agency", "county");
        Assert.True(locked.ExitCode == 0, locked.Error);
        Assert.Equal(0, Run("ledger", "import", "--file", Ledger("tracking_number,applicant_type,received_on\nT-9,1,2024-08-01\n"), "--agency", "county").ExitCode);

        var json = JsonDocument.Parse(Run("report", "annual", "--year", "2024", "--agency", "county", "--json").Out).RootElement;
        var text = Run("report", "annual", "--year", "2024", "--agency", "county");

        Assert.True(json.GetProperty("differsFromCurrentData").GetBoolean());
        Assert.Equal(3, json.GetProperty("applications").GetProperty("newlyReceived").GetProperty("total").GetInt32());
        Assert.Equal(4, json.GetProperty("current").GetProperty("applications").GetProperty("newlyReceived").GetProperty("total").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, json.GetProperty("locked").ValueKind);
        Assert.Contains("the data now count differently from the locked report", text.Out);
        var again = Run("report", "lock", "--year", "2024", "--agency", "county");
        Assert.Equal(2, again.ExitCode);
        Assert.StartsWith("caseflow report lock: --year: 2024 of county is already locked", again.Error);
    }

    [Fact]
    public void Export_writes_the_import_format_and_a_re_import_of_known_requests_is_refused()
    {
        Assert.Equal(0, Run("ledger", "import", "--file", Ledger(County2024), "--agency", "county").ExitCode);
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
        Assert.Equal(2, reimport.ExitCode);
        Assert.Contains("第2行 tracking_number: 'T-1' of county is already in CaseFlow", reimport.Error);
    }

    [Theory]
    [InlineData("--year: is required", "report", "annual")]
    [InlineData("--year: '20x4' is not a year", "report", "annual", "--year", "20x4")]
    [InlineData("--year: 2007 is outside 2008–", "report", "annual", "--year", "2007")]
    [InlineData("--agency: is required", "report", "lock", "--year", "2024")]
    [InlineData("--provider: 'Oracle' is not one of Sqlite, PostgreSql, SqlServer", "report", "annual", "--year", "2024", "--provider", "Oracle")]
    [InlineData("--connection: is required for PostgreSql", "report", "annual", "--year", "2024", "--provider", "PostgreSql")]
    [InlineData("--file: is required", "ledger", "import")]
    [InlineData("must end in .csv or .xlsx", "ledger", "import", "--file", "ledger.ods")]
    [InlineData("does not exist", "ledger", "import", "--file", "missing.csv")]
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

        var run = Run("ledger", "import", "--file", bad, "--agency", "county");
        var report = JsonDocument.Parse(Run("report", "annual", "--year", "2024", "--agency", "county", "--json").Out).RootElement;

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("caseflow ledger import: --file: 1 problem(s), nothing imported: 第3行 received_on: '2024-02-30' is not an ISO date (YYYY-MM-DD)", run.Error.Trim());
        Assert.Equal(0, report.GetProperty("applications").GetProperty("newlyReceived").GetProperty("total").GetInt32());
    }
}
