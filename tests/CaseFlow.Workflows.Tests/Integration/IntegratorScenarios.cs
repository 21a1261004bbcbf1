using System.Reflection;
using System.Text.Json;
using CaseFlow.Domain.Tests;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Testing;
using CaseFlow.Workflows.Tests.DisclosureRequest;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace CaseFlow.Workflows.Tests.Integration;

/// <summary>An integrator on the real RabbitMQ: its user (made by <c>caseflow integrator add</c>) may publish the
/// public contract and nothing else; what it registers is validated like the HTTP API and audited as
/// <c>integration:&lt;user&gt;</c>, whoever the message names. The README's Python example is the client.</summary>
public sealed class IntegratorScenarios
{
    private static readonly string CliDll = typeof(IntegratorScenarios).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "CaseFlowCliDll").Value!;

    private static string Example
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CaseFlow.sln")))
                directory = directory.Parent;
            return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Repository root not found."), "src", "CaseFlow.Contracts", "Examples", "register_request.py");
        }
    }

    private sealed record Integrator(RabbitMqServer Broker, string VirtualHost, string User, string Password);

    private static async Task<(WorkflowHost Host, Integrator Integrator)> StartAsync()
    {
        var broker = await RabbitMqServer.StartSharedAsync();
        var vhost = await broker.CreateVirtualHostAsync("integrator");
        var host = await WorkflowHost.StartAsync(27.September(2024), extra: new()
        {
            ["Transport"] = "RabbitMq", ["RabbitMq:Host"] = broker.Host, ["RabbitMq:Port"] = broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RabbitMq:VirtualHost"] = vhost, ["RabbitMq:Username"] = broker.Username, ["RabbitMq:Password"] = broker.Password,
        });
        await using (var connection = await host.Services.GetRequiredService<Database>().OpenAsync())
            await Agencies.InsertAsync(connection, new Agency
            {
                Code = "county-gov", Name = "某县人民政府", CalendarId = "cn", WarningLeadWorkingDays = 5, CreatedAt = host.Clock.GetCurrentInstant(),
            });
        // Broker users are per node, shared by the tests: each test has its own integrator.
        var user = $"portal-{Guid.NewGuid():N}"[..20];
        var output = await ServerProcess.RunAsync("dotnet",
            [CliDll, "integrator", "add", user, "--vhost", vhost, "--node", broker.NodeName, "--rabbitmqctl", RabbitMqServer.Rabbitmqctl],
            // rabbitmqctl starts an Erlang node per call (three here): on a busy machine that alone can pass 2 minutes.
            environment: broker.ControlEnvironment.ToDictionary(), timeout: TimeSpan.FromMinutes(6));
        var password = output.Split('\n').Single(l => l.StartsWith("password: ", StringComparison.Ordinal))["password: ".Length..].Trim();
        return (host, new Integrator(broker, vhost, user, password));
    }

    private static async Task<(int Exit, string Output)> RegisterWithPythonAsync(Integrator integrator, object command)
    {
        var info = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3") // Debian's python3 with python3-pika
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     Example, integrator.Broker.Host, integrator.Broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     integrator.VirtualHost, integrator.User, integrator.Password, JsonSerializer.Serialize(command, JsonSerializerOptions.Web),
                 })
            info.ArgumentList.Add(argument);
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private static Dictionary<string, object?> Registration(Guid id, string agency = "county-gov", string applicantType = "NaturalPerson") => new()
    {
        ["requestId"] = id, ["actor"] = "wang.fang", ["agencyCode"] = agency, ["applicantType"] = applicantType,
        ["applicantName"] = "王小明", ["applicantIdDocument"] = "居民身份证 11010519491231002X", ["applicantPhone"] = "13800138000",
        ["channel"] = "Online", ["description"] = "2023年本县老旧小区改造项目的资金使用情况", ["formOfProvision"] = "Electronic",
    };

    [Fact]
    public async Task An_integrator_registers_with_the_Python_example_and_is_audited_as_itself_not_the_staff_member_it_names()
    {
        var (host, integrator) = await StartAsync();
        await using var _ = host;
        var id = Guid.NewGuid();

        var (exit, output) = await RegisterWithPythonAsync(integrator, Registration(id));

        Assert.True(exit == 0, output);
        Assert.Contains("\"accepted\": true", output);
        var audit = await host.AuditAsync(id);
        Assert.Equal($"integration:{integrator.User}", Assert.Single(audit).Actor);
    }

    [Theory]
    [InlineData("unknown-agency", "NaturalPerson", "agencyCode")]
    [InlineData("county-gov", "99", "applicantType")]
    public async Task An_integrators_malformed_registration_is_refused_and_stores_nothing(string agency, string applicantType, string field)
    {
        var (host, integrator) = await StartAsync();
        await using var _ = host;
        var id = Guid.NewGuid();

        var (exit, output) = await RegisterWithPythonAsync(integrator, Registration(id, agency, applicantType));

        Assert.True(exit == 1, output);
        Assert.Contains(field, output);
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT COUNT(*) FROM requests"));
    }

    [Fact]
    public async Task A_restricted_integrator_cannot_publish_WithdrawRequest()
    {
        var (host, integrator) = await StartAsync();
        await using var _ = host;
        var factory = new ConnectionFactory
        {
            HostName = integrator.Broker.Host, Port = integrator.Broker.Port, VirtualHost = integrator.VirtualHost,
            UserName = integrator.User, Password = integrator.Password,
        };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));

        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await channel.BasicPublishAsync("CaseFlow.Workflows.DisclosureRequest:WithdrawRequest", "", true, new BasicProperties { UserId = integrator.User },
                "{}"u8.ToArray());
            // A refused publish closes the channel: the next operation sees it at the latest.
            await channel.QueueDeclarePassiveAsync("disclosure-request");
        });

        Assert.Contains("ACCESS_REFUSED", refused.ToString());
    }
}
