using System.Text.Json;

namespace CaseFlow.Cli.Tests.Due;

/// <summary><c>caseflow due</c> — a fixed interface other tools depend on (README "caseflow due").</summary>
public class DueCommandTests
{
    private static JsonElement Json(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.Error);
        return JsonDocument.Parse(run.Out).RootElement;
    }

    [Fact]
    public void The_published_case_is_due_on_2_November_2022()
    {
        var result = Json(CliRun.Of("due", "--received", "2022-09-30", "--json"));

        Assert.Equal("2022-09-30", result.GetProperty("receivedOn").GetString());
        Assert.Equal("2022-11-02", result.GetProperty("replyDue").GetString());
        Assert.False(result.GetProperty("provisional").GetBoolean());
        Assert.Equal(0, result.GetProperty("pausedWorkingDays").GetInt32());
    }

    [Fact]
    public void The_correction_notice_can_fall_on_a_make_up_Saturday()
    {
        var result = Json(CliRun.Of("due", "--received", "2024-09-27", "--json"));

        Assert.Equal("2024-10-12", result.GetProperty("correctionNoticeDue").GetString());
        Assert.Equal("2024-10-30", result.GetProperty("replyDue").GetString());
    }

    [Fact]
    public void Corrections_pauses_and_extensions_combine()
    {
        var result = Json(CliRun.Of("due", "--received", "2024-09-27", "--corrected", "2024-10-10",
            "--pause", "2024-10-14..2024-10-25", "--pause", "2024-10-21..2024-11-01", "--extension-days", "20", "--json"));

        // Restart on 10 Oct (due 6 Nov); (14 Oct, 1 Nov] excludes 14 working days → 26 Nov; +20 working days → 24 Dec.
        Assert.Equal("2024-10-10", result.GetProperty("clockStartsOn").GetString());
        Assert.Equal(14, result.GetProperty("pausedWorkingDays").GetInt32());
        Assert.Equal("2024-11-26", result.GetProperty("replyDueWithoutExtension").GetString());
        Assert.Equal("2024-12-24", result.GetProperty("replyDue").GetString());
        Assert.Equal(1, result.GetProperty("excludedSpans").GetArrayLength());
    }

    [Fact]
    public void A_deadline_in_an_unloaded_year_is_marked_provisional()
    {
        var result = Json(CliRun.Of("due", "--received", "2026-12-15", "--json"));

        Assert.True(result.GetProperty("provisional").GetBoolean());
        Assert.Equal("2027-01-12", result.GetProperty("replyDue").GetString());
    }

    [Fact]
    public void Explain_lists_the_counted_days_holidays_and_make_up_days()
    {
        var run = CliRun.Of("due", "--received", "2024-09-27", "--explain");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("答复期限        2024年10月30日（星期三）", run.Out);
        Assert.Contains("计入的工作日（共20个）", run.Out);
        Assert.Contains("10月1日—10月7日国庆节", run.Out);
        Assert.Contains("2024年10月12日（星期六）国庆节（调休上班）", run.Out);
    }

    [Fact]
    public void Json_with_explain_carries_both_languages()
    {
        var result = Json(CliRun.Of("due", "--received", "2024-09-27", "--json", "--explain"));

        var explanation = result.GetProperty("explanation");
        Assert.Contains(explanation.GetProperty("zh").EnumerateArray(), l => l.GetString()!.StartsWith("答复期限：2024年10月30日"));
        Assert.Contains(explanation.GetProperty("en").EnumerateArray(), l => l.GetString()!.StartsWith("Reply due: Wed 2024-10-30"));
    }

    [Fact]
    public void A_regional_calendar_can_be_chosen()
    {
        var national = Json(CliRun.Of("due", "--received", "2024-04-08", "--json"));
        var guangxi = Json(CliRun.Of("due", "--received", "2024-04-08", "--calendar", "cn+gx", "--json"));

        Assert.Equal("2024-05-08", national.GetProperty("replyDue").GetString());
        Assert.Equal("2024-05-10", guangxi.GetProperty("replyDue").GetString());
    }

    [Theory]
    [InlineData("--received: '2024-02-30' is not a date", "--received", "2024-02-30")]
    [InlineData("--received: is required", "--json")]
    [InlineData("--pause: 2024-10-14..2024-10-10 ends before it starts", "--received", "2024-09-27", "--pause", "2024-10-14..2024-10-10")]
    [InlineData("--pause: '2024-10-14' is not a span", "--received", "2024-09-27", "--pause", "2024-10-14")]
    [InlineData("--extension-days: 21 exceeds", "--received", "2024-09-27", "--extension-days", "21")]
    [InlineData("--extension-days: -1 is negative", "--received", "2024-09-27", "--extension-days", "-1")]
    [InlineData("--extension-days: 'ten' is not a whole number", "--received", "2024-09-27", "--extension-days", "ten")]
    [InlineData("--corrected: 2024-09-01 is before the receipt date", "--received", "2024-09-27", "--corrected", "2024-09-01")]
    [InlineData("--received: 2019-05-14 is before the revised Regulations", "--received", "2019-05-14")]
    [InlineData("--calendar: No calendar 'xx'", "--received", "2024-09-27", "--calendar", "xx")]
    [InlineData("Unrecognized command or argument '--bogus'", "--received", "2024-09-27", "--bogus")]
    public void Bad_input_exits_2_with_one_line_naming_the_field_and_prints_no_result(string message, params string[] args)
    {
        var run = CliRun.Of(["due", .. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("caseflow due: ", line);
        Assert.Contains(message, line);
    }

    [Fact]
    public void Batch_writes_one_result_or_error_per_line()
    {
        const string input = """
            {"received":"2022-09-30"}
            {"received":"2024-09-27","corrected":"2024-10-10","pauses":["2024-10-14..2024-10-25"],"extensionDays":20}
            {"received":"2024-09-27","extensionDays":25}
            {"received":"2024-13-01"}
            not json
            """;

        var run = CliRun.WithInput(input, "due", "--batch");

        Assert.Equal(2, run.ExitCode);
        var lines = run.OutLines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(5, lines.Length);
        Assert.Equal("2022-11-02", lines[0].GetProperty("replyDue").GetString());
        Assert.Equal("2024-12-17", lines[1].GetProperty("replyDue").GetString());
        Assert.Contains("extensionDays", lines[2].GetProperty("error").GetString());
        Assert.Contains("received", lines[3].GetProperty("error").GetString());
        Assert.Contains("line 5", lines[4].GetProperty("error").GetString());
    }

    [Fact]
    public void Batch_of_valid_lines_exits_0()
    {
        var run = CliRun.WithInput("{\"received\":\"2022-09-30\"}\n{\"received\":\"2024-09-27\"}\n", "due", "--batch");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(2, run.OutLines.Length);
    }
}
