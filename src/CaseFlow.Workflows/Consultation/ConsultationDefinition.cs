using CaseFlow.Persistence;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Workflows.Consultations;

/// <summary>Endpoint plumbing for the consultation saga, as for the request's: retries that include optimistic
/// concurrency conflicts, responses held until the transaction commits, one message per consultation at a time on this node.</summary>
public sealed class ConsultationDefinition : SagaDefinition<ConsultationState>
{
    private const int ConcurrencyLimit = 8;

    public ConsultationDefinition()
    {
        Endpoint(e =>
        {
            e.Name = "consultation";
            e.PrefetchCount = ConcurrencyLimit;
        });
    }

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<ConsultationState> sagaConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseSagaRetries(context);
        var partition = endpointConfigurator.CreatePartitioner(ConcurrencyLimit);
        sagaConfigurator.PartitionEveryEvent<ConsultationState, IConsultationMessage>(
            context.GetRequiredService<ConsultationStateMachine>(), partition, m => m.ConsultationId);
    }
}
