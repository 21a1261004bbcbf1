using System.Diagnostics;
using System.Reflection;
using CaseFlow.Testing;

namespace CaseFlow.Workflows.Tests.MultiNode;

/// <summary>A real <c>caseflow worker</c> process (the CLI's own build output, run with <c>dotnet</c>), configured
/// only through environment variables, as in production. Its standard output and error are kept for assertions.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private const string ReadyLine = "caseflow worker: ready";
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static string CliDll { get; } = typeof(WorkerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "CaseFlowCliDll").Value!;

    public IReadOnlyList<string> Output
    {
        get
        {
            lock (_output)
                return _output.ToList();
        }
    }

    public static async Task<WorkerProcess> StartAsync(string name, IReadOnlyDictionary<string, string> environment)
    {
        if (!File.Exists(CliDll))
            throw new FileNotFoundException($"The caseflow CLI is not built at {CliDll}.");
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(CliDll)!,
        };
        info.ArgumentList.Add(CliDll);
        info.ArgumentList.Add("worker");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach (var (key, value) in environment)
            info.Environment[key] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start caseflow worker.");
        var worker = new WorkerProcess(name, process);
        process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // A test host that dies must not leave workers behind.
        ServerProcess.CleanUpAfterThisProcess($"kill -9 {process.Id} 2>/dev/null");
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(worker._ready.Task, exited, Task.Delay(TimeSpan.FromSeconds(90)));
        if (first != worker._ready.Task)
        {
            worker.Kill();
            throw new InvalidOperationException($"Worker {name} did not become ready: {ServerProcess.Tail(string.Join('\n', worker.Output), 30)}");
        }
        return worker;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.Add(line);
        if (line.StartsWith(ReadyLine, StringComparison.Ordinal))
            _ready.TrySetResult();
    }

    /// <summary>kill -9: no shutdown code runs, transactions in flight are cut off, unacknowledged messages return to the queue.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, then waits for the process to end; returns its exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
            await ServerProcess.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
