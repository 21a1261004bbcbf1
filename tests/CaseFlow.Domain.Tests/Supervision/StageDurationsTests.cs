using CaseFlow.Domain.Supervision;
using NodaTime;

namespace CaseFlow.Domain.Tests.Supervision;

public sealed class StageDurationsTests
{
    private static Instant At(int day, int hour = 9) => Instant.FromUtc(2024, 10, day, hour, 0);

    [Fact]
    public void Time_in_a_state_runs_from_entering_it_to_entering_the_next_state()
    {
        var stages = StageDurations.Compute(
        [
            new("a", At(1), "InProgress"), new("a", At(3), "AwaitingCorrection"), new("a", At(8), "InProgress"), new("a", At(10), "Replied"),
            new("b", At(2), "InProgress"), new("b", At(2, 21), "InProgress"), new("b", At(6), "Replied"),
        ]);

        var inProgress = stages.Single(s => s.State == "InProgress");
        var correction = stages.Single(s => s.State == "AwaitingCorrection");
        // a: 2 days + 2 days; b: 4 days (an entry that keeps the state does not end it).
        Assert.Equal(2, inProgress.Requests);
        Assert.Equal(Duration.FromDays(8), inProgress.Total);
        Assert.Equal(4.0, inProgress.AverageDays, 6);
        Assert.Equal(Duration.FromDays(5), correction.Total);
        Assert.DoesNotContain(stages, s => s.State == "Replied");
    }

    public static TheoryData<string, StateEntry[]> Histories => new()
    {
        { "several requests, a state entered twice", [
            new("a", At(1), "InProgress"), new("a", At(3), "AwaitingCorrection"), new("a", At(8), "InProgress"), new("a", At(10), "Replied"),
            new("b", At(2), "InProgress"), new("b", At(5), "Replied"),
            new("c", At(4), "AwaitingReceipt"), new("c", At(4, 15), "InProgress"), new("c", At(9), "Withdrawn")] },
        { "entries that keep the state (a letter, a note) do not end it", [
            new("a", At(1), "InProgress"), new("a", At(1, 12), "InProgress"), new("a", At(2), "InProgress"), new("a", At(6), "Replied"), new("a", At(7), "Replied"),
            new("b", At(3), "InProgress"), new("b", At(3, 10), "InConsultation"), new("b", At(3, 10), "InConsultation"), new("b", At(5), "InProgress"), new("b", At(9), "Replied")] },
        { "a single entry has no time in any state", [new("a", At(1), "Withdrawn")] },
        { "a single-entry request beside others", [
            new("a", At(1), "Withdrawn"),
            new("b", At(1), "InProgress"), new("b", At(2), "Replied")] },
        { "a reopened request: replied, back in progress, replied again", [
            new("a", At(1), "InProgress"), new("a", At(5), "Replied"), new("a", At(12), "InProgress"), new("a", At(14), "Replied")] },
        { "a state left at the moment it was entered counts the request", [
            new("a", At(1), "AwaitingReceipt"), new("a", At(1), "InProgress"), new("a", At(3), "Replied")] },
        { "sub-millisecond spans count in whole milliseconds", [
            new("a", At(1), "InProgress"), new("a", At(1) + Duration.FromNanoseconds(1_999_900), "InConsultation"),
            new("a", At(1) + Duration.FromNanoseconds(2_000_000), "InProgress"), new("a", At(2) + Duration.FromTicks(3), "Replied"),
            new("b", At(1), "InProgress"), new("b", At(1) + Duration.FromTicks(9), "Replied")] },
        { "no history", [] },
    };

    [Theory]
    [MemberData(nameof(Histories))]
    public void The_contributions_of_the_requests_summed_per_state_are_the_recount_over_their_histories(string name, StateEntry[] entries)
    {
        var summed = StageDurations.Ordered(entries.GroupBy(e => e.RequestId)
            .SelectMany(r => StageDurations.Contribution(r.Select(e => (e.At, e.State))))
            .GroupBy(s => s.State)
            .Select(g => new StageTime(g.Key, g.Count(), g.Aggregate(Duration.Zero, (total, s) => total + s.Spent))));

        Assert.True(StageDurations.Compute(entries).SequenceEqual(summed), name);
    }

    [Fact]
    public void A_request_contributes_each_state_once_with_its_summed_time()
    {
        var contribution = StageDurations.Contribution(
        [
            (At(1), "InProgress"), (At(3), "AwaitingCorrection"), (At(3, 12), "AwaitingCorrection"), (At(8), "InProgress"), (At(10), "Replied"),
        ]);

        Assert.Equal([new StageSpent("InProgress", Duration.FromDays(4)), new StageSpent("AwaitingCorrection", Duration.FromDays(5))], contribution);
    }

    [Fact]
    public void A_single_entry_contributes_nothing() =>
        Assert.Empty(StageDurations.Contribution([(At(1), "Withdrawn")]));

    [Fact]
    public void A_span_counts_in_whole_milliseconds_truncated() =>
        Assert.Equal(Duration.FromMilliseconds(1), StageDurations.Span(At(1), At(1) + Duration.FromNanoseconds(1_999_999)));
}
