using CaseFlow.Domain.Deadlines;
using NodaTime;

namespace CaseFlow.Domain.Tests.Deadlines;

/// <summary>Issue 14 (重新答复): a reconsideration decision or judgment that corrects the reply (责令重新答复) reopens the
/// request. Convention: the new reply period is 20 working days (Art. 33 ¶1) from the day the agency received the
/// decision, that day not counting, unless the decision sets its own date; nothing of the earlier period carries over.</summary>
public class ReopenedReplyPeriodTests
{
    private static readonly StatutoryClock Clock = TestCalendars.Clock;

    public static TheoryData<string, ClockEvents, LocalDate> Cases => new()
    {
        // case                                                   events                                                                                        new reply due
        { "20 working days from the decision received",          new ClockEvents(1.March(2024)) { ReopenedOn = 3.March(2025) },                                   31.March(2025) },
        { "over New Year's Day",                                  new ClockEvents(1.March(2024)) { ReopenedOn = 10.December(2024) },                               8.January(2025) },
        { "the date the decision set replaces the 20 days",       new ClockEvents(1.March(2024)) { ReopenedOn = 3.March(2025), ReopenedReplyDueOn = 20.March(2025) }, 20.March(2025) },
        { "a later date the decision set",                        new ClockEvents(1.March(2024)) { ReopenedOn = 3.March(2025), ReopenedReplyDueOn = 30.April(2025) }, 30.April(2025) },
        { "from the reopening, not from the corrected application", new ClockEvents(27.September(2024)) { CorrectedOn = 8.October(2024), ReopenedOn = 10.December(2024) }, 8.January(2025) },
        { "an excluded span of the earlier period does not count", new ClockEvents(27.September(2024))
            { ReopenedOn = 10.December(2024), ExcludedSpans = [new ExcludedSpan(8.October(2024), 20.October(2024), ExclusionReason.ThirdPartyConsultation)] }, 8.January(2025) },
        { "a consultation in the new period still stops the clock", new ClockEvents(1.March(2024))
            { ReopenedOn = 3.March(2025), ExcludedSpans = [new ExcludedSpan(10.March(2025), 14.March(2025), ExclusionReason.OtherAgencyConsultation)] }, 7.April(2025) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_new_reply_due_date(string @case, ClockEvents events, LocalDate due)
    {
        var deadlines = Clock.Compute(events);

        Assert.True(due == deadlines.ReplyDue.DueOn, $"{@case}: {deadlines.ReplyDue.DueOn}");
        Assert.Equal(due, Clock.ReplyDue(events).DueOn);
        Assert.Equal(events.ReopenedOn, deadlines.ClockStartsOn);
    }

    [Fact]
    public void The_explanation_names_the_decision_and_the_convention()
    {
        var text = Clock.Explain(new ClockEvents(1.March(2024)) { ReopenedOn = 10.December(2024) }).ToText(chinese: true);

        Assert.Contains("责令重新答复", text);
        Assert.Contains("2024年12月10日", text);
        Assert.Contains("约定", text);
        Assert.Contains("2025年1月8日", text);
    }

    [Theory]
    [InlineData("reopened", "2024-02-01", null)]
    [InlineData("reopened-due", null, "2025-03-20")]
    [InlineData("reopened-due", "2025-03-03", "2025-03-03")]
    public void Impossible_reopening_dates_are_refused_naming_the_field(string field, string? reopened, string? setDue)
    {
        static LocalDate? D(string? s) => s is null ? null : NodaTime.Text.LocalDatePattern.Iso.Parse(s).Value;
        var errors = new ClockEvents(1.March(2024)) { ReopenedOn = D(reopened), ReopenedReplyDueOn = D(setDue) }.Validate();

        Assert.Equal(field, Assert.Single(errors).Field);
    }
}
