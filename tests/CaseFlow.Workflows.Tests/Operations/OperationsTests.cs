using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CaseFlow.Domain.Tests;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Operations;
using CaseFlow.Workflows.Tests.DisclosureRequest;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CaseFlow.Workflows.Tests.Operations;

/// <summary>What an operator sees: readiness, the CaseFlow meter, and logs free of applicants' personal data.</summary>
public sealed class OperationsTests
{
    [Fact]
    public async Task A_generic_host_reports_ready_when_the_database_and_the_bus_answer()
    {
        using var host = await StartHostAsync(new Dictionary<string, string?>());

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains(CaseFlowOperationsExtensions.ReadyTag));

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal(["database", "masstransit-bus"], report.Entries.Keys.Order());
        await host.StopAsync();
    }

    [Fact]
    public async Task An_unreachable_database_makes_the_host_not_ready_and_says_why_without_the_connection_string()
    {
        var port = Testing.ServerProcess.FreePort();
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["Database:ConnectionString"] = $"Host=127.0.0.1;Port={port};Username=secret_user;Password=secret_pw;Database=x;Timeout=2",
        };
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddCaseFlowPersistence(builder.Configuration);
        builder.Services.AddCaseFlowHealthChecks();
        // Not started: the migrations would fail first. The check runs on its own.
        using var host = builder.Build();

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains(CaseFlowOperationsExtensions.ReadyTag));

        var database = report.Entries["database"];
        Assert.Equal(HealthStatus.Unhealthy, database.Status);
        Assert.StartsWith("The database does not answer", database.Description);
        Assert.DoesNotContain("secret", database.Description);
        Assert.Null(database.Exception);
    }

    [Fact]
    public async Task The_CaseFlow_meter_counts_requests_by_state_timers_outbox_and_command_latency()
    {
        await using var host = await WorkflowHost.StartAsync(27.September(2024));
        var meterFactory = host.Services.GetRequiredService<IMeterFactory>();
        var measurements = new ConcurrentBag<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // This host's meter only: other tests' hosts run in the same process.
            if (instrument.Meter.Name == CaseFlowMetrics.MeterName && instrument.Meter.Scope == meterFactory)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Add((i.Name, v, Tags(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Add((i.Name, v, Tags(tags))));
        listener.Start();

        var request = A.Request(received: 27.September(2024));
        await host.SendAsync(request);
        await host.AdvanceToAsync(31.October(2024));
        await host.SendAsync(A.Request(received: 31.October(2024)));
        await host.Services.GetRequiredService<OperationsSampler>().SampleAsync();
        listener.RecordObservableInstruments();

        Assert.Contains(measurements, m => m.Instrument == "caseflow.command.duration" && (string?)m.Tags["message.type"] == "RegisterRequest"
            && (string?)m.Tags["outcome"] == "committed" && m.Value > 0);
        // The caller's wait for the answer, and the message's wait before it was handled (bench http's breakdown).
        Assert.Contains(measurements, m => m.Instrument == "caseflow.command.roundtrip" && (string?)m.Tags["message.type"] == "RegisterRequest"
            && (string?)m.Tags["outcome"] == "accepted" && m.Value > 0);
        var queued = measurements.Where(m => m.Instrument == "caseflow.command.queued" && (string?)m.Tags["message.type"] == "RegisterRequest").ToList();
        Assert.Equal(2, queued.Count);
        Assert.All(queued, m => Assert.InRange(m.Value, 0, 60_000));
        // Two warnings and the reply-due timer fired for the first request.
        Assert.Equal(3, measurements.Where(m => m.Instrument == "caseflow.timers.fired").Sum(m => m.Value));
        Assert.True(measurements.Where(m => m.Instrument == "caseflow.outbox.relayed").Sum(m => m.Value) >= 5);
        Assert.Contains(measurements, m => m.Instrument == "caseflow.requests" && (string?)m.Tags["state"] == "InProgress" && m.Value == 2);
        Assert.Contains(measurements, m => m.Instrument == "caseflow.outbox.backlog" && m.Value == 0);
        Assert.Contains(measurements, m => m.Instrument == "caseflow.timers.due" && m.Value == 0);
    }

    [Fact]
    public async Task No_log_line_names_the_applicant_or_quotes_their_phone_or_identity_document()
    {
        var lines = new ConcurrentQueue<string>();
        await using var host = await WorkflowHost.StartAsync(27.September(2024), extra: new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" },
            logging: l => l.AddProvider(new CapturingLoggerProvider(lines)));
        var request = A.Request(received: 27.September(2024));

        await host.SendAsync(request);
        await host.SendAsync(A.CorrectionNotice(request.RequestId, 27.September(2024), 8.October(2024)));
        await host.AdvanceToAsync(9.October(2024));

        Assert.NotEmpty(lines);
        Assert.DoesNotContain(lines, l => l.Contains(request.ApplicantName, StringComparison.Ordinal)
            || l.Contains(request.ApplicantPhone, StringComparison.Ordinal) || l.Contains("11010519491231002X", StringComparison.Ordinal));
    }

    private static async Task<IHost> StartHostAsync(Dictionary<string, string?> extra)
    {
        var directory = Directory.CreateTempSubdirectory("caseflow-ops-").FullName;
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(directory, "caseflow.db")}",
            ["Transport"] = "InMemory",
            ["Workflows:RunInBackground"] = "false",
            ["Calendars:Directory"] = Path.Combine(AppContext.BaseDirectory, "calendars"),
        });
        builder.Configuration.AddInMemoryCollection(extra);
        builder.Services.AddCaseFlowPersistence(builder.Configuration);
        builder.Services.AddCaseFlowWorkflows(builder.Configuration);
        builder.Services.AddCaseFlowHealthChecks();
        builder.Services.AddCaseFlowTelemetry(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var tag in tags)
            result[tag.Key] = tag.Value;
        return result;
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
