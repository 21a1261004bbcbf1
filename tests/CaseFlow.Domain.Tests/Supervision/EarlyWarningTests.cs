using CaseFlow.Domain.Supervision;
using NodaTime;

namespace CaseFlow.Domain.Tests.Supervision;

public sealed class EarlyWarningTests
{
    private static readonly LocalDate Today = 30.October(2024);
    private static readonly EarlyWarningSettings Settings = new()
    {
        FrequentApplicantMaxRequests = 3, FrequentApplicantPeriodDays = 10, SimilarApplicantsAtLeast = 3, SimilarityThreshold = 0.5,
        SimilarPeriodDays = 10, LargeVolumeYearsSpanned = 5, LargeVolumePages = 1000,
    };

    private static int _n;

    private static WarningCandidate R(string applicant, LocalDate on, string description = "申请公开某项具体文件") =>
        new($"id-{++_n}", $"2024-{_n:D6}", applicant, description, on);

    [Fact]
    public void One_applicant_filing_more_than_the_limit_within_the_period_is_warned_about()
    {
        // 4 requests between 21 and 30 October: the 10 days ending today, above the limit of 3.
        var requests = new[] { R("张三", 21.October(2024)), R("张三", 25.October(2024)), R("张三", 28.October(2024)), R("张三", 30.October(2024)) };

        var warning = Assert.Single(EarlyWarning.FrequentApplicants(requests, Today, Settings));

        Assert.Equal(WarningKind.FrequentApplicant, warning.Kind);
        Assert.Equal("张三", warning.Subject);
        Assert.Equal(4, warning.Requests.Count);
    }

    [Fact]
    public void Exactly_the_limit_or_requests_outside_the_period_raise_nothing()
    {
        // 20 October is the 11th day back: outside the period, so 3 requests remain — the limit, not above it.
        var requests = new[] { R("李四", 20.October(2024)), R("李四", 25.October(2024)), R("李四", 28.October(2024)), R("李四", 30.October(2024)) };

        Assert.Empty(EarlyWarning.FrequentApplicants(requests, Today, Settings));
    }

    [Fact]
    public void Many_applicants_asking_for_similar_information_form_one_group_warning()
    {
        var requests = new[]
        {
            R("甲", 28.October(2024), "申请公开2024年城东片区征收补偿安置方案"),
            R("乙", 29.October(2024), "请公开城东片区征收补偿安置方案（2024年）"),
            R("丙", 30.October(2024), "申请公开2024年城东片区的征收补偿安置方案。"),
            R("丁", 30.October(2024), "申请公开本县环境空气质量监测数据"),
        };

        var warning = Assert.Single(EarlyWarning.SimilarRequests(requests, Today, Settings));

        Assert.Equal(WarningKind.SimilarRequests, warning.Kind);
        Assert.Equal(["甲", "乙", "丙"], warning.Requests.Select(r => r.ApplicantName));
        Assert.Equal(3, warning.Applicants);
    }

    [Fact]
    public void Similar_requests_of_fewer_applicants_than_the_threshold_are_not_a_group()
    {
        var requests = new[]
        {
            R("甲", 28.October(2024), "申请公开2024年城东片区征收补偿安置方案"),
            R("甲", 29.October(2024), "申请公开2024年城东片区征收补偿安置方案"),
            R("乙", 30.October(2024), "申请公开2024年城东片区征收补偿安置方案"),
        };

        Assert.Empty(EarlyWarning.SimilarRequests(requests, Today, Settings));
    }

    [Theory]
    [InlineData("申请公开2015年至2024年全县各乡镇财政预决算明细", true)]
    [InlineData("申请公开2020年至2024年的水质原始监测记录（约1.2万页）", true)]
    [InlineData("申请公开全部3000件行政处罚决定书", true)]
    [InlineData("申请公开2021年至2024年财政预算", false)]
    [InlineData("申请公开第3号文件共12页", false)]
    public void Large_volume_is_a_span_of_years_or_a_count_of_pages_at_the_thresholds(string description, bool large)
    {
        Assert.Equal(large, EarlyWarning.LargeVolume(description, Settings) is not null);
    }

    [Fact]
    public void Detect_returns_every_kind_of_warning_it_finds()
    {
        var requests = new[]
        {
            R("王", 30.October(2024), "申请公开2010年至2024年全部会议纪要"),
            R("赵", 30.October(2024), "申请公开本县学校招生划片方案"),
        };

        var warning = Assert.Single(EarlyWarning.Detect(requests, Today, Settings));

        Assert.Equal(WarningKind.LargeVolume, warning.Kind);
        Assert.Equal("王", warning.Requests[0].ApplicantName);
        Assert.Equal("2010年至2024年", warning.Evidence);
    }

    [Fact]
    public void A_batch_of_several_applicants_is_one_group_only_when_one_similar_requests_alert_holds_all_of_it()
    {
        const string about = "申请公开本区2024年老旧小区改造资金使用明细";
        var a = R("赵一", 28.October(2024), about);
        var b = R("钱二", 29.October(2024), about + "情况");
        var c = R("孙三", 30.October(2024), "申请公开本区2024年老旧小区改造资金的使用明细");
        var other = R("李四", 30.October(2024), "查询本镇防汛物资储备台账");
        var requests = new[] { a, b, c, other };

        var group = EarlyWarning.SimilarGroupHolding([a.Id, c.Id], requests, Today, Settings);
        Assert.NotNull(group);
        Assert.Equal(WarningKind.SimilarRequests, group.Kind);
        Assert.Null(EarlyWarning.SimilarGroupHolding([a.Id, other.Id], requests, Today, Settings));
        Assert.Null(EarlyWarning.SimilarGroupHolding([], requests, Today, Settings));
        // Two applicants only are no group (at least 3 applicants): no batch across them.
        Assert.Null(EarlyWarning.SimilarGroupHolding([a.Id, b.Id], [a, b, other], Today, Settings));
    }
}
