using CaseFlow.Persistence;
using CaseFlow.Workflows.DisclosureRequest;
using MassTransit;

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
        sagaConfigurator.Message<Contracts.RegisterRequest>(x => x.UsePartitioner(partition, m => m.Message.RequestId));
        sagaConfigurator.Message<Contracts.ConfirmReceipt>(x => x.UsePartitioner(partition, m => m.Message.RequestId));
        sagaConfigurator.Message<IssueCorrectionNotice>(x => x.UsePartitioner(partition, m => m.Message.RequestId));
        sagaConfigurator.Message<RecordCorrectedApplication>(x => x.UsePartitioner(partition, m => m.Message.RequestId));
        sagaConfigurator.Message<Consultations.ConsultationStarted>(x => x.UsePartitioner(partition, m => m.Message.RequestId));
        sagaConfigurator.Message<Consultations.ConsultationLetterServed>(x => x.UsePartitioner(partition, m => m.Message.RequestId));
        sagaConfigurator.Message<Consultations.ConsultationEnded>(x => x.UsePartitioner(partition, m => m.Message.RequestId));
        sagaConfigurator.Message<RecordPublicInterestOverride>(x => x.UsePartitioner(partition, m => m.Message.RequestId));
        sagaConfigurator.Message<RecordOverrideLetter>(x => x.UsePartitioner(partition, m => m.Message.RequestId));
        sagaConfigurator.Message<RequestExtension>(x => x.UsePartitioner(partition, m => m.Message.RequestId));
        sagaConfigurator.Message<DecideExtension>(x => x.UsePartitioner(partition, m => m.Message.RequestId));
        sagaConfigurator.Message<ReassignHandler>(x => x.UsePartitioner(partition, m => m.Message.RequestId));
        sagaConfigurator.Message<IssueFeeNotice>(x => x.UsePartitioner(partition, m => m.Message.RequestId));
        sagaConfigurator.Message<RecordPayment>(x => x.UsePartitioner(partition, m => m.Message.RequestId));
        sagaConfigurator.Message<ServeReply>(x => x.UsePartitioner(partition, m => m.Message.RequestId));
        sagaConfigurator.Message<WithdrawRequest>(x => x.UsePartitioner(partition, m => m.Message.RequestId));
        sagaConfigurator.Message<DeadlineReached>(x => x.UsePartitioner(partition, m => m.Message.RequestId));
        sagaConfigurator.Message<RecomputeDeadlines>(x => x.UsePartitioner(partition, m => m.Message.RequestId));
    }
}
