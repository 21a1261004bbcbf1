using CaseFlow.Domain.Deadlines;
using NodaTime;

namespace CaseFlow.Domain.Tests.Deadlines;

/// <summary>Time spent seeking the opinions of third parties and other agencies does not count (Art. 33 ¶3).
/// Convention: for a consultation sent on A whose last opinion arrives on B, the working days in (A, B] do not count;
/// overlapping consultations count once.</summary>
public class ExcludedSpanTests
{
    private static readonly StatutoryClock Clock = TestCalendars.Clock;

    private static ExcludedSpan ThirdParty(LocalDate sent, LocalDate? answered) => new(sent, answered, ExclusionReason.ThirdPartyConsultation);
    private static ExcludedSpan OtherAgency(LocalDate sent, LocalDate? answered) => new(sent, answered, ExclusionReason.OtherAgencyConsultation);

    [Fact]
    public void A_third_party_consultation_moves_the_reply_due_date_by_its_working_days()
    {
        // Received Fri 27 Sep 2024 (due 30 Oct). Letter sent Mon 14 Oct, opinion in Fri 25 Oct:
        // 15–18 and 21–25 October = 9 working days do not count.
        var deadlines = Clock.Compute(new ClockEvents(27.September(2024)) { ExcludedSpans = [ThirdParty(14.October(2024), 25.October(2024))] });

        Assert.Equal(9, deadlines.PausedWorkingDays);
        Assert.Equal(12.November(2024), deadlines.ReplyDue.DueOn);
        Assert.Equal(12.October(2024), deadlines.CorrectionNoticeDue.DueOn);
    }

    [Fact]
    public void Overlapping_consultations_count_once()
    {
        // (14 Oct, 25 Oct] ∪ (21 Oct, 1 Nov] = (14 Oct, 1 Nov] = 14 working days.
        var deadlines = Clock.Compute(new ClockEvents(27.September(2024))
        {
            ExcludedSpans = [ThirdParty(14.October(2024), 25.October(2024)), OtherAgency(21.October(2024), 1.November(2024))],
        });

        Assert.Equal(14, deadlines.PausedWorkingDays);
        Assert.Equal(19.November(2024), deadlines.ReplyDue.DueOn);
        var merged = Assert.Single(deadlines.Exclusions);
        Assert.Equal(2, merged.Spans.Count);
    }

    [Fact]
    public void Disjoint_consultations_each_count()
    {
        var deadlines = Clock.Compute(new ClockEvents(27.September(2024))
        {
            ExcludedSpans = [ThirdParty(8.October(2024), 10.October(2024)), OtherAgency(21.October(2024), 23.October(2024))],
        });

        Assert.Equal(4, deadlines.PausedWorkingDays);
        Assert.Equal(5.November(2024), deadlines.ReplyDue.DueOn);
        Assert.Equal(2, deadlines.Exclusions.Count);
    }

    [Fact]
    public void A_consultation_that_ends_after_the_due_date_still_moves_it_by_its_whole_length()
    {
        // Sent 28 Oct, answered 15 Nov: 29 Oct – 15 Nov = 14 working days.
        var deadlines = Clock.Compute(new ClockEvents(27.September(2024)) { ExcludedSpans = [ThirdParty(28.October(2024), 15.November(2024))] });

        Assert.Equal(14, deadlines.PausedWorkingDays);
        Assert.Equal(19.November(2024), deadlines.ReplyDue.DueOn);
    }

    [Fact]
    public void A_consultation_sent_on_the_day_the_reply_is_due_excludes_nothing_already_counted()
    {
        var deadlines = Clock.Compute(new ClockEvents(27.September(2024)) { ExcludedSpans = [ThirdParty(30.October(2024), 1.November(2024))] });

        Assert.Equal(0, deadlines.PausedWorkingDays);
        Assert.Equal(30.October(2024), deadlines.ReplyDue.DueOn);
    }

    [Fact]
    public void An_open_consultation_stops_the_clock_up_to_today()
    {
        var events = new ClockEvents(27.September(2024)) { ExcludedSpans = [ThirdParty(14.October(2024), null)] };

        var onTheDay = Clock.Compute(events, asOf: 14.October(2024));
        var weekLater = Clock.Compute(events, asOf: 21.October(2024));

        Assert.True(weekLater.ClockStopped);
        Assert.Equal(30.October(2024), onTheDay.ReplyDue.DueOn);
        Assert.Equal(5, weekLater.PausedWorkingDays);
        Assert.Equal(6.November(2024), weekLater.ReplyDue.DueOn);
    }

    [Fact]
    public void A_consultation_before_the_corrected_application_does_not_count_twice()
    {
        // The clock restarts on 10 Oct; only the part of the span after it is excluded: 11, 12 (make-up), 14 Oct.
        var deadlines = Clock.Compute(new ClockEvents(27.September(2024))
        {
            CorrectedOn = 10.October(2024),
            ExcludedSpans = [ThirdParty(8.October(2024), 14.October(2024))],
        });

        Assert.Equal(3, deadlines.PausedWorkingDays);
        Assert.Equal(11.November(2024), deadlines.ReplyDue.DueOn);
    }

    [Fact]
    public void The_fee_notice_span_is_excluded_by_convention()
    {
        var deadlines = Clock.Compute(new ClockEvents(27.September(2024)) { ExcludedSpans = [new ExcludedSpan(14.October(2024), 25.October(2024), ExclusionReason.FeeNotice)] });

        Assert.Equal(12.November(2024), deadlines.ReplyDue.DueOn);
    }

    [Theory]
    [InlineData("corrected", "2024-09-26", null, 0)]
    [InlineData("extension-days", null, null, 21)]
    [InlineData("extension-days", null, null, -1)]
    [InlineData("pause", null, "2024-10-14..2024-10-10", 0)]
    public void Impossible_events_are_refused_naming_the_field(string field, string? corrected, string? pause, int extension)
    {
        var spans = pause is null ? [] : new[] { ThirdParty(Dates.Iso(pause[..10]), Dates.Iso(pause[12..])) };
        var events = new ClockEvents(27.September(2024))
        {
            CorrectedOn = corrected is null ? null : Dates.Iso(corrected),
            ExtensionWorkingDays = extension,
            ExcludedSpans = spans,
        };

        var error = Assert.Single(events.Validate());
        Assert.Equal(field, error.Field);
        var thrown = Assert.Throws<ArgumentException>(() => Clock.Compute(events));
        Assert.Contains(field, thrown.Message);
    }

    [Fact]
    public void A_receipt_before_the_Regulations_took_effect_is_refused()
    {
        var error = Assert.Single(new ClockEvents(14.May(2019)).Validate());
        Assert.Equal("received", error.Field);
    }
}
