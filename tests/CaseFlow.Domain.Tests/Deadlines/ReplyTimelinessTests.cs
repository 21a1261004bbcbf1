using CaseFlow.Domain.Deadlines;
using CaseFlow.Domain.Requests;
using NodaTime;

namespace CaseFlow.Domain.Tests.Deadlines;

/// <summary>How each reply period counts in the supervisors' on-time rates (Art. 33; OGI-RULES §3): a reply served on or
/// before the due date in force when served is on time. A request reopened after a challenge (issue 14) has one row per
/// reply period, each judged by that period's own due date: the rows for 2024-000123 are its first reply (due 30 October
/// 2024, extended by 10 working days to 13 November) and its reply after the reconsideration decision received on 10
/// December (due 8 January 2025).</summary>
public class ReplyTimelinessTests
{
    public static TheoryData<string, CloseReason, LocalDate, LocalDate, int, bool, bool?, bool?, bool> Cases => new()
    {
        // case                                                   closed by                        closed on          due on (in force)   ext. days  reply  on time  without ext.  extended
        { "served on the due date: on time (Art. 33 ¶1)",          CloseReason.Replied,          30.October(2024),  30.October(2024),   0,         true,  true,    true,         false },
        { "served the day after: late",                            CloseReason.Replied,          31.October(2024),  30.October(2024),   0,         true,  false,   false,        false },
        { "on time thanks to an extension (Art. 33 ¶2)",           CloseReason.Replied,          12.November(2024), 13.November(2024),  10,        true,  true,    false,        true },
        { "late even with the extension",                          CloseReason.Replied,          14.November(2024), 13.November(2024),  10,        true,  false,   false,        true },
        { "2024-000123 first period: late by its own due date",    CloseReason.Replied,          14.November(2024), 13.November(2024),  10,        true,  false,   false,        true },
        { "2024-000123 after reopening: on time by the new date",  CloseReason.Replied,          8.January(2025),   8.January(2025),    0,         true,  true,    true,         false },
        { "a reopened period late by the date the decision set",   CloseReason.Replied,          17.July(2024),     15.July(2024),      0,         true,  false,   false,        false },
        { "Art. 39 ¶1 answer: on time, but no reply in the rates", CloseReason.NotAnOgiRequest,  10.June(2024),     28.June(2024),      0,         false, true,    true,         false },
        { "withdrawn: no reply, no on-time decision",              CloseReason.Withdrawn,        10.June(2024),     28.June(2024),      0,         false, null,    null,         false },
        { "deemed abandoned (Art. 30): no reply",                  CloseReason.DeemedAbandoned,  10.June(2024),     28.June(2024),      0,         false, null,    null,         false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_reply_period_counts_by_its_own_clock(string @case, CloseReason closedBy, LocalDate closedOn, LocalDate dueOn, int extensionDays,
        bool replied, bool? onTime, bool? onTimeWithoutExtension, bool extended)
    {
        var timeliness = ReplyTimeliness.Of(closedBy, closedOn, dueOn, extensionDays);

        Assert.True(new ReplyTimeliness(replied, onTime, onTimeWithoutExtension, extended) == timeliness, $"{@case}: {timeliness}");
    }

    [Fact]
    public void The_closed_requests_decision_is_the_same_rule()
    {
        var status = ReplyClockStatus.Decide(new RequestClockFacts
        {
            Stage = RequestStage.Replied, ClosedOn = 14.November(2024), ReplyDueOn = 13.November(2024), ExtensionWorkingDays = 10,
            CloseReason = CloseReason.Replied,
        }, 14.November(2024));
        var timeliness = ReplyTimeliness.Of(CloseReason.Replied, 14.November(2024), 13.November(2024), 10);

        Assert.Equal((timeliness.OnTime, timeliness.OnTimeWithoutExtension), (status.OnTime, status.OnTimeWithoutExtension));
        Assert.Equal((false, false), (status.OnTime, status.OnTimeWithoutExtension));
    }
}
