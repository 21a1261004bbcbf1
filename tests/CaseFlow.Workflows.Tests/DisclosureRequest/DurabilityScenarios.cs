using CaseFlow.Domain.Tests;
using CaseFlow.Workflows.DisclosureRequest;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Workflows.Tests.DisclosureRequest;

/// <summary>Restarts and redeliveries: nothing lost, nothing done twice.</summary>
public sealed class DurabilityScenarios
{
    [Fact]
    public async Task A_restart_between_every_step_loses_nothing_and_duplicates_no_audit_entry()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        await host.RestartAsync();
        await host.AdvanceToAsync(8.October(2024));
        await host.SendAsync(A.CorrectionNotice(request.RequestId, 8.October(2024), 18.October(2024)));
        await host.RestartAsync();
        await host.AdvanceToAsync(10.October(2024));
        await host.SendAsync(new RecordCorrectedApplication { RequestId = request.RequestId, Actor = A.Caseworker, CorrectedOn = 10.October(2024) });
        await host.RestartAsync();
        await host.AdvanceToAsync(21.October(2024));
        await host.SendAsync(new RequestExtension { RequestId = request.RequestId, Actor = A.Caseworker, RequestedOn = 21.October(2024), Days = 10, Reason = "检索量大" });
        await host.RestartAsync();
        await host.SendAsync(new DecideExtension { RequestId = request.RequestId, Actor = A.Head, Approved = true, Days = 10, DecidedOn = 21.October(2024) });
        await host.RestartAsync();
        await host.AdvanceToAsync(20.November(2024));
        await host.RestartAsync();
        await host.SendAsync(A.Reply(request.RequestId, 20.November(2024)));

        var r = await host.RequestAsync(request.RequestId);
        Assert.Equal("Replied", r.CurrentState);
        Assert.Equal(20.November(2024), r.ReplyDueOn);
        Assert.True(r.Reply!.OnTime);
        var audit = await host.AuditAsync(request.RequestId);
        Assert.Equal(
            ["RegisterRequest", "IssueCorrectionNotice", "RecordCorrectedApplication", "RequestExtension", "DecideExtension", "ServeReply"],
            audit.Where(a => !a.Activity.StartsWith("DeadlineReached", StringComparison.Ordinal)).Select(a => a.Activity));
        Assert.Equal(audit.Count, audit.Select(a => a.MessageId).Distinct().Count());
        var published = (await host.PublishedAsync()).Select(p => p.Type).ToList();
        Assert.Equal(2, published.Count(t => t == "DeadlineApproaching"));
        Assert.Single(published, t => t == "RequestClosed");
    }

    [Fact]
    public async Task A_timer_due_while_the_host_was_down_fires_once_after_the_restart()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        await host.SendAsync(A.CorrectionNotice(request.RequestId, 27.September(2024), 8.October(2024)));

        host.Clock.Reset(Workflows.DisclosureRequest.ChinaTime.StartOf(15.October(2024)));
        await host.RestartAsync();
        await host.PumpAsync();

        var r = await host.RequestAsync(request.RequestId);
        Assert.Equal("Closed", r.CurrentState);
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT COUNT(*) FROM deadlines WHERE status = 'fired' AND kind = @Kind", new { Kind = DeadlineKinds.CorrectionPeriodEnds }));
        Assert.Single(await host.AuditAsync(request.RequestId), a => a.Activity == "DeadlineReached:correction-period-ends");
    }

    [Fact]
    public async Task A_redelivered_message_changes_nothing()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        var notice = A.CorrectionNotice(request.RequestId, 27.September(2024), 8.October(2024));
        var messageId = NewId.NextGuid();
        var bus = host.Services.GetRequiredService<IBus>();

        await bus.Publish(notice, c => c.MessageId = messageId);
        await bus.Publish(notice, c => c.MessageId = messageId);
        await host.SendAsync(new WithdrawRequest { RequestId = request.RequestId, Actor = A.Caseworker, WithdrawnOn = 27.September(2024) });

        var audit = await host.AuditAsync(request.RequestId);
        Assert.Equal(["RegisterRequest", "IssueCorrectionNotice", "WithdrawRequest"], audit.Select(a => a.Activity));
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT COUNT(*) FROM inbox WHERE message_id = @Id", new { Id = messageId.ToString() }));
    }

    [Fact]
    public async Task The_audit_trail_cannot_be_changed_or_deleted()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);

        var update = await Assert.ThrowsAnyAsync<Exception>(() => host.ScalarAsync<long>("UPDATE audit_entries SET actor = 'x'; SELECT 1"));
        var delete = await Assert.ThrowsAnyAsync<Exception>(() => host.ScalarAsync<long>("DELETE FROM audit_entries; SELECT 1"));

        Assert.Contains("append-only", update.Message);
        Assert.Contains("append-only", delete.Message);
        Assert.Single(await host.AuditAsync(request.RequestId));
    }

    [Fact]
    public async Task Loading_a_new_calendar_year_recomputes_open_requests_and_audits_it()
    {
        var partial = Directory.CreateTempSubdirectory("caseflow-calendars-").FullName;
        Directory.CreateDirectory(Path.Combine(partial, "cn"));
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "calendars", "cn")).Where(f => !f.EndsWith("2025.cal", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(partial, "cn", Path.GetFileName(file)));
        await using var host = await WorkflowHost.StartAsync(20.December(2024), calendarsDirectory: partial);
        var request = A.Request(received: 20.December(2024));
        await host.SendAsync(request);
        var provisional = await host.RowAsync(request.RequestId);
        Assert.True(provisional.Provisional);
        Assert.Equal(17.January(2025), provisional.ReplyDueOn);

        await host.RestartAsync(calendarsDirectory: Path.Combine(AppContext.BaseDirectory, "calendars"));

        var settled = await host.RowAsync(request.RequestId);
        Assert.False(settled.Provisional);
        Assert.Equal(20.January(2025), settled.ReplyDueOn);
        var audit = await host.AuditAsync(request.RequestId);
        var recompute = Assert.Single(audit, a => a.Activity == "RecomputeDeadlines");
        // The entry holds the new value; the value before is the one the registration's entry set (issue 15: diffs).
        Assert.Contains("\"replyDueOn\":\"2025-01-20\"", recompute.Changes);
        Assert.Contains("\"replyDueOn\":\"2025-01-17\"", audit[0].Changes);
        Assert.Contains(await host.DeadlinesAsync(request.RequestId), d => d.Kind == DeadlineKinds.ReplyDue && d.Status == "pending" && d.DueOn == 20.January(2025));
    }
}
