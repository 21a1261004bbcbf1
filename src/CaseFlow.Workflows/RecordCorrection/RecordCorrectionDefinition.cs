using CaseFlow.Workflows.Infrastructure;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Workflows.RecordCorrections;

/// <summary>Endpoint plumbing for the correction saga, as for the others: retries that include optimistic concurrency
/// conflicts, one message per correction request at a time on this node.</summary>
public sealed class RecordCorrectionDefinition : SagaDefinition<RecordCorrectionState>
{
    private const int ConcurrencyLimit = 4;

    public RecordCorrectionDefinition()
    {
        Endpoint(e =>
        {
            e.Name = "record-correction";
            e.PrefetchCount = ConcurrencyLimit;
        });
    }

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<RecordCorrectionState> sagaConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseSagaRetries(context);
        var partition = endpointConfigurator.CreatePartitioner(ConcurrencyLimit);
        sagaConfigurator.PartitionEveryEvent<RecordCorrectionState, IRecordCorrectionMessage>(
            context.GetRequiredService<RecordCorrectionStateMachine>(), partition, m => m.RequestId);
    }
}
