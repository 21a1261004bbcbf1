using System.Text.Json.Nodes;
using CaseFlow.Domain.Tests;
using CaseFlow.Workflows.Infrastructure;
using CaseFlow.Workflows.Tests.DisclosureRequest;

namespace CaseFlow.Workflows.Tests.Relay;

/// <summary>The registration's audit entry records what the registration set, compactly (issue 15: it used to copy the
/// whole saga as a before/after diff against nothing).</summary>
public sealed class RegistrationAuditTests
{
    [Fact]
    public async Task The_registration_entry_lists_every_field_set_without_before_values_or_empty_fields()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);

        var registration = (await host.AuditAsync(request.RequestId)).First();
        var saga = await host.RequestAsync(request.RequestId);
        var changes = JsonNode.Parse(registration.Changes)!.AsObject();

        Assert.Equal("RegisterRequest", registration.Activity);
        Assert.DoesNotContain("\"before\"", registration.Changes);
        Assert.DoesNotContain(":null", registration.Changes);
        Assert.Equal(saga.TrackingNumber, (string?)changes["trackingNumber"]);
        Assert.Equal(saga.Applicant.Name, (string?)changes["applicant"]!["name"]);
        Assert.Equal(saga.Description, (string?)changes["description"]);
        Assert.Equal(saga.ReplyDueOn!.Value.ToString("yyyy-MM-dd", null), (string?)changes["replyDueOn"]);
        Assert.True(registration.Changes.Length < SagaJson.Serialize(saga).Length);
    }

    [Theory]
    [InlineData("""{"version":1,"currentState":"X","a":null,"b":"","c":[],"d":{"e":null},"f":0,"g":false,"h":[{"i":null,"j":1}],"k":"v"}""",
        """{"f":0,"g":false,"h":[{"j":1}],"k":"v"}""")]
    public void Initial_keeps_every_value_set_and_drops_only_what_is_absent(string saga, string expected) =>
        Assert.Equal(expected, SagaJson.Initial(saga));
}
