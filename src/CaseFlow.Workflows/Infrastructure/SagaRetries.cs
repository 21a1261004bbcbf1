using CaseFlow.Persistence;
using MassTransit;

namespace CaseFlow.Workflows.Infrastructure;

/// <summary>The retries every saga endpoint uses (MassTransit saga guidance).</summary>
public static class SagaRetries
{
    /// <summary>An unreachable database (restart, fail-over) is waited out for about two minutes, holding the message;
    /// everything else — optimistic conflicts above all — is retried quickly, then faulted to the error queue. Responses
    /// are held until the transaction commits.</summary>
    public static void UseSagaRetries(this IReceiveEndpointConfigurator endpoint, IRegistrationContext context)
    {
        endpoint.UseMessageRetry(r =>
        {
            r.Handle<Exception>(DbErrors.IsTransient);
            r.Interval(60, TimeSpan.FromSeconds(2));
        });
        endpoint.UseMessageRetry(r =>
        {
            r.Ignore<Exception>(DbErrors.IsTransient);
            r.Intervals(10, 50, 100, 250, 500, 1000, 2000, 5000);
        });
        endpoint.UseInMemoryOutbox(context);
    }
}
