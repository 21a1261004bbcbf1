using CaseFlow.Workflows.DisclosureRequest;

namespace CaseFlow.Workflows.Tests.MultiNode;

/// <summary>Several real <c>caseflow worker</c> processes on one PostgreSQL database and one RabbitMQ virtual host:
/// they compete for messages, conflict on the same request and retry, share the timers and the outbox — and lose
/// nothing when a node is killed, the broker restarts or the database goes away for a while.</summary>
/// <remarks>Every request is received on 2024-09-27, so its reply-due timer is already due when it is registered:
/// per request exactly one RegisterRequest and one DeadlineReached:reply-due transition, one fired timer, and three
/// outbox messages (RequestRegistered, DeadlineReached, DeadlineMissed). The assertions read the database; the
/// waits poll it with a timeout.</remarks>
[Collection(MultiNodeCollection.Name)]
public sealed class MultiNodeScenarios(ClusterServers servers)
{
    /// <summary>How long the cluster may make no progress at all before a wait fails.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(75);

    [Fact]
    public async Task Two_nodes_share_the_work_retry_conflicts_and_fire_each_timer_and_relay_each_message_once()
    {
        await using var cluster = await Cluster.StartAsync(servers, "competing", nodes: 2);
        var ids = await cluster.RegisterAsync(600);
        await cluster.WaitUntilAsync("600 requests registered", Settle, async () => await cluster.ScalarAsync<long>("SELECT COUNT(*) FROM requests") == 600);

        // Four internal joint consultations per request for 150 requests, published together: each consultation's
        // workflow tells its request, the nodes take those events concurrently, so the request's versions collide and
        // the losers are retried. Each one must be applied exactly once.
        var contested = ids.Take(150).ToList();
        await Parallel.ForEachAsync(contested.SelectMany(id => Enumerable.Range(0, 4).Select(_ => id)), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (id, _) => await cluster.PublishAsync(new StartConsultation
            {
                RequestId = id, Actor = "张三", ConsultationId = Guid.NewGuid(), Kind = ConsultationKind.Internal,
                Participants = ["法律顾问"], Question = "是否属于内部事务信息？", SentOn = new NodaTime.LocalDate(2024, 9, 30),
                DueOn = new NodaTime.LocalDate(2024, 10, 9),
            }));
        await cluster.WaitSettledAsync(600, Settle);
        await cluster.WaitUntilAsync("every consultation recorded", Settle, async () =>
            await cluster.ScalarAsync<long>("SELECT COUNT(*) FROM audit_entries WHERE activity = 'ConsultationStarted'") == 600);

        await AssertEveryRequestSettledOnceAsync(cluster, 600, consultations: 4, contested);
        Assert.All(cluster.DeadlineMissedDeliveries.Values, n => Assert.Equal(1, n));
        Assert.All(cluster.RequestRegisteredDeliveries.Values, n => Assert.Equal(1, n));
        Assert.Equal(600, cluster.RequestRegisteredDeliveries.Count);
        // Version conflicts did happen between the nodes, and were retried (the repository logs each one).
        Assert.Contains(cluster.Workers.SelectMany(w => w.Output), l => l.Contains("changed concurrently", StringComparison.Ordinal));
        AssertNoPersonalDataLogged(cluster);
        foreach (var worker in cluster.Workers)
            Assert.Equal(0, await worker.TerminateAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_node_killed_mid_load_loses_nothing_and_applies_nothing_twice()
    {
        await using var cluster = await Cluster.StartAsync(servers, "killed", nodes: 2);
        await cluster.RegisterAsync(3000);
        await cluster.WaitUntilAsync("a third of the load handled", Settle, async () => await cluster.ScalarAsync<long>("SELECT COUNT(*) FROM requests WHERE overdue") >= 1000);

        cluster.Workers[0].Kill();
        await cluster.WaitUntilAsync("the surviving node carrying on", Settle, async () => await cluster.ScalarAsync<long>("SELECT COUNT(*) FROM requests WHERE overdue") >= 2000);
        await cluster.StartWorkerAsync("node1-restarted");
        await cluster.WaitSettledAsync(3000, Settle);

        await AssertEveryRequestSettledOnceAsync(cluster, 3000);
        AssertNoPersonalDataLogged(cluster);
    }

    [Fact]
    public async Task A_broker_restart_mid_load_is_survived_by_reconnecting()
    {
        await using var cluster = await Cluster.StartAsync(servers, "broker", nodes: 2);
        await cluster.RegisterAsync(1500);
        await cluster.WaitUntilAsync("some of the load handled", Settle, async () => await cluster.ScalarAsync<long>("SELECT COUNT(*) FROM requests WHERE overdue") >= 300);

        // Only a guard against a hung restart: the start inside waits up to 90 s for the port, which a busy machine needs.
        await servers.Broker.RestartAsync().WaitAsync(TimeSpan.FromMinutes(3));
        await cluster.WaitSettledAsync(1500, Settle);

        await AssertEveryRequestSettledOnceAsync(cluster, 1500);
        Assert.All(cluster.Workers, w => Assert.False(w.HasExited));
    }

    [Fact]
    public async Task A_database_outage_is_waited_out_and_leaves_nothing_half_written()
    {
        await using var cluster = await Cluster.StartAsync(servers, "outage", nodes: 2);
        await cluster.RegisterAsync(1500);
        await cluster.WaitUntilAsync("some of the load handled", Settle, async () => await cluster.ScalarAsync<long>("SELECT COUNT(*) FROM requests WHERE overdue") >= 300);

        await servers.Postgres.StopAsync();
        try
        {
            // The outage itself, not an assertion: the nodes keep trying for 20 s against a stopped server.
            await Task.Delay(TimeSpan.FromSeconds(20));
        }
        finally
        {
            await servers.Postgres.StartAsync();
        }
        await cluster.WaitSettledAsync(1500, Settle);

        await AssertEveryRequestSettledOnceAsync(cluster, 1500);
        Assert.All(cluster.Workers, w => Assert.False(w.HasExited));
        // The failures were reported plainly while the database was away.
        Assert.Contains(cluster.Workers.SelectMany(w => w.Output), l => l.Contains("failed (Npgsql", StringComparison.Ordinal));
    }

    /// <summary>Nothing lost, nothing twice, nothing half-written: every request has exactly its transitions, one
    /// audit entry per message, one fired timer, all its outbox messages relayed, and its inbox rows.</summary>
    private static async Task AssertEveryRequestSettledOnceAsync(Cluster cluster, int count, int consultations = 0, IReadOnlyCollection<Guid>? contested = null)
    {
        var contestedIds = (contested ?? []).Select(id => id.ToString()).ToHashSet();
        var requests = await cluster.QueryAsync<(string Id, int Version, string State, bool Overdue)>("SELECT id, version, state, overdue FROM requests");
        Assert.Equal(count, requests.Count);
        Assert.All(requests, r =>
        {
            Assert.Equal("InProgress", r.State);
            Assert.True(r.Overdue);
            Assert.Equal(2 + (contestedIds.Contains(r.Id) ? consultations : 0), r.Version);
        });

        // Each version is one audited transition; no message was applied twice.
        var audit = await cluster.QueryAsync<(string RequestId, string Activity, long Entries, long Messages)>("""
            SELECT request_id, activity, COUNT(*), COUNT(DISTINCT message_id) FROM audit_entries GROUP BY request_id, activity
            """);
        var byRequest = audit.GroupBy(a => a.RequestId).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(count, byRequest.Count);
        foreach (var r in requests)
        {
            var entries = byRequest[r.Id];
            // The consultations' own entries join their request's trail; the request's versions count only its own.
            Assert.Equal(r.Version, entries.Where(e => !IsConsultationActivity(e.Activity)).Sum(e => e.Entries));
            Assert.Equal(contestedIds.Contains(r.Id) ? consultations : 0, entries.Where(e => e.Activity == "StartConsultation").Sum(e => e.Entries));
            Assert.All(entries, e => Assert.Equal(e.Entries, e.Messages));
            Assert.Equal(1, entries.Single(e => e.Activity == "RegisterRequest").Entries);
            Assert.Equal(1, entries.Single(e => e.Activity == $"DeadlineReached:{DeadlineKinds.ReplyDue}").Entries);
        }

        // Each timer fired once, across all nodes.
        var timers = await cluster.QueryAsync<(string Status, long Count, long Requests)>(
            "SELECT status, COUNT(*), COUNT(DISTINCT request_id) FROM deadlines WHERE kind NOT LIKE 'consultation-%' GROUP BY status");
        var fired = Assert.Single(timers);
        Assert.Equal(("fired", (long)count, (long)count), fired);
        // Each consultation's window (long past) fired once too.
        var consultationCount = (long)contestedIds.Count * consultations;
        Assert.Equal(consultationCount, await cluster.ScalarAsync<long>("SELECT COUNT(*) FROM deadlines WHERE kind LIKE 'consultation-%' AND status = 'fired'"));
        Assert.Equal(0L, await cluster.ScalarAsync<long>("SELECT COUNT(*) FROM deadlines WHERE fired_at IS NULL"));

        // Every outbox message relayed; every DeadlineMissed reached the observer (at least once: a relay cut off
        // before its commit publishes again, with the same message id, which consumers' inboxes recognise).
        var outbox = (await cluster.QueryAsync<(string Type, long Count, long Unsent)>(
            "SELECT message_type, COUNT(*), COUNT(*) - COUNT(sent_at) FROM outbox GROUP BY message_type")).ToDictionary(o => o.Type[(o.Type.LastIndexOf('.') + 1)..]);
        Assert.All(outbox.Values, o => Assert.Equal(0L, o.Unsent));
        var consultationMessages = new[] { "ConsultationStarted", "ConsultationNotice", "ConsultationDeadlineReached" };
        Assert.Equal(3, outbox.Keys.Count(k => !consultationMessages.Contains(k)));
        Assert.All(outbox.Where(o => !consultationMessages.Contains(o.Key)), o => Assert.Equal((long)count, o.Value.Count));
        if (consultationCount > 0)
        {
            Assert.Equal(consultationCount, outbox["ConsultationStarted"].Count);
            Assert.Equal(consultationCount, outbox["ConsultationDeadlineReached"].Count);
            // An invitation, and an overdue notice when the window fired.
            Assert.Equal(consultationCount * 2, outbox["ConsultationNotice"].Count);
        }
        var missed = await cluster.QueryAsync<string>("SELECT message_id FROM outbox WHERE message_type LIKE '%.DeadlineMissed'");
        Assert.Equal(missed.Select(Guid.Parse).ToHashSet(), cluster.DeadlineMissedDeliveries.Keys.ToHashSet());

        // The inboxes hold each handled message once: registrations, timers; per consultation its start, the
        // request's record of it, its window's timer, and the delivery of its two notices (invitation, overdue).
        Assert.Equal((long)count * 2 + consultationCount * 3, await cluster.ScalarAsync<long>("SELECT COUNT(*) FROM inbox WHERE consumer <> 'consultation-notices'"));
        Assert.Equal(consultationCount * 2, await cluster.ScalarAsync<long>("SELECT COUNT(*) FROM inbox WHERE consumer = 'consultation-notices'"));
    }

    private static bool IsConsultationActivity(string activity) =>
        activity is "StartConsultation" or "RecordOpinion" || activity.StartsWith("ConsultationDeadlineReached", StringComparison.Ordinal);

    private static void AssertNoPersonalDataLogged(Cluster cluster)
    {
        var lines = cluster.Workers.SelectMany(w => w.Output).ToList();
        Assert.NotEmpty(lines);
        Assert.DoesNotContain(lines, l => l.Contains(Cluster.ApplicantName, StringComparison.Ordinal)
            || l.Contains(Cluster.ApplicantPhone, StringComparison.Ordinal) || l.Contains("110101198001010037", StringComparison.Ordinal));
    }
}
