using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Workplace;
using NodaTime;

namespace CaseFlow.Persistence.Tests.Suite;

/// <summary>The workbench list and the workplace tables, on every database (scenarios of <see cref="PersistenceScenarios"/>).</summary>
public static class WorkplaceScenarioSteps
{
    public static readonly Instant Now = Instant.FromUtc(2024, 9, 27, 1, 0);

    public static RequestRow Row(string agency, int n, LocalDate? due, LocalDate? closed = null, string name = "王小明") => new()
    {
        Id = Guid.NewGuid().ToString(), Version = 1, State = closed is null ? "InProgress" : "Replied", AgencyCode = agency,
        TrackingNumber = $"2024-{n:D6}", ApplicantName = name, ApplicantType = 1, Channel = n % 2 == 0 ? 1 : 4, Handler = n % 3 == 0 ? "li" : "wang",
        Description = $"第{n}件", ReceivedOn = new LocalDate(2024, 9, 1), ReplyDueOn = due, ClosedOn = closed,
        // What the workflow stores (ReplyClockStatus): an open request with a due date runs; a closed one counts under 三(六)3.
        ClockRunning = closed is null && due is not null,
        CountedOutcome = closed is null ? null : (int)CaseFlow.Domain.Deadlines.ReplyClockStatus.Counted(null, null),
        RegisteredAt = Now.Plus(Duration.FromMinutes(n)), UpdatedAt = Now, Data = "{}",
    };
}
