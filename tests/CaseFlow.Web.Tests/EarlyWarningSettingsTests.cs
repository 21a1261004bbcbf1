using CaseFlow.Web.Pages.Supervision;
using Microsoft.Extensions.Configuration;

namespace CaseFlow.Web.Tests;

public sealed class EarlyWarningSettingsTests
{
    private static readonly IConfiguration Configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["EarlyWarning:FrequentApplicantMaxRequests"] = "8",
        ["EarlyWarning:SimilarityThreshold"] = "1.5",
        ["EarlyWarning:LargeVolumePages"] = "-3",
        ["EarlyWarning:Agencies:a1:FrequentApplicantMaxRequests"] = "2",
        ["EarlyWarning:Agencies:a1:SimilarPeriodDays"] = "60",
    }).Build();

    [Fact]
    public void Settings_apply_platform_wide_then_per_agency_and_ignore_values_out_of_range()
    {
        var everywhere = WarningsModel.Read(Configuration);
        var a1 = WarningsModel.Read(Configuration, "a1");
        var a2 = WarningsModel.Read(Configuration, "a2");

        Assert.Equal(8, everywhere.FrequentApplicantMaxRequests);
        Assert.Equal(0.5, everywhere.SimilarityThreshold);
        Assert.Equal(1000, everywhere.LargeVolumePages);
        Assert.Equal((2, 60, 60), (a1.FrequentApplicantMaxRequests, a1.SimilarPeriodDays, a1.LookBackDays));
        Assert.Equal(everywhere, a2);
    }
}
