using CaseFlow.Contracts;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Workflows.DisclosureRequest;
using MassTransit;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CaseFlow.Workflows.Infrastructure;

/// <summary>In front of the request saga: a command that is malformed (<see cref="CommandValidation"/>), or that an
/// integrator may not send, or that names an agency not on the platform, is answered with the
/// <see cref="CommandResult"/> refusal (when it has a response address) and never reaches the saga: nothing is
/// stored.</summary>
public sealed class CommandValidationFilter<T>(Database database, IClock clock, BusIdentity identity, ILogger<CommandValidationFilter<T>> logger)
    : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (context.Message is IRequestCommand command && await RefusalAsync(context, command) is { } refusal)
        {
            logger.LogWarning("{MessageType} {MessageId} for request {RequestId} refused before the workflow: {Reason}",
                typeof(T).Name, context.MessageId, command.RequestId, refusal.En);
            await context.Refuse(command.RequestId, command is RegisterRequest ? "Initial" : "", refusal);
            return;
        }
        await next.Send(context);
    }

    private async Task<Refusal?> RefusalAsync(ConsumeContext<T> context, IRequestCommand command)
    {
        var integrator = CommandOrigin.Integrator(context, identity);
        if (integrator is not null && !CommandOrigin.PublicCommands.Contains(typeof(T)))
            return new Refusal($"集成用户「{integrator}」不能发送 {typeof(T).Name}。", $"Integrator '{integrator}' may not send {typeof(T).Name}.");
        var errors = CommandValidation.Validate(command, ChinaTime.Today(clock));
        if (errors.Count > 0)
            return new Refusal(string.Join(" ", errors.Select(e => $"{e.Field}: {e.Zh}")), string.Join(" ", errors.Select(e => $"{e.Field}: {e.En}")));
        // Staff register for the agency of their own account; a system outside must name an agency on the platform.
        if (integrator is not null && command is RegisterRequest register)
        {
            await using var connection = await database.OpenAsync(context.CancellationToken);
            if (await Agencies.FindAsync(connection, register.AgencyCode) is null)
                return new Refusal($"agencyCode: 行政机关「{register.AgencyCode}」不在本平台。", $"agencyCode: agency '{register.AgencyCode}' is not on this platform.");
        }
        return null;
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("command-validation");
}
