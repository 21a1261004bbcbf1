using System.CommandLine;
using System.Text.Json;
using CaseFlow.Domain.Calendar;
using CaseFlow.Domain.Deadlines;

namespace CaseFlow.Cli.Due;

/// <summary><c>caseflow due</c>: the statutory deadlines of a request (issue #2; the interface is fixed).</summary>
public static class DueCommand
{
    public static Command Create(CliConsole console)
    {
        var received = new Option<string?>("--received") { Description = "收到申请之日 / statutory receipt date (YYYY-MM-DD)" };
        var corrected = new Option<string?>("--corrected") { Description = "收到补正申请之日 / corrected application received (YYYY-MM-DD)" };
        var pause = new Option<string[]>("--pause")
        {
            Description = "A..B: consultation sent on A, last opinion on B; working days in (A, B] do not count (repeatable)",
            Arity = ArgumentArity.ZeroOrMore,
            DefaultValueFactory = _ => [],
        };
        var extensionDays = new Option<string?>("--extension-days") { Description = "approved extension, 0–20 working days" };
        var calendar = new Option<string>("--calendar") { Description = "calendar id: cn, or cn+<overlay> (e.g. cn+gx)", DefaultValueFactory = _ => "cn" };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var explain = new Option<bool>("--explain") { Description = "explain the computation (counted days, holidays, make-up days, excluded spans)" };
        var english = new Option<bool>("--english") { Description = "explain in English instead of Chinese" };
        var batch = new Option<bool>("--batch") { Description = "read one JSON object per line from standard input, write one result per line" };

        var command = new Command("due", "答复期限计算 / compute a request's statutory deadlines")
        {
            received, corrected, pause, extensionDays, calendar, json, explain, english, batch,
        };
        command.SetAction(parse =>
        {
            var clock = new StatutoryClock(LoadCalendar(parse.GetValue(calendar)!));
            if (parse.GetValue(batch))
                return RunBatch(clock, parse.GetValue(explain), console);

            var events = DueInput.Parse(parse.GetValue(received), parse.GetValue(corrected), parse.GetValue(pause) ?? [],
                ParseExtension(parse.GetValue(extensionDays)));
            var deadlines = clock.Compute(events);
            var explanation = parse.GetValue(explain) ? clock.Explain(events) : null;
            if (parse.GetValue(json))
                console.Out.WriteLine(JsonSerializer.Serialize(DueResult.From(deadlines, explanation), DueResult.Json));
            else
                WriteText(console.Out, deadlines, explanation, chinese: !parse.GetValue(english));
            return 0;
        });
        return command;
    }

    private static int? ParseExtension(string? text)
    {
        if (text is null)
            return null;
        return int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var days)
            ? days
            : throw new DueInputException("--extension-days", $"'{text}' is not a whole number of working days");
    }

    private static WorkingCalendar LoadCalendar(string id)
    {
        try
        {
            return WorkingCalendar.Load(CalendarDirectory.Locate(), id);
        }
        catch (ArgumentException e)
        {
            throw new DueInputException("--calendar", e.Message);
        }
    }

    /// <summary>Every input line gets exactly one output line: a result, or <c>{"error": "..."}</c>. The exit code is
    /// 0 when every line succeeded and 2 when any line was refused.</summary>
    private static int RunBatch(StatutoryClock clock, bool explain, CliConsole console)
    {
        var failed = false;
        var lineNumber = 0;
        while (console.In.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            string output;
            try
            {
                var input = JsonSerializer.Deserialize<DueBatchLine>(line, DueResult.Json)
                    ?? throw new DueInputException("line", "is not a JSON object");
                var events = DueInput.Parse(input.Received, input.Corrected, input.Pauses ?? [], input.ExtensionDays,
                    "received", "corrected", "pauses", "extensionDays");
                output = JsonSerializer.Serialize(DueResult.From(clock.Compute(events), explain ? clock.Explain(events) : null), DueResult.Json);
            }
            catch (Exception e) when (e is DueInputException or JsonException)
            {
                failed = true;
                var message = e is JsonException ? $"line {lineNumber}: not valid JSON for a request ({e.Message.Split('.')[0]})" : e.Message;
                output = JsonSerializer.Serialize(new { error = message }, DueResult.Json);
            }
            console.Out.WriteLine(output);
        }
        return failed ? 2 : 0;
    }

    private static void WriteText(TextWriter output, RequestDeadlines d, ClockExplanation? explanation, bool chinese)
    {
        string Date(NodaTime.LocalDate date, bool provisional) =>
            (chinese ? ChineseDates.Format(date) : date.ToString("uuuu-MM-dd (ddd)", System.Globalization.CultureInfo.InvariantCulture))
            + (provisional ? (chinese ? " 【暂定】" : " [provisional]") : "");
        if (chinese)
        {
            output.WriteLine($"收到申请之日    {Date(d.ReceivedOn, false)}");
            output.WriteLine($"补正告知期限    {Date(d.CorrectionNoticeDue.DueOn, d.CorrectionNoticeDue.Provisional)}");
            if (d.ClockStartsOn != d.ReceivedOn)
                output.WriteLine($"答复期限起算日  {Date(d.ClockStartsOn, false)}");
            output.WriteLine($"答复期限        {Date(d.ReplyDue.DueOn, d.ReplyDue.Provisional)}");
            if (d.PausedWorkingDays > 0)
                output.WriteLine($"不计入的工作日  {d.PausedWorkingDays}");
        }
        else
        {
            output.WriteLine($"received on           {Date(d.ReceivedOn, false)}");
            output.WriteLine($"correction notice due {Date(d.CorrectionNoticeDue.DueOn, d.CorrectionNoticeDue.Provisional)}");
            if (d.ClockStartsOn != d.ReceivedOn)
                output.WriteLine($"clock starts on       {Date(d.ClockStartsOn, false)}");
            output.WriteLine($"reply due             {Date(d.ReplyDue.DueOn, d.ReplyDue.Provisional)}");
            if (d.PausedWorkingDays > 0)
                output.WriteLine($"paused working days   {d.PausedWorkingDays}");
        }
        if (explanation is not null)
        {
            output.WriteLine();
            output.WriteLine(explanation.ToText(chinese));
        }
    }
}
