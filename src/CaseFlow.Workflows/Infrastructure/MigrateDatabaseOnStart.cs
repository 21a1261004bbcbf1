using CaseFlow.Persistence.Migrations;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CaseFlow.Workflows.Infrastructure;

/// <summary>Applies the numbered migrations before anything else starts (registered first).</summary>
public sealed class MigrateDatabaseOnStart(Migrator migrator, ILogger<MigrateDatabaseOnStart> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await migrator.MigrateAsync(cancellationToken);
        foreach (var migration in applied)
            logger.LogInformation("Applied migration {Version} {Name}", migration.Version, migration.Name);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
