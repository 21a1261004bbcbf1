using System.Globalization;
using System.Text;
using CaseFlow.Domain.Calendar;
using NodaTime;

namespace CaseFlow.Domain.Deadlines;

/// <summary>One sentence of an explanation, in Simplified Chinese and in English.</summary>
public sealed record ExplanationLine(string Topic, string Zh, string En);

/// <summary>Why the clock says what it says: the counted days, the skipped holidays and weekends, the make-up
/// days counted, the excluded spans and the conventions applied.</summary>
public sealed class ClockExplanation
{
    private ClockExplanation(RequestDeadlines deadlines, IReadOnlyList<ExplanationLine> lines, IReadOnlyList<LocalDate> countedDays)
    {
        Deadlines = deadlines;
        Lines = lines;
        CountedDays = countedDays;
    }

    public RequestDeadlines Deadlines { get; }
    public IReadOnlyList<ExplanationLine> Lines { get; }

    /// <summary>Every working day counted towards the reply due date, in order.</summary>
    public IReadOnlyList<LocalDate> CountedDays { get; }

    public string ToText(bool chinese) =>
        string.Join('\n', Lines.Select(l => chinese ? l.Zh : l.En));

    internal static ClockExplanation Build(StatutoryClock clock, ClockEvents events, RequestDeadlines d)
    {
        var calendar = clock.Calendar;
        var lines = new List<ExplanationLine>();
        void Add(string topic, string zh, string en) => lines.Add(new ExplanationLine(topic, zh, en));

        Add("received",
            $"收到申请之日：{ChineseDates.Format(d.ReceivedOn)}。期间开始之日不计算在内，自次日起计算工作日。",
            $"Received on {En(d.ReceivedOn)}. The day itself never counts; counting starts the next day.");
        Add("correction-notice",
            $"补正告知期限（第三十条）：收到申请之日起第{StatutoryPeriods.CorrectionNoticeWorkingDays}个工作日，即{ChineseDates.Format(d.CorrectionNoticeDue.DueOn)}。",
            $"Correction notice due (Art. 30): the {StatutoryPeriods.CorrectionNoticeWorkingDays}th working day after receipt, {En(d.CorrectionNoticeDue.DueOn)}.");
        if (events.CorrectedOn is { } corrected)
            Add("corrected",
                $"收到补正的申请之日：{ChineseDates.Format(corrected)}，答复期限自该日重新起算（第三十条）。",
                $"Corrected application received on {En(corrected)}: the reply period restarts from that day (Art. 30).");
        if (events.ReopenedOn is { } reopened)
            Add("reopened",
                events.ReopenedReplyDueOn is { } set
                    ? $"复议决定或者判决纠正了原答复（责令重新答复），本机关于{ChineseDates.Format(reopened)}收到；重新答复的期限为决定确定的{ChineseDates.Format(set)}。"
                    : $"复议决定或者判决纠正了原答复（责令重新答复），本机关于{ChineseDates.Format(reopened)}收到；约定：重新答复期限自该日起按第三十三条第一款重新计算（20个工作日）。",
                events.ReopenedReplyDueOn is { } setEn
                    ? $"A reconsideration decision or judgment corrected the earlier reply (reply anew), received on {En(reopened)}; the new reply is due on {En(setEn)}, the date the decision set."
                    : $"A reconsideration decision or judgment corrected the earlier reply (reply anew), received on {En(reopened)}; convention: the new reply period counts from that day under Art. 33 ¶1 (20 working days).");

        // Walk the days from the clock start to the due date once; this is for people, not for the hot path.
        var counted = new List<LocalDate>();
        var makeUp = new List<LocalDate>();
        var holidays = new List<LocalDate>();
        var excludedDays = new HashSet<LocalDate>();
        foreach (var exclusion in d.Exclusions)
            for (var day = exclusion.StartOn.PlusDays(1); day <= exclusion.EndOn; day = day.PlusDays(1))
                excludedDays.Add(day);
        var weekends = 0;
        for (var day = d.ClockStartsOn.PlusDays(1); day <= d.ReplyDue.DueOn; day = day.PlusDays(1))
        {
            switch (calendar.Classify(day))
            {
                case DayKind.Weekend:
                    weekends++;
                    break;
                case DayKind.PublicHoliday:
                    holidays.Add(day);
                    break;
                case var kind when !excludedDays.Contains(day):
                    counted.Add(day);
                    if (kind == DayKind.MakeUpWorkingDay)
                        makeUp.Add(day);
                    break;
            }
        }

        Add("counted",
            $"计入的工作日（共{counted.Count}个）：{string.Join("、", counted.Select(ChineseDates.Short))}。",
            $"Working days counted ({counted.Count}): {string.Join(", ", counted.Select(x => x.ToString("MM-dd", CultureInfo.InvariantCulture)))}.");
        Add("holidays",
            holidays.Count == 0 ? "期间内无法定节假日。" : $"跳过的法定节假日：{string.Join("；", Runs(holidays, calendar).Select(r => $"{r.Range}{r.Name}"))}。",
            holidays.Count == 0 ? "No public holidays in the period." : $"Public holidays skipped: {string.Join("; ", Runs(holidays, calendar).Select(r => $"{r.RangeEn} {r.Name}"))}.");
        Add("weekends", $"跳过的周末：{weekends}天。", $"Weekend days skipped: {weekends}.");
        Add("make-up",
            makeUp.Count == 0 ? "期间内无调休上班日。" : $"计入的调休上班日：{string.Join("、", makeUp.Select(x => $"{ChineseDates.Format(x)}{calendar.NameOf(x)}"))}。",
            makeUp.Count == 0 ? "No make-up working days in the period." : $"Make-up working days counted: {string.Join(", ", makeUp.Select(En))}.");

        foreach (var exclusion in d.Exclusions)
        {
            // Each span with its reason and reference (the consultation letter's document number and addressees), so
            // the caseworker can tie every excluded day to the letter that caused it.
            var reasons = string.Join("；", exclusion.Spans.Select(s => ReasonZh(s.Reason) + SpanZh(s)).Distinct());
            var reasonsEn = string.Join("; ", exclusion.Spans.Select(s => ReasonEn(s.Reason) + SpanEn(s)).Distinct());
            var open = exclusion.Open ? "（尚未结束，按截至今日计算）" : "";
            Add("excluded",
                $"不计入答复期限的期间（第三十三条第三款）：{ChineseDates.Format(exclusion.StartOn)}（不含）至{ChineseDates.Format(exclusion.EndOn)}，{reasons}，扣除{exclusion.WorkingDays}个工作日{open}。",
                $"Excluded (Art. 33 ¶3): after {En(exclusion.StartOn)} up to {En(exclusion.EndOn)}, {reasonsEn}: {exclusion.WorkingDays} working days{(exclusion.Open ? " (still open; counted up to today)" : "")}.");
        }
        if (d.Exclusions.Count > 1 || d.Exclusions.Any(e => e.Spans.Count > 1))
            Add("convention-union", "约定：重叠的征求意见期间只扣除一次。", "Convention: overlapping excluded spans count once.");

        if (d.ExtensionWorkingDays > 0)
            Add("extension",
                $"经政府信息公开工作机构负责人同意延长答复期限{d.ExtensionWorkingDays}个工作日（第三十三条第二款）；未延长时的期限为{ChineseDates.Format(d.ReplyDueWithoutExtension.DueOn)}。",
                $"Extended by {d.ExtensionWorkingDays} working days with the head of the office's approval (Art. 33 ¶2); without it the reply was due {En(d.ReplyDueWithoutExtension.DueOn)}.");

        if (d.StatutoryReplyDue is { } statutory)
            Add("reply-due",
                $"答复期限：{ChineseDates.Format(d.ReplyDue.DueOn)}，为本机关依第三十五条确定并告知申请人的延迟答复合理期限；第三十三条规定的期限为{ChineseDates.Format(statutory.DueOn)}（第{StatutoryPeriods.ReplyWorkingDays + d.ExtensionWorkingDays}个计入的工作日）。",
                $"Reply due: {En(d.ReplyDue.DueOn)}, the later reasonable reply date the agency set and told the applicant (Art. 35); the Art. 33 period ended {En(statutory.DueOn)} (the {StatutoryPeriods.ReplyWorkingDays + d.ExtensionWorkingDays}th counted working day).");
        else
            Add("reply-due",
                $"答复期限：{ChineseDates.Format(d.ReplyDue.DueOn)}（第{StatutoryPeriods.ReplyWorkingDays + d.ExtensionWorkingDays}个计入的工作日）。",
                $"Reply due: {En(d.ReplyDue.DueOn)} (the {StatutoryPeriods.ReplyWorkingDays + d.ExtensionWorkingDays}th counted working day).");
        if (d.Provisional)
        {
            var years = Enumerable.Range(d.ReceivedOn.Year, d.ReplyDue.DueOn.Year - d.ReceivedOn.Year + 1).Where(y => !calendar.IsSettled(y));
            var list = string.Join("、", years);
            Add("provisional",
                $"暂定：{list}年的节假日安排尚未载入，按仅周末休息暂算；载入后将重新计算。",
                $"Provisional: the calendar for {string.Join(", ", years)} is not loaded; weekends only were assumed until it is.");
        }
        var (calendarZh, calendarEn) = Describe(calendar);
        Add("calendar", $"所用日历：{calendarZh}。", $"Calendar used: {calendarEn}.");
        return new ClockExplanation(d, lines, counted);
    }

