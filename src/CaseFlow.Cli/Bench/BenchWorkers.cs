using System.Diagnostics;
using CaseFlow.Cli.Worker;
using CaseFlow.Workflows;
using CaseFlow.Workflows.Infrastructure;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CaseFlow.Cli.Bench;

/// <summary><c>bench lifecycle --nodes N</c> on RabbitMQ: N separate <c>caseflow worker</c> processes (this build, run
/// with <c>dotnet</c>, configured by environment variables as in production) do the work; the bench's own process only
/// sends the commands, through a bus with no endpoints of its own.</summary>
public sealed class BenchWorkers : IAsyncDisposable
{
    private readonly List<Process> _processes = [];

    public IReadOnlyList<int> ProcessIds => _processes.Select(p => p.Id).ToList();

    /// <summary>CPU time the workers have used so far, together.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            var total = TimeSpan.Zero;
            foreach (var process in _processes)
            {
                process.Refresh();
                if (!process.HasExited)
                    total += process.TotalProcessorTime;
            }
            return total;
        }
    }

    /// <summary>Starts <paramref name="count"/> workers and waits until each prints <see cref="WorkerCommand.ReadyLine"/>.</summary>
    public static async Task<BenchWorkers> StartAsync(int count, IReadOnlyDictionary<string, string?> settings)
    {
        var workers = new BenchWorkers();
        try
        {
            var cli = typeof(BenchWorkers).Assembly.Location;
            await Task.WhenAll(Enumerable.Range(0, count).Select(_ => workers.StartOneAsync(cli, settings)));
            return workers;
        }
        catch
        {
            await workers.DisposeAsync();
            throw;
        }
    }

    private async Task StartOneAsync(string cli, IReadOnlyDictionary<string, string?> settings)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(cli)!,
        };
        info.ArgumentList.Add(cli);
        info.ArgumentList.Add("worker");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in settings)
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start caseflow worker.");
        lock (_processes)
            _processes.Add(process);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tail = new Queue<string>();
        void Read(string? line)
        {
            if (line is null)
                return;
            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > 20)
                    tail.Dequeue();
            }
            if (line.StartsWith(WorkerCommand.ReadyLine, StringComparison.Ordinal))
                ready.TrySetResult();
        }
        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var first = await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(3)));
        if (first != ready.Task)
            lock (tail)
                throw new InvalidOperationException($"caseflow worker (pid {process.Id}) did not become ready: {string.Join(" | ", tail)}");
    }

    /// <summary>A host that only sends: the same transport settings and broker user as the workers, no endpoints.</summary>
    public static async Task<IHost> StartClientAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var rabbit = builder.Configuration.GetSection("RabbitMq").Get<RabbitMqOptions>() ?? new RabbitMqOptions();
        builder.Services.AddScoped<RequestCommands>();
        builder.Services.AddMassTransit(x =>
        {
            x.DisableUsageTelemetry();
            x.UsingRabbitMq((_, cfg) =>
            {
                cfg.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, h =>
                {
                    h.Username(rabbit.Username);
                    h.Password(rabbit.Password);
                });
                cfg.StampServiceUser(rabbit.Username);
                cfg.ConfigureJsonSerializerOptions(CaseFlowJson.Configure);
            });
        });
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(o => o.WaitUntilStarted = true);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            try
            {
                if (!process.HasExited)
                {
                    // SIGTERM: the worker finishes what it holds and exits 0.
                    Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                    try
                    {
                        await process.WaitForExitAsync(timeout.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        process.Kill(entireProcessTree: true);
                    }
                }
            }
            finally
            {
                process.Dispose();
            }
        }
    }
}
