using CaseFlow.Domain.Tests;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Messaging;
using CaseFlow.Workflows.Infrastructure;
using CaseFlow.Workflows.Tests.DisclosureRequest;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CaseFlow.Workflows.Tests.Relay;

/// <summary>The relay publishes outside any transaction, parks what it cannot read, and leaves nothing leased.</summary>
public sealed class OutboxRelayTests
{
    [Fact]
    public async Task A_message_of_a_type_the_relay_does_not_know_is_parked_and_the_messages_after_it_are_relayed()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var database = host.Services.GetRequiredService<Database>();
        await using (var connection = await database.OpenAsync())
        await using (var transaction = await database.BeginWriteAsync(connection))
        {
            await Outbox.AddAsync(new DbSession(connection, transaction, database.Dialect), Guid.NewGuid(), "CaseFlow.Contracts.NoSuchMessage", "{}", host.Clock.GetCurrentInstant());
            await transaction.CommitAsync();
        }
        var request = A.Request(received: 27.September(2024));

        await host.SendAsync(request);

        var state = await host.RequestAsync(request.RequestId);
        Assert.Equal(1L, await host.ScalarAsync<long>(Outbox.CountParked));
        Assert.Equal("Unknown message type CaseFlow.Contracts.NoSuchMessage.",
            await host.ScalarAsync<string>("SELECT park_reason FROM outbox WHERE message_type = 'CaseFlow.Contracts.NoSuchMessage'"));
        // Everything after the parked row was relayed, and no lease is left behind.
        Assert.Equal(0L, await host.ScalarAsync<long>(Outbox.CountUnsent));
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE lease_owner IS NOT NULL"));
        Assert.True(await host.ScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE message_type LIKE '%.RequestRegistered' AND sent_at IS NOT NULL") == 1);
        Assert.NotNull(state.TrackingNumber);
    }

    [Fact]
    public async Task The_retention_sweeper_prunes_sent_rows_and_inbox_ids_after_the_configured_retention()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024), extra: new() { ["Workflows:Retention"] = "2.00:00:00" });
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        var sent = await host.ScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL");
        var sweeper = host.Services.GetRequiredService<RetentionSweeper>();

        var tooEarly = await sweeper.TickAsync();
        host.Clock.Advance(Duration.FromDays(2) + Duration.FromMinutes(1));
        var afterRetention = await sweeper.TickAsync();

        Assert.Equal(0, tooEarly.Total);
        Assert.True(sent > 0);
        Assert.Equal(sent, afterRetention.OutboxRows);
        Assert.True(afterRetention.InboxRows > 0);
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL"));
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT COUNT(*) FROM inbox"));
    }
}
