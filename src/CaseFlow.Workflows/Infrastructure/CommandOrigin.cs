using CaseFlow.Contracts;
using MassTransit;
using MassTransit.RabbitMqTransport;

namespace CaseFlow.Workflows.Infrastructure;

/// <summary>The broker user this installation's own nodes connect as (<c>RabbitMq:Username</c>); null on the in-memory
/// transport, where every message comes from this process.</summary>
public sealed record BusIdentity(string? ServiceUser);

/// <summary>Who published a command: this installation's nodes (web, workers), or an integrator's system.</summary>
/// <remarks>Every node stamps the AMQP <c>user_id</c> property with its broker user, and RabbitMQ refuses a message whose
/// <c>user_id</c> is not the user of the connection that publishes it — so <c>user_id</c> cannot be forged. A command
/// from any other user (or with none) is an integrator's: it is audited as <c>integration:&lt;user&gt;</c>, never as the
/// staff member it names, and only the public contract (<see cref="PublicCommands"/>) is accepted from it.</remarks>
public static class CommandOrigin
{
    public const string IntegrationPrefix = "integration:";

    /// <summary>The commands of the public contract (README, "Messages on the bus"): all an integrator may send.</summary>
    public static readonly IReadOnlySet<Type> PublicCommands = new HashSet<Type> { typeof(RegisterRequest), typeof(ConfirmReceipt) };

    /// <summary>The broker user that published the message, as RabbitMQ validated it; null when not on RabbitMQ or unset.</summary>
    public static string? PublishingUser(ConsumeContext context) =>
        context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit) ? rabbit.Properties.UserId : null;

    /// <summary>The integrator who published <paramref name="context"/>'s message, or null when one of this
    /// installation's nodes did.</summary>
    public static string? Integrator(ConsumeContext context, BusIdentity identity)
    {
        if (identity.ServiceUser is null || !context.ReceiveContext.TryGetPayload<RabbitMqBasicConsumeContext>(out var rabbit))
            return null;
        var user = rabbit.Properties.UserId;
        return user == identity.ServiceUser ? null : string.IsNullOrEmpty(user) ? "unknown" : user;
    }

    /// <summary>The actor of the audit entry: the named staff member for this installation's own commands,
    /// <c>integration:&lt;user&gt;</c> for an integrator's.</summary>
    public static string AuditActor(ConsumeContext context, BusIdentity identity, object message) =>
        Integrator(context, identity) is { } integrator
            ? IntegrationPrefix + integrator
            : (message as IRequestCommand)?.Actor ?? "system";
}
