using CaseFlow.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Workflows.Infrastructure;

/// <summary>Sends a command to a request and waits for its answer: accepted, or refused with a reason to show.</summary>
public sealed class RequestCommands(IServiceProvider services)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task<CommandResult> SendAsync<T>(T command, CancellationToken cancellationToken = default)
        where T : class, IRequestCommand
    {
        var client = services.GetRequiredService<IRequestClient<T>>();
        var response = await client.GetResponse<CommandResult>(command, cancellationToken, RequestTimeout.After(s: (int)Timeout.TotalSeconds));
        return response.Message;
    }
}
