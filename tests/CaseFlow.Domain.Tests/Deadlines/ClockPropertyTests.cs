using CaseFlow.Domain.Calendar;
using CaseFlow.Domain.Deadlines;
using CsCheck;
using NodaTime;

namespace CaseFlow.Domain.Tests.Deadlines;

/// <summary>Laws of working-day arithmetic, checked over random dates of the loaded years.</summary>
public class ClockPropertyTests
{
    private static readonly WorkingCalendar Calendar = TestCalendars.National;
    private static readonly StatutoryClock Clock = TestCalendars.Clock;
    private static readonly LocalDate First = StatutoryPeriods.RegulationsInForceOn;

    private static readonly Gen<LocalDate> Date = Gen.Int[0, 2700].Select(i => First.PlusDays(i));

    private static readonly Gen<(int offset, int length, int reason)> Span =
        Gen.Select(Gen.Int[0, 60], Gen.Int[0, 30], Gen.Int[1, 3])
            .Select((offset, length, reason) => (offset, length, reason));

    [Fact]
    public void Adding_m_then_n_working_days_equals_adding_m_plus_n() =>
        Gen.Select(Date, Gen.Int[0, 60], Gen.Int[0, 60]).Sample((d, m, n) =>
            Calendar.AddWorkingDays(Calendar.AddWorkingDays(d, m), n) == Calendar.AddWorkingDays(d, m + n));

    [Fact]
    public void A_period_always_ends_on_a_working_day_after_its_start() =>
        Gen.Select(Date, Gen.Int[1, 60]).Sample((d, n) =>
        {
            var due = Calendar.AddWorkingDays(d, n);
            return Calendar.IsWorkingDay(due) && due > d && Calendar.WorkingDaysBetween(d, due) == n;
        });

    [Fact]
    public void Subtracting_undoes_adding_from_a_working_day() =>
        Gen.Select(Date, Gen.Int[1, 40]).Where((d, _) => Calendar.IsWorkingDay(d)).Sample((d, n) =>
            Calendar.SubtractWorkingDays(Calendar.AddWorkingDays(d, n), n) == d);

    [Fact]
    public void Excluded_spans_never_make_the_reply_due_earlier() =>
        Gen.Select(Date, Span.Array[0, 4], Gen.Int[0, 20]).Sample((received, raw, extension) =>
        {
            var spans = raw.Select(s => new ExcludedSpan(received.PlusDays(s.offset), received.PlusDays(s.offset + s.length), (ExclusionReason)s.reason)).ToArray();
            var without = Clock.Compute(new ClockEvents(received) { ExtensionWorkingDays = extension });
            var with = Clock.Compute(new ClockEvents(received) { ExtensionWorkingDays = extension, ExcludedSpans = spans });
            return with.ReplyDue.DueOn >= without.ReplyDue.DueOn
                && Calendar.WorkingDaysBetween(without.ReplyDue.DueOn, with.ReplyDue.DueOn) == with.PausedWorkingDays;
        });

    [Fact]
    public void Pauses_agree_with_counting_day_by_day() =>
        Gen.Select(Date, Span.Array[0, 4]).Sample((received, raw) =>
        {
            var spans = raw.Select(s => new ExcludedSpan(received.PlusDays(s.offset), received.PlusDays(s.offset + s.length), (ExclusionReason)s.reason)).ToArray();
            var events = new ClockEvents(received) { ExcludedSpans = spans };
            var due = Clock.Compute(events).ReplyDue.DueOn;
            var day = received;
            for (var counted = 0; counted < StatutoryPeriods.ReplyWorkingDays;)
            {
                day = day.PlusDays(1);
                if (Calendar.IsWorkingDay(day) && !spans.Any(s => s.StartOn < day && day <= s.EndOn))
                    counted++;
            }
            return day == due && Clock.ReplyDue(events).DueOn == due;
        });

    [Fact]
    public void More_days_off_never_make_a_deadline_earlier() =>
        Gen.Select(Date, Gen.Int[0, 80].Array[1, 6]).Sample((received, offsets) =>
        {
            var extra = offsets.Select(o => received.PlusDays(o)).Distinct().ToList();
            var sources = Calendar.Sources.Select(year => year with
            {
                Entries = year.Entries.Where(e => !extra.Contains(e.Date))
                    .Concat(extra.Where(d => d.Year == year.Year).Select(d => new CalendarEntry(d, true, "extra")))
                    .ToList(),
            });
            var moreDaysOff = new StatutoryClock(WorkingCalendar.Create("cn", sources));
            var events = new ClockEvents(received);
            return moreDaysOff.Compute(events).ReplyDue.DueOn >= Clock.Compute(events).ReplyDue.DueOn
                && moreDaysOff.Compute(events).CorrectionNoticeDue.DueOn >= Clock.Compute(events).CorrectionNoticeDue.DueOn;
        });
}
