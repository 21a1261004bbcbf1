using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Reporting;
using CaseFlow.Domain.Tests;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Reporting;
using CaseFlow.Persistence.Requests;
using CaseFlow.Workflows.DisclosureRequest;
using Dapper;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CaseFlow.Workflows.Tests.DisclosureRequest;

/// <summary>Issue 14 (重新答复): a reconsideration or lawsuit whose result corrected the handling (结果纠正, 责令重新答复)
/// reopens the request into a new reply period with its own clock; the first reply stays counted in its year.</summary>
public sealed class ReopeningScenarios
{
    private static async Task RecordChallengeAsync(WorkflowHost host, string trackingNumber, string kind, LocalDate filedOn, string result, LocalDate? decidedOn)
    {
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
        await connection.ExecuteAsync(ReportStore.InsertChallenge, new
        {
            AgencyCode = "county-gov", TrackingNumber = trackingNumber, Kind = kind, AfterReconsideration = false, FiledOn = filedOn, Result = result,
            DecidedOn = decidedOn, RecordedAt = host.Clock.GetCurrentInstant(),
        });
    }

    private static ReopenAfterChallenge Reopen(Guid id, LocalDate receivedOn, LocalDate filedOn, ChallengeKind kind = ChallengeKind.Reconsideration,
        LocalDate? dueOn = null) => new()
    {
        RequestId = id, Actor = A.Caseworker, ChallengeKind = kind, ChallengeFiledOn = filedOn, DecisionReceivedOn = receivedOn, ReplyDueOn = dueOn,
        DecisionReference = "县政府行政复议决定书（县府复决〔2024〕12号）：撤销原答复，责令重新答复",
    };

    [Fact]
    public async Task Reply_then_a_corrected_reconsideration_reopens_the_request_with_a_new_clock_and_both_years_count_right()
    {
        await using var host = await WorkflowHost.StartAsync(1.March(2024));
        var request = A.Request(received: 1.March(2024));
        await host.SendAsync(request);
        await host.AdvanceToAsync(20.March(2024));
        Assert.True((await host.SendAsync(A.Reply(request.RequestId, 20.March(2024), Outcome.WithheldThirdPartyRights))).Accepted);
        var tracking = (await host.RequestAsync(request.RequestId)).TrackingNumber;

        await host.AdvanceToAsync(10.December(2024));
        await RecordChallengeAsync(host, tracking, "reconsideration", 6.May(2024), "corrected", 5.December(2024));
        await RecordChallengeAsync(host, tracking, "litigation", 7.May(2024), "upheld", 1.December(2024));

        // Only a corrected challenge of this request reopens it.
        var unknown = await host.SendAsync(Reopen(request.RequestId, 10.December(2024), 8.May(2024)));
        Assert.False(unknown.Accepted);
        var upheld = await host.SendAsync(Reopen(request.RequestId, 10.December(2024), 7.May(2024), ChallengeKind.Litigation));
        Assert.False(upheld.Accepted);
        Assert.Contains("纠正", upheld.Reason);
        var beforeDecision = await host.SendAsync(Reopen(request.RequestId, 4.December(2024), 6.May(2024)));
        Assert.False(beforeDecision.Accepted);

        var reopened = await host.SendAsync(Reopen(request.RequestId, 10.December(2024), 6.May(2024)));
        Assert.True(reopened.Accepted, reopened.Reason);
        var r = await host.RequestAsync(request.RequestId);
        Assert.Equal(nameof(DisclosureRequestStateMachine.InProgress), r.CurrentState);
        // Convention: 20 working days from the day the decision was received (New Year's Day skipped).
        Assert.Equal(8.January(2025), r.ReplyDueOn);
        Assert.True(r.ClockRunning);
        Assert.Null(r.ClosedOn);
        var earlier = Assert.Single(r.EarlierReplies);
        Assert.Equal((1.March(2024), 20.March(2024), Outcome.WithheldThirdPartyRights), (earlier.StartsOn, earlier.ClosedOn, earlier.CountedOutcome));
        Assert.Contains(await host.DeadlinesAsync(request.RequestId), d => d.Kind == DeadlineKinds.ReplyDue && d.DueOn == 8.January(2025));

        await using (var connection = await host.Services.GetRequiredService<Database>().OpenAsync())
        {
            Assert.Single(await EarlierReplies.OfRequestAsync(connection, request.RequestId));
            // 2024 at its end: received once, reopened once (一 = 2); the first reply in 三(三)4; the new period open (四 = 1).
            var y2024 = await ReportStore.ComputeAsync(connection, 2024, "county-gov");
            Assert.Equal(2, y2024.Applications.NewlyReceived.Total);
            Assert.Equal(1, y2024.Applications[ReportRow.WithheldThirdPartyRights].Total);
            Assert.Equal(1, y2024.Applications.OutcomeTotal.Total);
            Assert.Equal(1, y2024.Applications.CarriedForward.Total);
            Assert.Empty(y2024.Check());
            Assert.True(ReportStore.SameTables(y2024, await ReportStore.RecountAsync(connection, 2024, "county-gov")));
        }

        // The new reply in January 2025, on time against the new period.
        await host.AdvanceToAsync(8.January(2025));
        Assert.True((await host.SendAsync(A.Reply(request.RequestId, 8.January(2025), Outcome.Disclosed))).Accepted);
        r = await host.RequestAsync(request.RequestId);
        Assert.Equal(nameof(DisclosureRequestStateMachine.Replied), r.CurrentState);
        Assert.True(r.OnTime);

        await using (var connection = await host.Services.GetRequiredService<Database>().OpenAsync())
        {
            var y2024 = await ReportStore.ComputeAsync(connection, 2024, "county-gov");
            var y2025 = await ReportStore.ComputeAsync(connection, 2025, "county-gov");
            Assert.Equal(1, y2024.Applications.CarriedForward.Total);
            // 本年二 = 上年四: the reopened period carried over and replied in 2025.
            Assert.Equal(0, y2025.Applications.NewlyReceived.Total);
            Assert.Equal(1, y2025.Applications.CarriedOver.Total);
            Assert.Equal(1, y2025.Applications[ReportRow.Disclosed].Total);
            Assert.Equal(0, y2025.Applications.CarriedForward.Total);
            Assert.Empty(y2025.Check(y2024));
            Assert.True(ReportStore.SameTables(y2024, await ReportStore.RecountAsync(connection, 2024, "county-gov")));
            Assert.True(ReportStore.SameTables(y2025, await ReportStore.RecountAsync(connection, 2025, "county-gov")));
        }

        // Once per challenge.
        var again = await host.SendAsync(Reopen(request.RequestId, 8.January(2025), 6.May(2024)));
        Assert.False(again.Accepted);
        Assert.Contains("一次", again.Reason);
    }

