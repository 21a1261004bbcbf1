using CaseFlow.Contracts;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Workflows.Infrastructure;

/// <summary>Sends a command to a request and waits for its answer: accepted, or refused with a reason to show.</summary>
/// <remarks>Each wait is recorded as <c>caseflow.command.roundtrip</c>. <see cref="SendAsync{T}"/> is virtual only so that
/// <c>caseflow bench http</c>'s baseline can write a registration directly behind the same endpoint.</remarks>
public class RequestCommands(IServiceProvider services)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary><c>Workflows:CommandTimeout</c>, default <see cref="Timeout"/>: how long a caller waits for the answer.</summary>
    private readonly TimeSpan _timeout = services.GetService<Microsoft.Extensions.Configuration.IConfiguration>()
        ?.GetValue<TimeSpan?>("Workflows:CommandTimeout") ?? Timeout;

    public virtual async Task<CommandResult> SendAsync<T>(T command, CancellationToken cancellationToken = default)
        where T : class, IRequestCommand
    {
        var client = services.GetRequiredService<IRequestClient<T>>();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var response = await client.GetResponse<CommandResult>(command, cancellationToken, RequestTimeout.After(ms: (int)_timeout.TotalMilliseconds));
            outcome = response.Message.Accepted ? "accepted" : "refused";
            return response.Message;
        }
        catch (RequestTimeoutException)
        {
            outcome = "timeout";
            throw;
        }
        finally
        {
            services.GetService<Operations.CaseFlowMetrics>()?.CommandAnswered(typeof(T).Name, outcome, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
    }
}
