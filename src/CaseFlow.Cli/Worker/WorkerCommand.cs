using System.CommandLine;
using CaseFlow.Persistence;
using CaseFlow.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CaseFlow.Cli.Worker;

/// <summary><c>caseflow worker</c>: the engine without the web host — the request sagas, the deadline sweeper and the
/// outbox relay — configured like the web host (appsettings.json beside the working directory, then environment
/// variables such as <c>Database__Provider</c>, <c>Transport</c>, <c>RabbitMq__Host</c>). Any number of workers
/// may share one database and one broker. SIGTERM or Ctrl+C stops it gracefully: messages in hand finish, then it
/// exits 0.</summary>
public static class WorkerCommand
{
    /// <summary>Written to standard output once the bus, its topology and the background loops have started.</summary>
    public const string ReadyLine = "caseflow worker: ready";

    public static Command Create(CliConsole console)
    {
        var command = new Command("worker", "运行办理引擎（无网页） / run the workflow engine headless; configured by environment variables");
        command.SetAction(async (_, cancellationToken) =>
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Services.AddCaseFlowPersistence(builder.Configuration);
            builder.Services.AddCaseFlowWorkflows(builder.Configuration);
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(45));
            using var host = builder.Build();
            await host.StartAsync(cancellationToken);
            var database = host.Services.GetRequiredService<DatabaseOptions>();
            await console.Out.WriteLineAsync(
                $"{ReadyLine} (pid {Environment.ProcessId}, database {database.Provider}, transport {builder.Configuration["Transport"] ?? "InMemory"})");
            await console.Out.FlushAsync(cancellationToken);
            await host.WaitForShutdownAsync(CancellationToken.None);
            await console.Out.WriteLineAsync($"caseflow worker: stopped (pid {Environment.ProcessId})");
            return 0;
        });
        return command;
    }
}