    [Fact]
    public async Task A_reply_date_set_by_the_decision_is_the_new_due_date_and_an_open_request_is_not_reopened()
    {
        await using var host = await WorkflowHost.StartAsync(3.June(2024));
        var request = A.Request(received: 3.June(2024)) with { Handler = "刘伟" };
        await host.SendAsync(request);
        var tracking = (await host.RequestAsync(request.RequestId)).TrackingNumber;
        await RecordChallengeAsync(host, tracking, "litigation", 3.June(2024), "corrected", 3.June(2024));

        // Still open: there is nothing to reopen (Replied and Closed only).
        var open = await host.SendAsync(Reopen(request.RequestId, 3.June(2024), 3.June(2024), ChallengeKind.Litigation));
        Assert.False(open.Accepted);

        await host.AdvanceToAsync(10.June(2024));
        await host.SendAsync(A.Reply(request.RequestId, 10.June(2024), Outcome.CannotProvideNotHeld));
        await host.AdvanceToAsync(1.July(2024));
        var reopened = await host.SendAsync(Reopen(request.RequestId, 1.July(2024), 3.June(2024), ChallengeKind.Litigation, dueOn: 15.July(2024)));
        Assert.True(reopened.Accepted, reopened.Reason);
        Assert.Equal(15.July(2024), (await host.RequestAsync(request.RequestId)).ReplyDueOn);

        // Served after the date the decision set: late.
        await host.AdvanceToAsync(17.July(2024));
        await host.SendAsync(A.Reply(request.RequestId, 17.July(2024), Outcome.PartlyDisclosed));
        var r = await host.RequestAsync(request.RequestId);
        Assert.False(r.OnTime);
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
        var y2024 = await ReportStore.ComputeAsync(connection, 2024, "county-gov");
        Assert.Equal(2, y2024.Applications.NewlyReceived.Total);
        Assert.Equal(1, y2024.Applications[ReportRow.CannotProvideNotHeld].Total);
        Assert.Equal(1, y2024.Applications[ReportRow.PartlyDisclosed].Total);
        Assert.Equal(0, y2024.Applications.CarriedForward.Total);
        Assert.True(ReportStore.SameTables(y2024, await ReportStore.RecountAsync(connection, 2024, "county-gov")));

        // The on-time rates count both replies, each by its own clock (ReplyTimeliness, Art. 33): the first on time on
        // 10 June (due 1 July), the second late on 17 July (due 15 July by the decision), each in its month's counters.
        var months = await Persistence.Supervision.Dashboard.TimelinessMonthsAsync(connection, "county-gov", new YearMonth(2024, 1), new YearMonth(2024, 12));
        Assert.Equal([(1.June(2024), "刘伟", 1L, 1L), (1.July(2024), "刘伟", 1L, 0L)],
            months.OrderBy(c => c.Month).Select(c => (c.Month, c.Handler, c.Replied, c.OnTime)));
        var earlier = Assert.Single(await EarlierReplies.OfRequestAsync(connection, request.RequestId));
        Assert.Equal((true, (bool?)true, (bool?)true, false, "刘伟"), (earlier.Replied, earlier.OnTime, earlier.OnTimeWithoutExtension, earlier.Extended, earlier.Handler));
    }

