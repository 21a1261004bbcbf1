using CaseFlow.Web.Api;
using CaseFlow.Web.Applicants;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Security;
using CaseFlow.Web.Setup;
using CaseFlow.Workflows;
using CaseFlow.Workflows.Operations;

namespace CaseFlow.Web;

/// <summary>The web host as <c>Program</c> runs it: services, middleware and endpoints. <c>caseflow bench http</c> builds the
/// same host in its own process (Kestrel on a loopback port), with its settings and, for its baseline, one service
/// replaced (<paramref name="configure"/>).</summary>
public static class CaseFlowWebHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // `--demo` on the command line is the setting Demo=true.
        var builder = WebApplication.CreateBuilder(args.Where(a => a != "--demo").ToArray());
        if (args.Contains("--demo"))
            builder.Configuration.AddInMemoryCollection([new("Demo", "true")]);

        builder.Services
            .AddCaseFlowPersistence(builder.Configuration)
            .AddCaseFlowWorkflows(builder.Configuration)
            .AddCaseFlowSecurity(builder.Configuration)
            .AddCaseFlowPages()
            .AddCaseFlowApi()
            .AddCaseFlowApplicants()
            .AddHostedService<FirstRun>()
            .AddHostedService<DemoData>();
        builder.Services.AddCaseFlowHealthChecks();
        builder.Services.AddCaseFlowTelemetry(builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();

        app.UseCaseFlowSecurityHeaders();
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/Error");
        app.UseStatusCodePages(StatusPages.Handle);
        app.UseCaseFlowApiErrors();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseRateLimiter();
        app.UseCaseFlowInputLimits();
        app.UseAuthentication();
        app.UseCaseFlowApiOriginCheck();
        app.UseCaseFlowForcedPasswordChange();
        app.UseAuthorization();
        app.UseCaseFlowIdempotency();
        app.MapCaseFlowHealth();
        app.MapRazorPages();
        app.MapCaseFlowApi();
        app.MapCaseFlowLettersApi();
        app.MapCaseFlowRecordCorrectionsApi();
        app.MapCaseFlowProactiveDisclosuresApi();
        app.MapCaseFlowPublicApi();
        return app;
    }
}
