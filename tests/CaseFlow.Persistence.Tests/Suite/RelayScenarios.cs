using CaseFlow.Persistence.Deadlines;
using CaseFlow.Persistence.Messaging;
using CaseFlow.Persistence.Requests;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Tests.Suite;

/// <summary>The relay's leases and the pruning of bookkeeping rows, on every database.</summary>
public static partial class PersistenceScenarios
{
    private static async Task<List<long>> AddOutboxAsync(Database database, int count, string type = "T")
    {
        await InTransactionAsync(database, s => s.Connection.ExecuteAsync("UPDATE outbox SET sent_at = @Now WHERE sent_at IS NULL", new { Now }, s.Transaction));
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
            ids.Add(await InTransactionAsync(database, async s =>
            {
                var messageId = Guid.NewGuid();
                await Outbox.AddAsync(s, messageId, type, $"{{\"n\":{i}}}", Now);
                return await s.Connection.ExecuteScalarAsync<long>("SELECT id FROM outbox WHERE message_id = @Id", new { Id = messageId.ToString() }, s.Transaction);
            }));
        return ids;
    }

    public static async Task A_claim_whose_lease_expired_is_claimed_again_by_another_relay(Database database)
    {
        var ids = await AddOutboxAsync(database, 3);
        var lease = Duration.FromSeconds(60);

        // Relay A claims and "crashes": it never marks the rows sent nor releases them.
        var first = await InTransactionAsync(database, s => Outbox.ClaimAsync(s, "relay-a", Now, Now + lease, 10));
        var whileHeld = await InTransactionAsync(database, s => Outbox.ClaimAsync(s, "relay-b", Now + Duration.FromSeconds(59), Now + Duration.FromSeconds(59) + lease, 10));
        var afterExpiry = await InTransactionAsync(database, s => Outbox.ClaimAsync(s, "relay-b", Now + Duration.FromSeconds(61), Now + Duration.FromSeconds(61) + lease, 10));

        Assert.Equal(ids, first.Select(m => m.Id));
        Assert.Empty(whileHeld);
        Assert.Equal(ids, afterExpiry.Select(m => m.Id));
        // A's late release cannot take B's lease away.
        await InTransactionAsync(database, async s => { await Outbox.ReleaseAsync(s, "relay-a"); return 0; });
        Assert.Empty(await InTransactionAsync(database, s => Outbox.ClaimAsync(s, "relay-c", Now + Duration.FromSeconds(62), Now + Duration.FromSeconds(62) + lease, 10)));
    }

    public static async Task Concurrent_relays_never_claim_the_same_row_while_a_lease_holds(Database database)
    {
        var ids = await AddOutboxAsync(database, 60);

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(relay => Retry(async () =>
        {
            var mine = new List<OutboxMessage>();
            while (true)
            {
                var batch = await InTransactionAsync(database, s => Outbox.ClaimAsync(s, $"relay-{relay}", Now, Now + Duration.FromMinutes(1), 7));
                if (batch.Count == 0)
                    return mine;
                mine.AddRange(batch);
            }
        })));