    /// <summary>A follower of the public events keeping its own list of open and closed requests, as an integrator's
    /// portal does: closed on RequestClosed, open again on RequestReopened.</summary>
    private sealed class Follower
    {
        public List<Contracts.RequestReopened> Reopened { get; } = [];
        public Dictionary<Guid, string> Status { get; } = [];
        public int Closed;
        private readonly SemaphoreSlim _heard = new(0);

        public void Hear(Action change)
        {
            lock (this)
                change();
            _heard.Release();
        }

        /// <summary>Waits until <paramref name="condition"/> holds, re-checking whenever a message is heard.</summary>
        public async Task UntilAsync(Func<bool> condition)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                lock (this)
                    if (condition())
                        return;
                if (!await _heard.WaitAsync(deadline - DateTime.UtcNow))
                    throw new TimeoutException("The follower did not hear what was expected.");
            }
        }
    }

    [Fact]
    public async Task Reopening_publishes_RequestReopened_once_through_the_outbox_and_a_follower_marks_the_request_open_again()
    {
        await using var host = await WorkflowHost.StartAsync(1.March(2024));
        var follower = new Follower();
        var endpoint = host.Services.GetRequiredService<IBus>().ConnectReceiveEndpoint("test-follower", e =>
        {
            e.Handler<Contracts.RequestClosed>(c =>
            {
                follower.Hear(() => { follower.Closed++; follower.Status[c.Message.RequestId] = "closed"; });
                return Task.CompletedTask;
            });
            e.Handler<Contracts.RequestReopened>(c =>
            {
                follower.Hear(() => { follower.Reopened.Add(c.Message); follower.Status[c.Message.RequestId] = "open"; });
                return Task.CompletedTask;
            });
        });
        await endpoint.Ready;

        var request = A.Request(received: 1.March(2024));
        await host.SendAsync(request);
        await host.AdvanceToAsync(20.March(2024));
        await host.SendAsync(A.Reply(request.RequestId, 20.March(2024), Outcome.WithheldThirdPartyRights));
        await follower.UntilAsync(() => follower.Closed == 1);
        Assert.Equal("closed", follower.Status[request.RequestId]);
        var tracking = (await host.RequestAsync(request.RequestId)).TrackingNumber;
        await host.AdvanceToAsync(10.December(2024));
        await RecordChallengeAsync(host, tracking, "reconsideration", 6.May(2024), "corrected", 5.December(2024));

        // A refused reopening publishes nothing.
        Assert.False((await host.SendAsync(Reopen(request.RequestId, 10.December(2024), 8.May(2024)))).Accepted);
        Assert.DoesNotContain(await host.PublishedAsync(), p => p.Type == "RequestReopened");

        Assert.True((await host.SendAsync(Reopen(request.RequestId, 10.December(2024), 6.May(2024)))).Accepted);
        await follower.UntilAsync(() => follower.Status[request.RequestId] == "open");

        // Written to the outbox in the reopening's transaction, relayed once.
        var outbox = Assert.Single(await host.PublishedAsync(), p => p.Type == "RequestReopened");
        Assert.Contains("\"replyDueOn\":\"2025-01-08\"", outbox.Body);
        Assert.Equal(0L, await host.ScalarAsync<long>(Persistence.Messaging.Outbox.CountUnsent));
        var heard = Assert.Single(follower.Reopened);
        Assert.Equal((request.RequestId, "county-gov", tracking), (heard.RequestId, heard.AgencyCode, heard.TrackingNumber));
        Assert.Equal((10.December(2024), 8.January(2025), "reconsideration", 6.May(2024), 1), (heard.ReopenedOn, heard.ReplyDueOn, heard.ChallengeKind, heard.ChallengeFiledOn, heard.Reopening));
        Assert.StartsWith("县政府行政复议决定书", heard.DecisionReference);

        // The new reply closes it again for the follower; the reopening was heard once, before it (the outbox keeps the order).
        await host.AdvanceToAsync(8.January(2025));
        await host.SendAsync(A.Reply(request.RequestId, 8.January(2025), Outcome.Disclosed));
        await follower.UntilAsync(() => follower.Closed == 2);
        Assert.Equal("closed", follower.Status[request.RequestId]);
        Assert.Single(follower.Reopened);
        Assert.Single(await host.PublishedAsync(), p => p.Type == "RequestReopened");
    }
}
