using CaseFlow.Domain.Correspondence;
using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Tests;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Reporting;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Workflows.DisclosureRequest;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CaseFlow.Workflows.Tests.DisclosureRequest;

/// <summary>Issue 17 item 1, 转送 (Art. 36(五)): the reply 402 names the competent agency; with the applicant's consent the
/// copy is forwarded to that agency of the installation as its own new request, received the day it arrives there.</summary>
public sealed class ReferralScenarios
{
    private static IssueLetter Reply402(Guid id, LocalDate on, string? agency, string? consent, string named = "示范县住房和城乡建设局，电话 0000-1234567") => new()
    {
        RequestId = id, Actor = A.Caseworker, FormToken = Guid.NewGuid().ToString(), Type = LetterType.Reply, Outcome = Outcome.CannotProvideNotThisAgency,
        Title = "政府信息公开申请答复书", Addressee = "王小明", Content = $"# 政府信息公开申请答复书\n## {Persistence.Correspondence.Letters.NumberPlaceholder}\n正文。\n",
        Facts = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["input_reasons"] = "该项目由县住房和城乡建设局组织实施。", ["input_competent_agency"] = named,
            ["input_referral_agency"] = agency, ["input_referral_consent"] = consent,
        }.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!)),
        PrivacyReview = "[]", IssuedOn = on, Reasons = "该项目由县住房和城乡建设局组织实施。",
    };

    private static RecordLetterService Service(Guid id, string letterId, LocalDate on) => new()
    {
        RequestId = id, Actor = A.Caseworker, LetterId = letterId, Method = "Post", ServedOn = on, Evidence = "挂号信 XA0002",
    };

    private static async Task AgenciesAsync(WorkflowHost host)
    {
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
        foreach (var (code, name) in new[] { ("county-gov", "示范县人民政府办公室"), ("county-housing", "示范县住房和城乡建设局") })
            await Agencies.InsertAsync(connection, new Agency { Code = code, Name = name, CalendarId = "cn", WarningLeadWorkingDays = 5, CreatedAt = host.Clock.GetCurrentInstant() });
    }

    [Fact]
    public async Task A_reply_402_with_consent_forwards_a_new_request_with_its_own_clock_counted_in_each_agencys_table()
    {
        await using var host = await WorkflowHost.StartAsync(20.December(2024));
        await AgenciesAsync(host);
        var request = A.Request(received: 20.December(2024));
        await host.SendAsync(request);
        var issued = await host.SendAsync(Reply402(request.RequestId, 20.December(2024), "county-housing", "申请人于2024年12月20日电话同意转送"));
        Assert.True(issued.Accepted, issued.Reason);

        // Served by post on 27 December, recorded on 2 January: the copy reaches the housing bureau on 2 January 2025.
        await host.AdvanceToAsync(2.January(2025));
        var served = await host.SendAsync(Service(request.RequestId, issued.LetterId!, 27.December(2024)));
        Assert.True(served.Accepted, served.Reason);

        var first = await host.RequestAsync(request.RequestId);
        Assert.Equal("Replied", first.CurrentState);
        Assert.Equal(Outcome.CannotProvideNotThisAgency, first.CountedOutcome);
        Assert.Equal("county-housing", first.ReferredTo!.AgencyCode);
        Assert.Equal("示范县住房和城乡建设局", first.ReferredTo.AgencyName);
        Assert.Equal(2.January(2025), first.ReferredTo.ForwardedOn);
        var forwardedId = first.ReferredTo.RequestId!.Value;

        var second = await host.RequestAsync(forwardedId);
        Assert.Equal("county-housing", second.AgencyCode);
        Assert.Equal("InProgress", second.CurrentState);
        Assert.Equal(2.January(2025), second.ReceivedOn);
        // Its own clock: 20 working days from the day after 2 January 2025 (Art. 33 ¶2; the Spring Festival days off 28 January–4 February and the working Sunday 26 January counted by the calendar), not from the first agency's receipt.
        Assert.Equal(6.February(2025), second.ReplyDueOn);
        Assert.Equal(first.Description, second.Description);
        Assert.Equal(first.Applicant.Name, second.Applicant.Name);
        Assert.Equal(request.RequestId, second.ReferredFrom!.RequestId);
        Assert.Equal(first.TrackingNumber, second.ReferredFrom.TrackingNumber);
        Assert.Contains(first.TrackingNumber, second.ReceiptEvidence);
        Assert.NotEqual(first.TrackingNumber, second.TrackingNumber);

        // Linked both ways.
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
        var fromFirst = Assert.Single(await RequestReferrals.ForRequestAsync(connection, request.RequestId));
        Assert.True(fromFirst.Outgoing);
        Assert.Equal(second.TrackingNumber, fromFirst.ToTrackingNumber);
        var fromSecond = Assert.Single(await RequestReferrals.ForRequestAsync(connection, forwardedId));
        Assert.False(fromSecond.Outgoing);
        Assert.Equal(first.TrackingNumber, fromSecond.FromTrackingNumber);

        // Counted in each agency's own table: the first agency replied 402 in 2024 (三(四)1 不掌握, with 402); the housing
        // bureau received a new request in 2025, still open; neither counts it in 2024's 一 twice.
        var county2024 = await ReportStore.ComputeAsync(connection, 2024, "county-gov");
        Assert.Equal(1, county2024.Applications.NewlyReceived.Total);
        Assert.Equal(1, county2024.Applications[ReportRow.CannotProvideNotHeld].Total);
        var housing2024 = await ReportStore.ComputeAsync(connection, 2024, "county-housing");
        Assert.Equal(0, housing2024.Applications.NewlyReceived.Total);
        var housing2025 = await ReportStore.ComputeAsync(connection, 2025, "county-housing");
        Assert.Equal(1, housing2025.Applications.NewlyReceived.Total);
        Assert.Equal(1, housing2025.Applications.CarriedForward.Total);
    }

    [Fact]
    public async Task A_competent_agency_outside_the_installation_is_named_only()
    {
        await using var host = await WorkflowHost.StartAsync(20.December(2024));
        await AgenciesAsync(host);
        var request = A.Request(received: 20.December(2024));
        await host.SendAsync(request);
        var issued = await host.SendAsync(Reply402(request.RequestId, 20.December(2024), null, null, named: "某市自然资源和规划局，电话 0000-7654321"));
        await host.SendAsync(Service(request.RequestId, issued.LetterId!, 20.December(2024)));

        var first = await host.RequestAsync(request.RequestId);
        Assert.Equal("Replied", first.CurrentState);
        Assert.Null(first.ReferredTo!.AgencyCode);
        Assert.Null(first.ReferredTo.RequestId);
        Assert.Equal("某市自然资源和规划局，电话 0000-7654321", first.ReferredTo.AgencyName);
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT COUNT(*) FROM requests"));
    }

    [Theory]
    [InlineData("county-housing", null, "同意")]
    [InlineData("county-gov", "申请人当面同意", "本机关")]
    public async Task Forwarding_needs_the_applicants_consent_and_another_agency(string agency, string? consent, string expected)
    {
        await using var host = await WorkflowHost.StartAsync(20.December(2024));
        await AgenciesAsync(host);
        var request = A.Request(received: 20.December(2024));
        await host.SendAsync(request);

        var refused = await host.SendAsync(Reply402(request.RequestId, 20.December(2024), agency, consent));

        Assert.False(refused.Accepted);
        Assert.Contains(expected, refused.Reason);
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT COUNT(*) FROM letters"));
    }

    [Fact]
    public async Task Only_a_reply_402_forwards()
    {
        await using var host = await WorkflowHost.StartAsync(20.December(2024));
        await AgenciesAsync(host);
        var request = A.Request(received: 20.December(2024));
        await host.SendAsync(request);

        var refused = await host.SendAsync(Reply402(request.RequestId, 20.December(2024), "county-housing", "同意") with { Outcome = Outcome.CannotProvideNotHeld });

        Assert.False(refused.Accepted);
        Assert.Contains("第三十六条第（五）项", refused.Reason);
    }
}

/// <summary>The referral rule (Art. 36(五)) as a table: forwarding only with a reply 402, to another agency, with consent.</summary>
public sealed class ReferralRuleTable
{
    [Theory]
    [InlineData(402, "county-housing", "申请人电话同意", null)]
    [InlineData(402, null, null, null)]
    [InlineData(402, "county-housing", null, "同意")]
    [InlineData(402, "county-housing", " ", "同意")]
    [InlineData(402, "county-gov", "申请人电话同意", "本机关")]
    [InlineData(401, "county-housing", "申请人电话同意", "第三十六条第（五）项")]
    public void Forwarding_to_the_competent_agency(int outcome, string? agency, string? consent, string? refusedFor)
    {
        var r = new DisclosureRequestState { AgencyCode = "county-gov" };
        var asked = agency is null ? new ReferralAsked(null, null, "某市自然资源和规划局") : new ReferralAsked(agency, consent, null);

        var refusal = Rules.Referral(r, (Outcome)outcome, asked);

        if (refusedFor is null)
            Assert.Null(refusal);
        else
            Assert.Contains(refusedFor, refusal!.Zh);
    }
}
