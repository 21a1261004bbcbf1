using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Tests;
using CaseFlow.Workflows.DisclosureRequest;

namespace CaseFlow.Workflows.Tests.DisclosureRequest;

/// <summary>Commands the law does not allow are refused with a reason the caseworker can act on, and change nothing.</summary>
public sealed class RefusalScenarios
{
    private static async Task<(WorkflowHost Host, Guid Id)> RegisteredAsync()
    {
        var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        return (host, request.RequestId);
    }

    private static async Task AssertUnchangedAsync(WorkflowHost host, Guid id, Func<Task<Contracts.CommandResult>> command, string reason)
    {
        var before = await host.RowAsync(id);
        var audit = (await host.AuditAsync(id)).Count;
        var result = await command();
        Assert.False(result.Accepted);
        Assert.Contains(reason, result.Reason);
        Assert.False(string.IsNullOrEmpty(result.ReasonEn));
        var after = await host.RowAsync(id);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Data, after.Data);
        Assert.Equal(audit, (await host.AuditAsync(id)).Count);
    }

    [Fact]
    public async Task Replying_twice()
    {
        var (host, id) = await RegisteredAsync();
        await using var _ = host;
        await host.SendAsync(A.Reply(id, 27.September(2024)));

        await AssertUnchangedAsync(host, id, () => host.SendAsync(A.Reply(id, 27.September(2024), Outcome.WithheldStateSecret)), "已答复");
    }

    [Fact]
    public async Task Extending_after_the_due_date()
    {
        var (host, id) = await RegisteredAsync();
        await using var _ = host;
        await host.AdvanceToAsync(31.October(2024));

        await AssertUnchangedAsync(host, id,
            () => host.SendAsync(new RequestExtension { RequestId = id, Actor = A.Caseworker, RequestedOn = 31.October(2024), Days = 10, Reason = "检索量大" }),
            "已于2024-10-30届满");
    }

    [Fact]
    public async Task Correcting_a_request_that_was_never_sent_a_notice()
    {
        var (host, id) = await RegisteredAsync();
        await using var _ = host;

        await AssertUnchangedAsync(host, id,
            () => host.SendAsync(new RecordCorrectedApplication { RequestId = id, Actor = A.Caseworker, CorrectedOn = 27.September(2024) }),
            "不能登记补正申请");
    }

    [Fact]
    public async Task A_second_correction_notice()
    {
        var (host, id) = await RegisteredAsync();
        await using var _ = host;
        await host.SendAsync(A.CorrectionNotice(id, 27.September(2024), 8.October(2024)));
        await host.AdvanceToAsync(8.October(2024));
        await host.SendAsync(new RecordCorrectedApplication { RequestId = id, Actor = A.Caseworker, CorrectedOn = 8.October(2024) });

        await AssertUnchangedAsync(host, id, () => host.SendAsync(A.CorrectionNotice(id, 8.October(2024), 15.October(2024))), "一次性");
    }

    [Fact]
    public async Task A_correction_notice_after_seven_working_days()
    {
        var (host, id) = await RegisteredAsync();
        await using var _ = host;
        await host.AdvanceToAsync(14.October(2024));

        await AssertUnchangedAsync(host, id, () => host.SendAsync(A.CorrectionNotice(id, 14.October(2024), 24.October(2024))), "7个工作日");
    }

    [Fact]
    public async Task An_extension_over_twenty_working_days()
    {
        var (host, id) = await RegisteredAsync();
        await using var _ = host;

        await AssertUnchangedAsync(host, id,
            () => host.SendAsync(new RequestExtension { RequestId = id, Actor = A.Caseworker, RequestedOn = 27.September(2024), Days = 21, Reason = "检索量大" }),
            "1至20个工作日");
    }

    [Fact]
    public async Task A_withheld_reply_without_reasons()
    {
        var (host, id) = await RegisteredAsync();
        await using var _ = host;

        await AssertUnchangedAsync(host, id, () => host.SendAsync(A.Reply(id, 27.September(2024), Outcome.WithheldStateSecret) with { Reasons = "" }), "说明理由");
    }

    [Fact]
    public async Task A_command_to_a_request_that_does_not_exist()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));

        var result = await host.SendAsync(A.Reply(Guid.NewGuid(), 27.September(2024)));

        Assert.False(result.Accepted);
        Assert.Equal("没有这件申请。", result.Reason);
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT COUNT(*) FROM requests"));
    }

    [Fact]
    public async Task Registering_the_same_request_twice()
    {
        var (host, id) = await RegisteredAsync();
        await using var _ = host;

        await AssertUnchangedAsync(host, id, () => host.SendAsync(A.Request(27.September(2024), id: id)), "重复登记");
    }
}
