using CaseFlow.Domain.Reporting;
using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Tests;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Reporting;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Supervision;
using CaseFlow.Workflows.DisclosureRequest;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CaseFlow.Workflows.Tests.DisclosureRequest;

/// <summary>The stored counts of open requests (migration 0032) follow the real workflow through registration, receipt
/// confirmed, correction (clock stopped and restarted), consultation, fee, extension, reply, withdrawal, the reply-due
/// timer and reopening: after each step they equal the recount over the rows, and the workbench/API total, the 督办
/// counts and the dashboard's open by days left equal the <c>COUNT(*)</c> of the same filter on several days. Written
/// once, run on SQLite and on PostgreSQL.</summary>
public abstract class OpenCountScenarios
{
    protected abstract Task<Dictionary<string, string?>> DatabaseAsync();

    private const string Agency = "county-gov";

    [Fact]
    public async Task The_stored_open_counts_follow_every_transition_of_the_workflow()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024), extra: await DatabaseAsync());
        var unconfirmed = A.Request(received: null);
        var corrected = A.Request(received: 27.September(2024));
        var withdrawn = A.Request(received: 27.September(2024));
        var consulted = A.Request(received: 27.September(2024));
        var late = A.Request(received: 27.September(2024));
        foreach (var request in new[] { unconfirmed, corrected, withdrawn, consulted, late })
            Assert.True((await host.SendAsync(request)).Accepted);
        await AssertCountsAsync(host, "registered", open: 5, running: 4, notYetDue: 1, stopped: 0);

        await host.AdvanceToAsync(29.September(2024));
        Assert.True((await host.SendAsync(new Contracts.ConfirmReceipt { RequestId = unconfirmed.RequestId, Actor = A.Caseworker, ReceivedOn = 29.September(2024) })).Accepted);
        await AssertCountsAsync(host, "receipt confirmed", open: 5, running: 5, notYetDue: 0, stopped: 0);

        await host.AdvanceToAsync(8.October(2024));
        Assert.True((await host.SendAsync(A.CorrectionNotice(corrected.RequestId, 8.October(2024), 18.October(2024)))).Accepted);
        Assert.True((await host.SendAsync(new WithdrawRequest { RequestId = withdrawn.RequestId, Actor = A.Caseworker, WithdrawnOn = 8.October(2024), Reason = "申请人来电撤回" })).Accepted);
        await AssertCountsAsync(host, "correction and withdrawal", open: 4, running: 3, notYetDue: null, stopped: null);

        await host.AdvanceToAsync(10.October(2024));
        Assert.True((await host.SendAsync(new RecordCorrectedApplication { RequestId = corrected.RequestId, Actor = A.Caseworker, CorrectedOn = 10.October(2024) })).Accepted);
        await AssertCountsAsync(host, "corrected", open: 4, running: 4, notYetDue: 0, stopped: 0);

        await host.AdvanceToAsync(14.October(2024));
        var consultation = A.Consultation(consulted.RequestId, ConsultationKind.ThirdParty, 14.October(2024));
        Assert.True((await host.SendAsync(consultation)).Accepted);
        Assert.True((await host.SendAsync(new IssueFeeNotice { RequestId = unconfirmed.RequestId, Actor = A.Caseworker, ServedOn = 14.October(2024), Amount = 200m, Basis = "按件计收，第31件起每件200元" })).Accepted);
        await AssertCountsAsync(host, "consultation and fee notice", open: 4, running: 2, notYetDue: 0, stopped: 2);

        await host.AdvanceToAsync(25.October(2024));
        Assert.True((await host.SendAsync(new RecordOpinion
        {
            RequestId = consulted.RequestId, Actor = A.Caseworker, ConsultationId = consultation.ConsultationId, Participant = "某建设有限公司",
            Position = OpinionPosition.Disagree, Reasoning = "涉及商业秘密", ReceivedOn = 25.October(2024),
        })).Accepted);
        Assert.True((await host.SendAsync(new RecordPayment { RequestId = unconfirmed.RequestId, Actor = A.Caseworker, PaidOn = 25.October(2024) })).Accepted);
        Assert.True((await host.SendAsync(new RequestExtension { RequestId = corrected.RequestId, Actor = A.Caseworker, RequestedOn = 25.October(2024), Days = 20, Reason = "涉及档案检索量大" })).Accepted);
        Assert.True((await host.SendAsync(new DecideExtension { RequestId = corrected.RequestId, Actor = A.Head, Approved = true, Days = 15, DecidedOn = 25.October(2024) })).Accepted);
        await AssertCountsAsync(host, "opinion, payment, extension", open: 4, running: 4, notYetDue: 0, stopped: 0);

        var replied = await host.SendAsync(A.Reply(consulted.RequestId, 25.October(2024), Outcome.WithheldThirdPartyRights));
        Assert.True(replied.Accepted, replied.Reason);
        await AssertCountsAsync(host, "replied", open: 3, running: 3, notYetDue: 0, stopped: 0);

        // The reply-due timers fire: the late request is overdue and stays open.
        await host.AdvanceToAsync(5.November(2024));
        await AssertCountsAsync(host, "overdue", open: 3, running: 3, notYetDue: 0, stopped: 0);
        await using (var connection = await host.Services.GetRequiredService<Database>().OpenAsync())
            Assert.True(await OpenCounts.OverdueAsync(connection, Agency, 5.November(2024)) >= 1);

        // Reopened after a corrected reconsideration (Issue 14): open again with a new clock.
        await host.AdvanceToAsync(10.December(2024));
        var tracking = (await host.RequestAsync(consulted.RequestId)).TrackingNumber;
        await using (var connection = await host.Services.GetRequiredService<Database>().OpenAsync())
            await connection.ExecuteAsync(ReportStore.InsertChallenge, new
            {
                AgencyCode = Agency, TrackingNumber = tracking, Kind = "reconsideration", AfterReconsideration = false, FiledOn = 6.November(2024),
                Result = "corrected", DecidedOn = 5.December(2024), RecordedAt = host.Clock.GetCurrentInstant(),
            });
        var reopened = await host.SendAsync(new ReopenAfterChallenge
        {
            RequestId = consulted.RequestId, Actor = A.Caseworker, ChallengeKind = ChallengeKind.Reconsideration, ChallengeFiledOn = 6.November(2024),
            DecisionReceivedOn = 10.December(2024), DecisionReference = "县政府行政复议决定书：撤销原答复，责令重新答复",
        });
        Assert.True(reopened.Accepted, reopened.Reason);
        await AssertCountsAsync(host, "reopened", open: 4, running: 4, notYetDue: 0, stopped: 0);
    }

    /// <summary>Stored = recount, the expected totals (null: not asserted), and every read = the COUNT(*) of its filter
    /// on several days around the requests' due dates.</summary>
    private static async Task AssertCountsAsync(WorkflowHost host, string when, long open, long running, long? notYetDue, long? stopped)
    {
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
        var database = host.Services.GetRequiredService<Database>();
        var (stored, recounted) = await OpenCounts.TotalsAsync(connection);
        Assert.Equal(recounted, stored);
        var (storedDue, recountedDue) = await OpenCounts.RunningDueAsync(connection);
        Assert.Equal(recountedDue, storedDue);
        var agency = stored.Single(r => r.AgencyCode == Agency);
        Assert.True((open, running) == (agency.OpenRequests, agency.Running), $"{when}: open {agency.OpenRequests}, running {agency.Running}");
        Assert.True(notYetDue is null || notYetDue == agency.NotYetDue, $"{when}: not yet due {agency.NotYetDue}");
        Assert.True(stopped is null || stopped == agency.Stopped, $"{when}: stopped {agency.Stopped}");

        foreach (var today in new[] { host.Today, 30.October(2024), 4.November(2024), 20.November(2024), 10.January(2025) })
        {
            foreach (var scope in new[] { RequestScope.Open, RequestScope.Overdue })
            {
                var filter = new RequestFilter { AgencyCode = Agency, Scope = scope, Today = today };
                var (recount, parameters) = RequestList.Recount(filter);
                Assert.True(await connection.ExecuteScalarAsync<long>(recount, parameters) == (await RequestList.QueryAsync(connection, database.Dialect, filter)).Total,
                    $"{when}: {scope} on {today}");
            }
            foreach (var list in new[] { FollowUpList.Overdue, FollowUpList.DueSoon })
                Assert.True(await FollowUpLists.RecountAsync(connection, list, Agency, today, today.PlusDays(10), today.PlusDays(-30), today)
                            == await FollowUpLists.CountAsync(connection, list, Agency, today, today.PlusDays(10), today.PlusDays(-30), today), $"{when}: {list} on {today}");
            Assert.Equal(await Dashboard.RecountOpenByDaysLeftAsync(connection, Agency, today, today.PlusDays(4), today.PlusDays(9)),
                await Dashboard.OpenByDaysLeftAsync(connection, Agency, today, today.PlusDays(4), today.PlusDays(9)));
        }
    }
}

public sealed class OpenCountsOnSqlite : OpenCountScenarios
{
    protected override Task<Dictionary<string, string?>> DatabaseAsync() => Task.FromResult(new Dictionary<string, string?>());
}

public sealed class OpenCountsOnPostgreSql : OpenCountScenarios
{
    protected override async Task<Dictionary<string, string?>> DatabaseAsync()
    {
        var server = await Testing.PostgresServer.StartSharedAsync();
        return new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["Database:ConnectionString"] = await server.CreateDatabaseAsync("opencounts"),
        };
    }
}
