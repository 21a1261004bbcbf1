using Npgsql;

namespace CaseFlow.Testing;

/// <summary>A real PostgreSQL (Debian's <c>postgresql</c>) in a temp directory on a free loopback port, started once
/// per test process and stopped when it exits. initdb refuses root, so as root it runs as <c>postgres</c>.</summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartNewAsync);
    private readonly string _bin;
    private readonly string _directory;
    private int _databases;

    private PostgresServer(string bin, string directory, int port)
    {
        _bin = bin;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false;Timeout=15";

    private string Data => Path.Combine(_directory, "data");
    private string Log => Path.Combine(_directory, "postgres.log");

    public static Task<PostgresServer> StartSharedAsync() => Shared.Value;

    /// <summary>A server of its own, for tests that stop and start it (the shared one serves tests running meanwhile).</summary>
    public static Task<PostgresServer> StartDedicatedAsync() => StartNewAsync();

    private static async Task<PostgresServer> StartNewAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql")
            .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
            .Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL is not installed: run the README's test command (it installs postgresql).");
        var directory = Directory.CreateTempSubdirectory("caseflow-pg-").FullName;
        var server = new PostgresServer(bin, directory, ServerProcess.FreePort());
        if (ServerProcess.IsRoot)
        {
            await ServerProcess.RunAsync("chmod", ["755", directory]);
            await ServerProcess.RunAsync("chown", ["postgres:postgres", directory]);
        }
        await ServerProcess.RunAsync(Path.Combine(bin, "initdb"), ["-D", server.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"], asUser: "postgres");
        await server.StartAsync();
        var stop = ServerProcess.IsRoot ? $"runuser -u postgres -- {bin}/pg_ctl" : $"{bin}/pg_ctl";
        ServerProcess.CleanUpAfterThisProcess($"{stop} -D {server.Data} -m immediate stop >/dev/null 2>&1; rm -rf {directory}");
        return server;
    }

    /// <summary>Starts (or restarts after <see cref="StopAsync"/>) on the same port and data.</summary>
    public Task StartAsync() =>
        ServerProcess.RunAsync(Path.Combine(_bin, "pg_ctl"),
        [
            "-D", Data, "-l", Log, "-w", "-t", "60",
            "-o", $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
            "start",
        ], asUser: "postgres");

    public Task StopAsync() =>
        ServerProcess.RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Data, "-m", "fast", "-w", "stop"], asUser: "postgres");

    /// <summary>A fresh, empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}".ToLowerInvariant();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name};Timeout=15;Maximum Pool Size=50";
    }
}
