using CaseFlow.Persistence;
using CaseFlow.Workflows.DisclosureRequest;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Workflows.Infrastructure;

/// <summary>Endpoint plumbing for the request saga (MassTransit saga guidance): retries that include optimistic
/// concurrency conflicts and outlast a database restart, responses held until the transaction commits, and one message per request at a time on
/// this node.</summary>
public sealed class DisclosureRequestDefinition : SagaDefinition<DisclosureRequestState>
{
    private const int ConcurrencyLimit = 16;

    public DisclosureRequestDefinition()
    {
        Endpoint(e =>
        {
            e.Name = "disclosure-request";
            e.PrefetchCount = ConcurrencyLimit;
        });
    }

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<DisclosureRequestState> sagaConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseSagaRetries(context);
        // Malformed commands and commands an integrator may not send are refused here, before the saga stores anything.
        endpointConfigurator.UseConsumeFilter(typeof(CommandValidationFilter<>), context);
        var partition = endpointConfigurator.CreatePartitioner(ConcurrencyLimit);
        sagaConfigurator.PartitionEveryEvent<DisclosureRequestState, Contracts.IRequestCommand>(
            context.GetRequiredService<DisclosureRequestStateMachine>(), partition, m => m.RequestId);
    }
}
