using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Tests;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseFlow.Workflows.Tests.DisclosureRequest;

/// <summary>Commands on the bus are validated as strictly as the HTTP API, in front of the saga: a malformed command
/// is refused with the <see cref="Contracts.CommandResult"/> and stores nothing.</summary>
public sealed class CommandValidationScenarios
{
    private static async Task<long> RowsAsync(WorkflowHost host) => await host.ScalarAsync<long>("SELECT COUNT(*) FROM requests");

    [Fact]
    public async Task Two_refused_registrations_in_a_row_are_both_refused_and_store_nothing()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));

        // Received tomorrow: refused. Before the fix the first left an Initial row with an empty tracking number and the
        // second hit the unique index, was retried and faulted instead of being refused.
        var first = await host.SendAsync(A.Request(received: 28.September(2024)));
        var second = await host.SendAsync(A.Request(received: 28.September(2024)));

        Assert.False(first.Accepted);
        Assert.False(second.Accepted);
        Assert.Contains("不能晚于今天", second.Reason);
        Assert.Equal(0, await RowsAsync(host));
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT COUNT(*) FROM audit_entries"));
        var valid = await host.SendAsync(A.Request(received: 27.September(2024)));
        Assert.True(valid.Accepted);
        Assert.Equal(1, await RowsAsync(host));
    }

    [Theory]
    [InlineData("applicantType", "99")]
    [InlineData("channel", "42")]
    [InlineData("applicantName", "long")]
    [InlineData("formOfProvision", "Carrier pigeon")]
    [InlineData("actor", "long")]
    public async Task A_malformed_registration_is_refused_naming_the_field(string field, string value)
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        var name = new string('王', 100_000);
        request = field switch
        {
            "applicantType" => request with { ApplicantType = value },
            "channel" => request with { Channel = value },
            "applicantName" => request with { ApplicantName = name },
            "formOfProvision" => request with { FormOfProvision = value },
            _ => request with { Actor = name },
        };

        var result = await host.SendAsync(request);

        Assert.False(result.Accepted);
        Assert.Contains(field, result.ReasonEn);
        Assert.Equal(0, await RowsAsync(host));
    }

    [Fact]
    public async Task An_undefined_outcome_or_an_oversize_text_is_refused_and_changes_nothing()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        var before = await host.RowAsync(request.RequestId);

        var undefined = await host.SendAsync(A.Reply(request.RequestId, 27.September(2024)) with { Outcome = (Outcome)999 });
        var oversize = await host.SendAsync(new WithdrawRequest
        {
            RequestId = request.RequestId, Actor = A.Caseworker, WithdrawnOn = 27.September(2024), Reason = new string('x', 4001),
        });

        Assert.False(undefined.Accepted);
        Assert.Contains("outcome", undefined.ReasonEn);
        Assert.False(oversize.Accepted);
        Assert.Contains("reason", oversize.ReasonEn);
        var after = await host.RowAsync(request.RequestId);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Data, after.Data);
    }

    [Fact]
    public void The_bus_sends_no_usage_telemetry()
    {
        var configured = new ServiceCollection();
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
        configured.AddLogging();
        configured.AddCaseFlowWorkflows(configuration);
        using var provider = configured.BuildServiceProvider();

        Assert.False(provider.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled, "MassTransit's usage telemetry must be disabled in code");
    }
}
