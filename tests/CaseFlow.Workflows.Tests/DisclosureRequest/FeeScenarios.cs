using CaseFlow.Domain.Correspondence;
using CaseFlow.Domain.Tests;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Reporting;
using CaseFlow.Workflows.DisclosureRequest;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CaseFlow.Workflows.Tests.DisclosureRequest;

/// <summary>Issue 17 item 5: the workflow applies the fee rule (国办函〔2020〕109号) when the fee notice letter is issued, and
/// stores the years the fee counts in, so the annual report sums fees charged and collected.</summary>
public sealed class FeeScenarios
{
    private static IssueLetter FeeNotice(Guid id, LocalDate on, string method, int quantity, string amount, string? reason = null) => new()
    {
        RequestId = id, Actor = A.Caseworker, FormToken = Guid.NewGuid().ToString(), Type = LetterType.FeeNotice,
        Title = "收费通知书", Addressee = "王小明", Content = $"# 收费通知书\n## {Persistence.Correspondence.Letters.NumberPlaceholder}\n正文。\n",
        Facts = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["fee_method"] = method, ["fee_quantity"] = quantity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["input_fee_amount"] = amount, ["input_fee_reduction_reason"] = reason, ["input_fee_basis"] = "国办函〔2020〕109号",
        }),
        PrivacyReview = "[]", IssuedOn = on,
    };

    private static RecordLetterService Service(Guid id, string letterId, LocalDate on) => new()
    {
        RequestId = id, Actor = A.Caseworker, LetterId = letterId, Method = "Post", ServedOn = on, Evidence = "挂号信 XA0001",
    };

    [Theory]
    [InlineData("per-volume", 100, "700.01", null, "700")]       // one fen above the tier
    [InlineData("per-volume", 30, "10", "理由", "免费范围")]       // free under the tiers
    [InlineData("per-application", 10, "100", null, "免费范围")]   // the 10th application this month is free
    [InlineData("per-application", 31, "150", null, "减收理由")]   // lowered without a reason
    [InlineData("per-volume", 0, "", null, "数字")]
    [InlineData("by-weight", 5, "10", null, "按件或按量")]
    public async Task The_workflow_refuses_a_fee_notice_the_tiers_do_not_allow_and_numbers_nothing(string method, int quantity, string amount, string? reason, string why)
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);

        var refused = await host.SendAsync(FeeNotice(request.RequestId, 27.September(2024), method, quantity, amount, reason));

        Assert.False(refused.Accepted);
        Assert.Contains(why, refused.Reason);
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT COUNT(*) FROM letters WHERE request_id = @Id", new { Id = request.RequestId.ToString() }));
    }

    [Theory]
    [InlineData("per-volume", 100, "700", null)]                  // the tier amount
    [InlineData("per-application", 31, "150", "申请人经济困难")]     // lowered, with the reason
    public async Task The_workflow_issues_a_fee_notice_within_the_tier(string method, int quantity, string amount, string? reason)
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);

        var issued = await host.SendAsync(FeeNotice(request.RequestId, 27.September(2024), method, quantity, amount, reason));

        Assert.True(issued.Accepted, issued.Reason);
    }

    [Fact]
    public async Task A_fee_served_in_December_and_paid_in_January_is_charged_in_one_year_and_collected_in_the_next()
    {
        await using var host = await WorkflowHost.StartAsync(2.December(2024));
        var request = A.Request(received: 2.December(2024));
        await host.SendAsync(request);
        var other = A.Request(received: 2.December(2024));
        await host.SendAsync(other);
        var issued = await host.SendAsync(FeeNotice(request.RequestId, 2.December(2024), "per-volume", 120, "1100"));
        var lowered = await host.SendAsync(FeeNotice(other.RequestId, 2.December(2024), "per-volume", 40, "50.5", "部分页面为重复材料"));
        Assert.True(issued.Accepted && lowered.Accepted, issued.Reason + lowered.Reason);

        await host.AdvanceToAsync(20.December(2024));
        Assert.True((await host.SendAsync(Service(request.RequestId, issued.LetterId!, 20.December(2024)))).Accepted);
        Assert.True((await host.SendAsync(Service(other.RequestId, lowered.LetterId!, 20.December(2024)))).Accepted);
        await host.AdvanceToAsync(6.January(2025));
        var paid = await host.SendAsync(new RecordPayment { RequestId = request.RequestId, Actor = A.Caseworker, PaidOn = 6.January(2025) });
        Assert.True(paid.Accepted, paid.Reason);

        var row = await host.RowAsync(request.RequestId);
        Assert.Equal((110000L, 2024, 2025), (row.FeeAmountFen, row.FeeChargedYear, row.FeeCollectedYear));
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
        Assert.Equal(new FeeYearFigures(request.AgencyCode, 2024, 2, 1150.5m, 0, 0m), await FeeFigures.ForYearAsync(connection, request.AgencyCode, 2024));
        Assert.Equal(new FeeYearFigures(request.AgencyCode, 2025, 0, 0m, 1, 1100m), await FeeFigures.ForYearAsync(connection, request.AgencyCode, 2025));
        Assert.Equal(new FeeYearFigures("another-agency", 2024, 0, 0m, 0, 0m), await FeeFigures.ForYearAsync(connection, "another-agency", 2024));
    }
}
