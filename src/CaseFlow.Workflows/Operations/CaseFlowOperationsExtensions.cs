using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CaseFlow.Workflows.Operations;

public static class CaseFlowOperationsExtensions
{
    /// <summary>The tag of the checks a load balancer asks before sending work (<c>/readyz</c>).</summary>
    public const string ReadyTag = "ready";

    /// <summary>The database check (<c>database</c>) and MassTransit's bus check (<c>masstransit-bus</c>), both tagged
    /// <see cref="ReadyTag"/>. Needs <c>AddCaseFlowPersistence</c> and <c>AddCaseFlowWorkflows</c>.</summary>
    public static IHealthChecksBuilder AddCaseFlowHealthChecks(this IServiceCollection services)
    {
        services.AddOptions<OperationsOptions>();
        // AddMassTransit contributes "masstransit-bus" (tags ready, masstransit) to whatever health check service exists.
        return services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", HealthStatus.Unhealthy, [ReadyTag]);
    }

    /// <summary>OpenTelemetry for the engine: the <c>CaseFlow</c> meter, MassTransit's meter and activity source.
    /// Exporters are the host's choice (add them to the returned builder).</summary>
    public static OpenTelemetryBuilder AddCaseFlowTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var serviceName = configuration["OpenTelemetry:ServiceName"] ?? "caseflow";
        return services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName, serviceInstanceId: Environment.MachineName))
            .WithMetrics(m => m.AddMeter(CaseFlowMetrics.MeterName, "MassTransit"))
            .WithTracing(t => t.AddSource("MassTransit"));
    }
}
