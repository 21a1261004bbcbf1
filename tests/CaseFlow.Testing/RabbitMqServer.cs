using System.Diagnostics;

namespace CaseFlow.Testing;

/// <summary>A real RabbitMQ (Debian's <c>rabbitmq-server</c>) as a node of its own — its own name, ports, data and
/// config in a temp directory, listening on 127.0.0.1 only — started once per test process.</summary>
public sealed class RabbitMqServer
{
    private const string Scripts = "/usr/lib/rabbitmq/bin";
    private static readonly Lazy<Task<RabbitMqServer>> Shared = new(StartNewAsync);
    private readonly string _directory;
    private Process? _process;

    private RabbitMqServer(string directory, int port, int distributionPort, string suffix = "")
    {
        _directory = directory;
        Port = port;
        DistributionPort = distributionPort;
        NodeName = $"caseflow{System.Environment.ProcessId}{suffix}@localhost";
    }

    public string Host => "127.0.0.1";
    public int Port { get; }
    public int DistributionPort { get; }
    public string NodeName { get; }
    public string Username => "guest";
    public string Password => "guest";

    private string Log => Path.Combine(_directory, "rabbitmq.log");

    private Dictionary<string, string> Environment => new()
    {
        ["RABBITMQ_NODENAME"] = NodeName,
        ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_NODE_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RABBITMQ_DIST_PORT"] = DistributionPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(_directory, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(_directory, "log"),
        ["RABBITMQ_CONFIG_FILE"] = Path.Combine(_directory, "rabbitmq"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_directory, "enabled_plugins"),
        ["RABBITMQ_PID_FILE"] = Path.Combine(_directory, "rabbitmq.pid"),
        ["HOME"] = _directory,
    };

    /// <summary>The environment <c>rabbitmqctl</c> needs to reach this node (its name and Erlang cookie).</summary>
    public IReadOnlyDictionary<string, string> ControlEnvironment => Environment;

    public const string Rabbitmqctl = Scripts + "/rabbitmqctl";

    public static Task<RabbitMqServer> StartSharedAsync() => Shared.Value;

    /// <summary>A node of its own (named with <paramref name="suffix"/>), for tests that restart it while other tests
    /// use the shared one.</summary>
    public static Task<RabbitMqServer> StartDedicatedAsync(string suffix) => StartNewAsync(suffix);

    private static Task<RabbitMqServer> StartNewAsync() => StartNewAsync("");

    private static async Task<RabbitMqServer> StartNewAsync(string suffix)
    {
        if (!File.Exists(Path.Combine(Scripts, "rabbitmq-server")))
            throw new InvalidOperationException("RabbitMQ is not installed: run the README's test command (it installs rabbitmq-server).");
        var directory = Directory.CreateTempSubdirectory("caseflow-rabbitmq-").FullName;
        var server = new RabbitMqServer(directory, ServerProcess.FreePort(), ServerProcess.FreePort(), suffix);
        await File.WriteAllTextAsync(Path.Combine(directory, "rabbitmq.conf"),
            $"listeners.tcp.1 = 127.0.0.1:{server.Port}\nloopback_users = none\n");
        await File.WriteAllTextAsync(Path.Combine(directory, "enabled_plugins"), "[].\n");
        await server.StartAsync();
        var pidFile = Path.Combine(directory, "rabbitmq.pid");
        ServerProcess.CleanUpAfterThisProcess(
            $"[ -f {pidFile} ] && kill $(cat {pidFile}) 2>/dev/null; sleep 2; [ -f {pidFile} ] && kill -9 $(cat {pidFile}) 2>/dev/null; rm -rf {directory}");
        return server;
    }

    public async Task StartAsync()
    {
        _process = ServerProcess.StartBackground(Path.Combine(Scripts, "rabbitmq-server"), [], Log, Environment);
        await ServerProcess.WaitForPortAsync(Port, TimeSpan.FromSeconds(90), () => ServerProcess.ReadLog(Log));
        await ServerProcess.RunAsync(Path.Combine(Scripts, "rabbitmqctl"), ["-n", NodeName, "await_startup"], environment: Environment);
    }

    public async Task StopAsync()
    {
        await ServerProcess.RunAsync(Path.Combine(Scripts, "rabbitmqctl"), ["-n", NodeName, "stop"], environment: Environment);
        if (_process is not null)
            await _process.WaitForExitAsync();
    }

    /// <summary>A fresh virtual host with full rights for guest, so test hosts sharing the broker do not share queues.</summary>
    public async Task<string> CreateVirtualHostAsync(string prefix)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}";
        var ctl = Path.Combine(Scripts, "rabbitmqctl");
        await ServerProcess.RunAsync(ctl, ["-n", NodeName, "add_vhost", name], environment: Environment);
        await ServerProcess.RunAsync(ctl, ["-n", NodeName, "set_permissions", "-p", name, Username, ".*", ".*", ".*"], environment: Environment);
        return name;
    }

    /// <summary>Stops the node and starts it again with the same name, ports and data.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }
}
