using BenchmarkDotNet.Attributes;
using CaseFlow.Domain.Calendar;
using CaseFlow.Domain.Deadlines;
using NodaTime;

namespace CaseFlow.Benchmarks;

/// <summary>Reply-due computation on a 40-working-day span (20 + a 20-day extension), with and without excluded
/// spans, against the baseline of counting day by day over the same calendar in the same run.</summary>
[MemoryDiagnoser]
public class ReplyDueBenchmarks
{
    private StatutoryClock _clock = null!;
    private WorkingCalendar _calendar = null!;
    private ClockEvents _plain = null!;
    private ClockEvents _paused = null!;

    [GlobalSetup]
    public void Setup()
    {
        _calendar = WorkingCalendar.Load(Path.Combine(AppContext.BaseDirectory, "calendars"), "cn");
        _clock = new StatutoryClock(_calendar);
        var received = new LocalDate(2024, 9, 27);
        _plain = new ClockEvents(received) { ExtensionWorkingDays = 20 };
        _paused = _plain with
        {
            ExcludedSpans =
            [
                new ExcludedSpan(new LocalDate(2024, 10, 14), new LocalDate(2024, 10, 25), ExclusionReason.ThirdPartyConsultation),
                new ExcludedSpan(new LocalDate(2024, 10, 21), new LocalDate(2024, 11, 1), ExclusionReason.OtherAgencyConsultation),
            ],
        };
    }

    /// <summary>The baseline: walk the calendar a day at a time, skipping days off and excluded days.</summary>
    [Benchmark(Baseline = true)]
    public LocalDate DayByDayLoop() => CountDayByDay(_plain);

    [Benchmark]
    public LocalDate DayByDayLoopWithPauses() => CountDayByDay(_paused);

    /// <summary>The reply due date alone, as the sweeper and list pages ask for it.</summary>
    [Benchmark]
    public LocalDate ReplyDue() => _clock.ReplyDue(_plain).DueOn;

    [Benchmark]
    public LocalDate ReplyDueWithPauses() => _clock.ReplyDue(_paused).DueOn;

    /// <summary>Every deadline of the request (correction notice, reply with and without extension, exclusions).</summary>
    [Benchmark]
    public RequestDeadlines AllDeadlines() => _clock.Compute(_plain);

    [Benchmark]
    public RequestDeadlines AllDeadlinesWithPauses() => _clock.Compute(_paused);

    private LocalDate CountDayByDay(ClockEvents events)
    {
        var day = events.ReceivedOn;
        var target = StatutoryPeriods.ReplyWorkingDays + events.ExtensionWorkingDays;
        for (var counted = 0; counted < target;)
        {
            day = day.PlusDays(1);
            if (!_calendar.IsWorkingDay(day))
                continue;
            var excluded = false;
            foreach (var span in events.ExcludedSpans)
                excluded |= span.StartOn < day && day <= span.EndOn;
            if (!excluded)
                counted++;
        }
        return day;
    }
}
