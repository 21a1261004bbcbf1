using CaseFlow.Web.Api;
using CaseFlow.Web.Applicants;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Security;
using CaseFlow.Web.Setup;
using CaseFlow.Workflows;
using CaseFlow.Workflows.Operations;

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
app.Run();

/// <summary>Entry point, visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
