using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using CaseFlow.Workflows.Infrastructure;

namespace CaseFlow.Cli.Integrator;

/// <summary><c>caseflow integrator add &lt;user&gt;</c>: creates the RabbitMQ user of an integrator (a portal, another
/// agency's system) with only the public contract's permissions (<see cref="IntegratorPermissions"/>), through
/// <c>rabbitmqctl</c> on the broker's host. Prints the user, its generated password (shown once) and the patterns.</summary>
public static class IntegratorCommand
{
    private const string PasswordCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A new broker password: 32 random letters and digits (about 190 bits). Never a '-' or '_': rabbitmqctl reads
    /// an argument starting with '-' as an option, so a base64url password starting with one made <c>add_user</c> fail.</summary>
    public static string NewPassword() => RandomNumberGenerator.GetString(PasswordCharacters, 32);

    public static Command Create(CliConsole console)
    {
        var add = new Command("add", "为集成系统创建只能使用公开契约的 RabbitMQ 用户 / create an integrator's RabbitMQ user limited to the public contract");
        var user = new Argument<string>("user") { Description = "the integrator's user name (lower-case letters, digits, '-')" };
        var vhost = new Option<string>("--vhost") { Description = "the installation's virtual host", DefaultValueFactory = _ => "/" };
        var node = new Option<string?>("--node") { Description = "the RabbitMQ node (rabbitmqctl -n)" };
        var ctl = new Option<string>("--rabbitmqctl") { Description = "path of rabbitmqctl", DefaultValueFactory = _ => "rabbitmqctl" };
        add.Add(user);
        add.Add(vhost);
        add.Add(node);
        add.Add(ctl);
        add.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(user)!;
            if (!IntegratorPermissions.IsValidUser(name))
                throw new CliInputException("integrator add", "user: 2–32 lower-case letters, digits or '-', starting with a letter.");
            var permissions = IntegratorPermissions.For(name);
            var password = NewPassword();
            var nodeArgs = parse.GetValue(node) is { } n ? new[] { "-n", n } : [];
            var rabbitmqctl = parse.GetValue(ctl)!;
            var virtualHost = parse.GetValue(vhost)!;
            await RunAsync(rabbitmqctl, [.. nodeArgs, "add_user", name, password], cancellationToken);
            await RunAsync(rabbitmqctl, [.. nodeArgs, "set_permissions", "-p", virtualHost, name, permissions.Configure, permissions.Write, permissions.Read], cancellationToken);
            await console.Out.WriteLineAsync($"user: {name}");
            await console.Out.WriteLineAsync($"password: {password}");
            await console.Out.WriteLineAsync($"vhost: {virtualHost}");
            await console.Out.WriteLineAsync($"configure: {permissions.Configure}");
            await console.Out.WriteLineAsync($"write: {permissions.Write}");
            await console.Out.WriteLineAsync($"read: {permissions.Read}");
            return 0;
        });
        var command = new Command("integrator", "集成系统的总线用户 / integrators' bus users") { add };
        return command;
    }

    private static async Task RunAsync(string file, string[] arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new CliInputException("integrator add", $"{file} {arguments.First(a => a is "add_user" or "set_permissions")}: exited {process.ExitCode}: {(await error + await output).ReplaceLineEndings(" ").Trim()}");
    }
}
