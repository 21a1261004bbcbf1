using CaseFlow.Persistence;
using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CaseFlow.Workflows.Operations;

/// <summary>Ready when a connection opens and the schema answers within <see cref="OperationsOptions.HealthCheckTimeout"/>.</summary>
public sealed class DatabaseHealthCheck(Database database, IOptions<OperationsOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.HealthCheckTimeout);
        var data = new Dictionary<string, object> { ["provider"] = database.Options.Provider.ToString() };
        try
        {
            await using var connection = await database.OpenAsync(timeout.Token);
            await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM schema_migrations", cancellationToken: timeout.Token));
            return HealthCheckResult.Healthy("The database answers.", data);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The exception type only: a provider's message can quote the connection string's host and user.
            return HealthCheckResult.Unhealthy($"The database does not answer ({e.GetType().Name}).", data: data);
        }
    }
}