        var all = claims.SelectMany(c => c).Select(m => m.Id).ToList();
        Assert.Equal(ids.Order(), all.Order());
        Assert.Equal(all.Count, all.Distinct().Count());
        // Each relay's own claims come in outbox order.
        Assert.All(claims, c => Assert.Equal(c.Select(m => m.Id).Order(), c.Select(m => m.Id)));
    }

    public static async Task A_parked_message_is_never_claimed_and_the_rest_flow(Database database)
    {
        var ids = await AddOutboxAsync(database, 3);
        await InTransactionAsync(database, async s => { await Outbox.ParkAsync(s, ids[1], "Unknown message type T.", Now); return 0; });

        var claimed = await InTransactionAsync(database, s => Outbox.ClaimAsync(s, "relay-a", Now, Now + Duration.FromMinutes(1), 10));

        Assert.Equal([ids[0], ids[2]], claimed.Select(m => m.Id));
        await using var connection = await database.OpenAsync();
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>(Outbox.CountParked));
        Assert.Equal("Unknown message type T.", await connection.ExecuteScalarAsync<string>("SELECT park_reason FROM outbox WHERE id = @Id", new { Id = ids[1] }));
    }

    public static async Task Pruning_deletes_old_sent_outbox_rows_inbox_ids_and_closed_requests_timers_in_batches(Database database)
    {
        var cutoff = Now - Duration.FromDays(7);
        var old = cutoff - Duration.FromHours(1);
        var recent = cutoff + Duration.FromHours(1);
        var (closed, open, recentlyClosed) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await InTransactionAsync(database, async s =>
        {
            await s.Connection.ExecuteAsync("DELETE FROM outbox", transaction: s.Transaction);
            await s.Connection.ExecuteAsync("DELETE FROM inbox", transaction: s.Transaction);
            for (var i = 0; i < 5; i++)
            {
                await Outbox.AddAsync(s, Guid.NewGuid(), "T", "{}", old);
                await Inbox.TryReceiveAsync(s, "c", Guid.NewGuid(), old);
            }
            await Outbox.AddAsync(s, Guid.NewGuid(), "T", "{}", old);
            await s.Connection.ExecuteAsync("UPDATE outbox SET sent_at = @Old", new { Old = old }, s.Transaction);
            await Outbox.AddAsync(s, Guid.NewGuid(), "recent", "{}", recent);
            await s.Connection.ExecuteAsync("UPDATE outbox SET sent_at = @Recent WHERE message_type = 'recent'", new { Recent = recent }, s.Transaction);
            await Outbox.AddAsync(s, Guid.NewGuid(), "unsent", "{}", old);
            await Inbox.TryReceiveAsync(s, "c", Guid.NewGuid(), recent);

            await RequestStore.InsertAsync(s, Closed(Row(closed), new LocalDate(2024, 9, 1)) with { UpdatedAt = old });
            await RequestStore.InsertAsync(s, Row(open) with { UpdatedAt = old });
            await RequestStore.InsertAsync(s, Closed(Row(recentlyClosed), new LocalDate(2024, 9, 25)) with { UpdatedAt = recent });
            foreach (var id in new[] { closed, open, recentlyClosed })
            {
                await DeadlineStore.SyncAsync(s, id, [new DesiredDeadline("reply-due", "", new LocalDate(2024, 9, 1), old)]);
                await DeadlineStore.SyncAsync(s, id, [new DesiredDeadline("reply-due", "", new LocalDate(2024, 9, 2), old), new DesiredDeadline("approaching", "", new LocalDate(2024, 9, 2), old)]);
            }
            await s.Connection.ExecuteAsync("UPDATE deadlines SET status = 'fired', fired_at = @Old WHERE status = 'pending' AND kind = 'reply-due'", new { Old = old }, s.Transaction);
            return 0;
        });

        var pruned = await Retention.PruneAsync(database, cutoff, batch: 2);

        await using var connection = await database.OpenAsync();
        Assert.Equal(new PruneResult(6, 5, 2), pruned);
        Assert.Equal(["recent", "unsent"], (await connection.QueryAsync<string>("SELECT message_type FROM outbox ORDER BY id")).ToList());
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM inbox"));
        // The closed request keeps its pending timer (none should be pending, but pruning never decides that); an open
        // request keeps its fired timers, so they are not armed again; a request closed within the retention keeps all.
        var left = (await connection.QueryAsync<(string, string)>("SELECT request_id, status FROM deadlines")).ToList();
        Assert.Equal([(closed.ToString(), "pending")], left.Where(d => d.Item1 == closed.ToString()));
        Assert.Equal(3, left.Count(d => d.Item1 == open.ToString()));
        Assert.Equal(3, left.Count(d => d.Item1 == recentlyClosed.ToString()));
        Assert.Equal(new PruneResult(0, 0, 0), await Retention.PruneAsync(database, cutoff, batch: 2));
    }
}