    /// <summary>The calendar as a reader knows it: the years of the State Council's holiday notices and any regional
    /// arrangement, never its internal fingerprint (which is recorded with each deadline, not shown).</summary>
    public static (string Zh, string En) Describe(WorkingCalendar calendar)
    {
        var national = calendar.Sources.Where(s => s.Overlays is null).Select(s => s.Year).ToList();
        var zh = $"国务院办公厅公布的全国节假日安排（{national.Min()}—{national.Max()}年）";
        var en = $"the State Council's national holiday arrangements ({national.Min()}–{national.Max()})";
        var overlay = calendar.Sources.Where(s => s.Overlays is not null).ToList();
        if (overlay.Count > 0)
        {
            var title = overlay.SelectMany(s => s.Notices).Select(n => n.Title).FirstOrDefault() ?? overlay[0].CalendarId;
            zh += $"，另加地方假日：{title}（{overlay.Min(s => s.Year)}—{overlay.Max(s => s.Year)}年）";
            en += $", with the regional days off of '{overlay[0].CalendarId}' ({overlay.Min(s => s.Year)}–{overlay.Max(s => s.Year)})";
        }
        return (zh, en);
    }

    private static IEnumerable<(string Range, string RangeEn, string Name)> Runs(List<LocalDate> days, WorkingCalendar calendar)
    {
        var i = 0;
        while (i < days.Count)
        {
            var start = days[i];
            var name = calendar.NameOf(start) ?? "";
            var end = start;
            while (i + 1 < days.Count && days[i + 1] == end.PlusDays(1) && (calendar.NameOf(days[i + 1]) ?? "") == name)
                end = days[++i];
            i++;
            yield return start == end
                ? (ChineseDates.Short(start), start.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture), name)
                : ($"{ChineseDates.Short(start)}—{ChineseDates.Short(end)}",
                   $"{start.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)}..{end.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)}", name);
        }
    }

    private static string SpanZh(ExcludedSpan s) =>
        $"（{(s.Reference is { Length: > 0 } r ? r + "，" : "")}{ChineseDates.Short(s.StartOn)}起{(s.EndOn is { } end ? "至" + ChineseDates.Short(end) : "，尚未结束")}）";

    private static string SpanEn(ExcludedSpan s) =>
        $" ({(s.Reference is { Length: > 0 } r ? r + ", " : "")}from {En(s.StartOn)}{(s.EndOn is { } end ? " to " + En(end) : ", still open")})";

    private static string ReasonZh(ExclusionReason reason) => reason switch
    {
        ExclusionReason.ThirdPartyConsultation => "征求第三方意见（第三十二条）",
        ExclusionReason.OtherAgencyConsultation => "征求其他机关意见（第三十四条）",
        ExclusionReason.FeeNotice => "收费通知送达至缴费（约定，国办函〔2020〕109号）",
        _ => reason.ToString(),
    };

    private static string ReasonEn(ExclusionReason reason) => reason switch
    {
        ExclusionReason.ThirdPartyConsultation => "third-party consultation (Art. 32)",
        ExclusionReason.OtherAgencyConsultation => "other-agency consultation (Art. 34)",
        ExclusionReason.FeeNotice => "fee notice until payment (convention, 国办函〔2020〕109号)",
        _ => reason.ToString(),
    };

    private static string En(LocalDate date) => date.ToString("ddd uuuu-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>Dates as Chinese readers expect them: 2024年10月30日（星期三）.</summary>
public static class ChineseDates
{
    private static readonly string[] Weekdays = ["", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"];

    public static string Format(LocalDate date) =>
        $"{date.Year}年{date.Month}月{date.Day}日（{Weekdays[(int)date.DayOfWeek]}）";

    /// <summary>Without the weekday: 2024年10月30日.</summary>
    public static string Plain(LocalDate date) => $"{date.Year}年{date.Month}月{date.Day}日";

    public static string Short(LocalDate date) => $"{date.Month}月{date.Day}日";

    public static string Weekday(LocalDate date) => Weekdays[(int)date.DayOfWeek];

}
