// The host is built in one place (CaseFlowWebHost), which `caseflow bench http` also runs.
CaseFlow.Web.CaseFlowWebHost.Build(args).Run();

/// <summary>Entry point, visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
