using CaseFlow.Contracts;
using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Reporting;
using CaseFlow.Domain.Supervision;
using CaseFlow.Domain.Tests;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Migrations;
using CaseFlow.Persistence.Reporting;
using CaseFlow.Persistence.Supervision;
using CaseFlow.Testing;
using CaseFlow.Workflows.DisclosureRequest;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CaseFlow.Workflows.Tests.DisclosureRequest;

/// <summary>The dashboard's time per stage (各环节用时, issue 15 item 3) is stored when a request closes (stage_time_counts,
/// migration 0034): at every step the counters equal the recount over the audit trail of the requests closed (what the
/// dashboard read before), a reopened request's contribution is taken back and counted again, whole, when it closes again;
/// and the migration's back-fill of requests closed before it gives the same counters.</summary>
public sealed class StageTimeScenarios
{
    private static readonly LocalDate From = new(2024, 1, 1), To = new(2025, 12, 31);

    private static async Task<WorkflowHost> StartAsync(string provider) => provider == "PostgreSql"
        ? await WorkflowHost.StartAsync(1.March(2024), extra: new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["Database:ConnectionString"] = await (await PostgresServer.StartSharedAsync()).CreateDatabaseAsync("stage_times"),
        })
        : await WorkflowHost.StartAsync(1.March(2024));

    /// <summary>The stored counters and the recount, over every agency and per agency.</summary>
    private static async Task<IReadOnlyList<StageTime>> AssertStoredEqualsRecountAsync(WorkflowHost host)
    {
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
        foreach (var agency in new[] { null, "county-gov", "nature-res" })
        {
            var stored = await Dashboard.StageTimesAsync(connection, agency, From, To);
            var recount = StageDurations.Compute((await Dashboard.StateHistoryAsync(connection, agency, From, To)).Select(h => new StateEntry(h.RequestId, h.At, h.State)));
            Assert.Equal(recount, stored);
        }
        return await Dashboard.StageTimesAsync(connection, null, From, To);
    }

    private static async Task RecordCorrectedChallengeAsync(WorkflowHost host, Guid id, LocalDate filedOn, LocalDate decidedOn)
    {
        var tracking = (await host.RequestAsync(id)).TrackingNumber;
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
        await connection.ExecuteAsync(ReportStore.InsertChallenge, new
        {
            AgencyCode = "county-gov", TrackingNumber = tracking, Kind = "reconsideration", AfterReconsideration = false, FiledOn = filedOn,
            Result = "corrected", DecidedOn = decidedOn, RecordedAt = host.Clock.GetCurrentInstant(),
        });
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Closing_reopening_and_closing_again_keep_the_stored_time_per_stage_equal_to_the_recount_and_the_back_fill_gives_the_same(string provider)
    {
        await using var host = await StartAsync(provider);
        var replied = A.Request(received: 1.March(2024));
        var withdrawn = A.Request(received: 1.March(2024), agency: "nature-res");
        var reopened = A.Request(received: 4.March(2024));
        var open = A.Request(received: 4.March(2024));
        var consulted = A.Request(received: 4.March(2024));
        foreach (var request in new[] { replied, withdrawn, reopened, open, consulted })
        {
            if (request.ReceivedOn > host.Today)
                await host.AdvanceToAsync(request.ReceivedOn!.Value);
            var registered = await host.SendAsync(request);
            Assert.True(registered.Accepted, registered.Reason);
        }
        Assert.Empty(await AssertStoredEqualsRecountAsync(host));

        await host.AdvanceToAsync(8.March(2024));
        Assert.True((await host.SendAsync(new WithdrawRequest { RequestId = withdrawn.RequestId, Actor = A.Caseworker, WithdrawnOn = 8.March(2024), Reason = "申请人来电撤回" })).Accepted);
        await host.AdvanceToAsync(20.March(2024));
        Assert.True((await host.SendAsync(A.Reply(replied.RequestId, 20.March(2024), Outcome.WithheldThirdPartyRights))).Accepted);
        await host.AdvanceToAsync(22.March(2024));
        Assert.True((await host.SendAsync(A.Reply(reopened.RequestId, 22.March(2024)))).Accepted);
        var closed = await AssertStoredEqualsRecountAsync(host);
        Assert.Equal(3, closed.Single(s => s.State == "InProgress").Requests);

        // Withdrawn while a third party is consulted: the consultation's window ends later and its entry goes to the closed
        // request's trail (its case file); the stored time per stage follows the trail as the recount reads it.
        var consultation = await host.SendAsync(A.Consultation(consulted.RequestId, ConsultationKind.ThirdParty, 22.March(2024)));
        Assert.True(consultation.Accepted, consultation.Reason);
        await host.AdvanceToAsync(25.March(2024));
        var withdrawal = await host.SendAsync(new WithdrawRequest { RequestId = consulted.RequestId, Actor = A.Caseworker, WithdrawnOn = 25.March(2024), Reason = "申请人撤回" });
        Assert.True(withdrawal.Accepted, withdrawal.Reason);
        await AssertStoredEqualsRecountAsync(host);
        var closedOn = (await host.RequestAsync(consulted.RequestId)).ClosedOn;
        await host.AdvanceToAsync(30.April(2024));
        await using (var connection = await host.Services.GetRequiredService<Database>().OpenAsync())
            Assert.True(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_entries WHERE request_id = @Id AND occurred_at > @After",
                new { Id = consulted.RequestId.ToString(), After = ChinaTime.StartOf(closedOn!.Value.PlusDays(1)) }) > 0);
        await AssertStoredEqualsRecountAsync(host);

        // Reopened after a corrected reconsideration: its first period is taken back (the recount no longer sees it closed).
        await host.AdvanceToAsync(10.May(2024));
        await RecordCorrectedChallengeAsync(host, reopened.RequestId, 2.April(2024), 8.May(2024));
        var reopening = await host.SendAsync(new ReopenAfterChallenge
        {
            RequestId = reopened.RequestId, Actor = A.Caseworker, ChallengeKind = ChallengeKind.Reconsideration, ChallengeFiledOn = 2.April(2024),
            DecisionReceivedOn = 10.May(2024), DecisionReference = "县府复决〔2024〕12号：撤销原答复，责令重新答复",
        });
        Assert.True(reopening.Accepted, reopening.Reason);
        var whileReopened = await AssertStoredEqualsRecountAsync(host);
        Assert.Equal(3, whileReopened.Single(s => s.State == "InProgress").Requests);

        // Closed again: its whole history counts once (the first period, the time replied, the new period).
        await host.AdvanceToAsync(20.May(2024));
        Assert.True((await host.SendAsync(A.Reply(reopened.RequestId, 20.May(2024)))).Accepted);
        var again = await AssertStoredEqualsRecountAsync(host);
        Assert.Equal(4, again.Single(s => s.State == "InProgress").Requests);
        Assert.Equal(1, again.Single(s => s.State == "Replied").Requests);

        // The migration's back-fill over the same database: 0034 applied again from scratch, its C# step counting every
        // closed request from its audit trail.
        await using (var connection = await host.Services.GetRequiredService<Database>().OpenAsync())
            await connection.ExecuteAsync("DROP TABLE stage_time_counts; DELETE FROM schema_migrations WHERE version = 34;");
        var applied = await new Migrator(host.Services.GetRequiredService<Database>(), host.Clock).MigrateAsync();
        Assert.Equal([34], applied.Select(m => m.Version));
        Assert.Equal(again, await AssertStoredEqualsRecountAsync(host));
    }
}
