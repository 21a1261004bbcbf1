using System.Globalization;

namespace CaseFlow.Cli.Tests.Bench;

/// <summary>What the benches' worker-process tests share: the suite's broker and PostgreSQL, and reading the worker pids
/// a run prints.</summary>
internal static class BenchOnRabbitMq
{
    /// <summary>A fresh database named <paramref name="database"/> and the bench options that point at it and at a virtual
    /// host of its own: the other bench tests on the shared broker run at the same time, and their workers would otherwise
    /// take this run's commands (and write them into their own database).</summary>
    public static async Task<(string Connection, string[] Options)> PrepareAsync(string virtualHostPrefix, string database)
    {
        var rabbit = await CaseFlow.Testing.RabbitMqServer.StartSharedAsync();
        var virtualHost = await rabbit.CreateVirtualHostAsync(virtualHostPrefix);
        var postgres = await CaseFlow.Testing.PostgresServer.StartSharedAsync();
        var connection = await postgres.CreateDatabaseAsync(database);
        return (connection,
        [
            "--transport", "RabbitMq", "--rabbitmq-host", rabbit.Host, "--rabbitmq-port", rabbit.Port.ToString(CultureInfo.InvariantCulture),
            "--rabbitmq-vhost", virtualHost, "--provider", "PostgreSql", "--connection-string", connection,
        ]);
    }

    /// <summary>The run succeeded and its worker line names these process ids.</summary>
    public static IReadOnlyList<int> WorkerProcessIds(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        var started = Assert.Single(run.OutLines, l => l.Contains("caseflow worker process(es), pid", StringComparison.Ordinal));
        return started[(started.LastIndexOf("pid ", StringComparison.Ordinal) + 4)..].Split(", ").Select(int.Parse).ToList();
    }
}
