using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CaseFlow.Testing;

/// <summary>Starting Debian's server binaries for the suite: free loopback ports, commands run (as another user when
/// the suite runs as root), and failures reported with the tail of the server's log.</summary>
public static class ServerProcess
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Runs a command to completion; throws with its output when it fails.</summary>
    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, string? asUser = null,
        IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var info = asUser is not null && IsRoot ? new ProcessStartInfo("runuser") : new ProcessStartInfo(file);
        if (asUser is not null && IsRoot)
        {
            info.ArgumentList.Add("-u");
            info.ArgumentList.Add(asUser);
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(file);
        }
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            info.Environment[key] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cancel.Token);
        var text = await output + await error;
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', info.ArgumentList)} exited {process.ExitCode}: {Tail(text)}");
        return text;
    }

    /// <summary>Starts a long-running server process; its output goes to <paramref name="logFile"/>.</summary>
    public static Process StartBackground(string file, IEnumerable<string> arguments, string logFile, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"exec \"$0\" \"$@\" >> '{logFile}' 2>&1");
        info.ArgumentList.Add(file);
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            info.Environment[key] = value;
        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
    }

    public static async Task WaitForPortAsync(int port, TimeSpan timeout, Func<string> log)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(200);
            }
        }
        throw new TimeoutException($"Nothing listened on 127.0.0.1:{port} within {timeout.TotalSeconds} s: {Tail(log())}");
    }

    /// <summary>Runs <paramref name="cleanup"/> (a shell script) once this test process is gone, however it ends:
    /// a detached watcher polls for the process, so a killed test host leaves no server behind.</summary>
    public static void CleanUpAfterThisProcess(string cleanup)
    {
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-f");
        info.ArgumentList.Add("/bin/sh");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {cleanup}");
        using var watcher = Process.Start(info);
        watcher?.WaitForExit();
    }

    public static string Tail(string text, int lines = 15) =>
        string.Join('\n', text.Split('\n').TakeLast(lines));

    public static string ReadLog(string path) => File.Exists(path) ? File.ReadAllText(path) : "(no log)";
}
