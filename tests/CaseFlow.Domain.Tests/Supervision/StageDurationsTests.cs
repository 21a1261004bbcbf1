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
}
