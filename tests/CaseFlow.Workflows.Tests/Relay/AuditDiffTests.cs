using System.Text.Json.Nodes;
using CaseFlow.Domain.Tests;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using CaseFlow.Workflows.Tests.DisclosureRequest;

namespace CaseFlow.Workflows.Tests.Relay;

/// <summary>Issue 15 item 5: an audit entry stores what changed (a compact diff), not copies of the saga; replayed in
/// order, the entries give the request as stored.</summary>
public sealed class AuditDiffTests
{
    [Theory]
    // Only the changed field of a nested object, new values only.
    [InlineData("""{"version":1,"a":1,"o":{"x":1,"y":2}}""", """{"version":2,"a":1,"o":{"x":1,"y":3}}""", """{"o":{"y":3}}""")]
    // A field cleared is null; a new object is given whole; an array that changed is given whole.
    [InlineData("""{"a":"v","l":[1]}""", """{"l":[1,2],"n":{"p":true}}""", """{"a":null,"l":[1,2],"n":{"p":true}}""")]
    // Nothing changed but the version and state: an empty diff.
    [InlineData("""{"version":1,"currentState":"A","a":1}""", """{"version":2,"currentState":"B","a":1}""", "{}")]
    public void The_diff_holds_only_what_changed(string before, string after, string expected) =>
        Assert.Equal(expected, SagaJson.Diff(before, after));

    [Fact]
    public void Diffs_replayed_after_the_first_entry_give_the_last_version()
    {
        string[] versions =
        [
            """{"version":1,"a":1,"o":{"x":1},"s":"t"}""",
            """{"version":2,"a":2,"o":{"x":1,"y":[1]},"s":"t"}""",
            """{"version":3,"a":2,"o":{"y":[1,2]}}""",
            """{"version":4,"a":2,"o":{"y":[1,2],"z":{"q":""}},"s":"u"}""",
        ];
        var entries = new[] { SagaJson.Initial(versions[0]) }.Concat(versions.Zip(versions.Skip(1), SagaJson.Diff));

        Assert.Equal(SagaJson.Initial(versions[^1]), SagaJson.Replay(entries));
    }

    [Fact]
    public async Task A_request_through_its_whole_path_is_told_by_its_audit_entries_as_stored()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        var id = request.RequestId;
        Assert.True((await host.SendAsync(request)).Accepted);
        await host.AdvanceToAsync(8.October(2024));
        Assert.True((await host.SendAsync(A.CorrectionNotice(id, 8.October(2024), 18.October(2024)))).Accepted);
        await host.AdvanceToAsync(10.October(2024));
        Assert.True((await host.SendAsync(new RecordCorrectedApplication { RequestId = id, Actor = A.Caseworker, CorrectedOn = 10.October(2024) })).Accepted);
        await host.AdvanceToAsync(21.October(2024));
        Assert.True((await host.SendAsync(new RequestExtension { RequestId = id, Actor = A.Caseworker, RequestedOn = 21.October(2024), Days = 10, Reason = "检索量大" })).Accepted);
        Assert.True((await host.SendAsync(new DecideExtension { RequestId = id, Actor = A.Head, Approved = true, Days = 10, DecidedOn = 21.October(2024) })).Accepted);
        await host.AdvanceToAsync(20.November(2024));
        Assert.True((await host.SendAsync(A.Reply(id, 20.November(2024)))).Accepted);

        var stored = (await host.RowAsync(id)).Data;
        var audit = await host.AuditAsync(id);

        Assert.True((await host.RequestAsync(id)).IsClosed);
        Assert.True(audit.Count >= 6);
        var replayed = SagaJson.Replay(audit.Select(a => a.Changes));
        // Same fields and values; fields set later come later in the replay.
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(SagaJson.Initial(stored)), JsonNode.Parse(replayed)), $"{SagaJson.Initial(stored)}\n{replayed}");
        Assert.All(audit, a => Assert.DoesNotContain("\"before\"", a.Changes));
        // Each later entry is what changed, a fraction of the saga it used to copy twice.
        Assert.All(audit.Skip(1), a => Assert.True(a.Changes.Length * 2 < stored.Length, $"{a.Activity}: {a.Changes}"));
        var decision = JsonNode.Parse(audit.Single(a => a.Activity == nameof(DecideExtension)).Changes)!.AsObject();
        Assert.True((bool)decision["extension"]!["approved"]!);
        Assert.Null(decision["extension"]!["reason"]);
    }

    [Fact]
    public async Task The_stored_saga_leaves_out_nulls_and_computed_fields_and_reads_back_the_same()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        Assert.True((await host.SendAsync(A.Reply(request.RequestId, 27.September(2024)))).Accepted);

        var stored = (await host.RowAsync(request.RequestId)).Data;

        Assert.DoesNotContain(":null", stored);
        Assert.DoesNotContain("\"isClosed\"", stored);
        Assert.Contains("\"clockRunning\"", stored);
        var read = SagaJson.Deserialize(stored);
        Assert.True(read.IsClosed);
        Assert.Equal(stored, SagaJson.Serialize(read));
        // A row written with nulls and computed fields (before issue 15) reads the same.
        var old = System.Text.Json.JsonSerializer.Serialize(read, CaseFlowJson.Options);
        Assert.Contains(":null", old);
        Assert.Equal(stored, SagaJson.Serialize(SagaJson.Deserialize(old)));
    }
}
