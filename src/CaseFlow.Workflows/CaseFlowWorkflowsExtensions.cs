using CaseFlow.Domain.Calendar;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Migrations;
using CaseFlow.Workflows.Consultations;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using CaseFlow.Workflows.Operations;
using CaseFlow.Workflows.RecordCorrections;
using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;

namespace CaseFlow.Workflows;

/// <summary>Settings under <c>RabbitMq:</c>, used when <c>Transport</c> is <c>RabbitMq</c>.</summary>
public sealed class RabbitMqOptions
{
    public string Host { get; set; } = "localhost";
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";
}

public static class CaseFlowWorkflowsExtensions
{
    /// <summary>The database (<c>Database:Provider</c>, <c>Database:ConnectionString</c>), migrated at start.</summary>
    public static IServiceCollection AddCaseFlowPersistence(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.TryAddSingleton<IClock>(SystemClock.Instance);
        services.AddSingleton(options);
        services.AddSingleton<Database>();
        services.AddSingleton<Migrator>();
        services.AddHostedService<MigrateDatabaseOnStart>();
        return services;
    }

    /// <summary>The request workflows on the configured transport (<c>Transport</c> = InMemory | RabbitMq), the deadline
    /// sweeper, the outbox relay and the calendars (<c>Calendars:Directory</c>).</summary>
    public static IServiceCollection AddCaseFlowWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WorkflowOptions>(configuration.GetSection("Workflows"));
        services.Configure<SweeperOptions>(configuration.GetSection("Workflows"));
        services.AddSingleton(new CalendarCatalog(configuration["Calendars:Directory"] ?? CalendarDirectory.Locate()));
        services.AddSingleton<DeadlineSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<DeadlineSweeper>());
        services.AddSingleton<OutboxRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        services.AddSingleton<RetentionSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionSweeper>());
        services.AddSingleton<RecomputeOnCalendarChange>();
        services.AddHostedService(sp => sp.GetRequiredService<RecomputeOnCalendarChange>());
        services.AddScoped<RequestCommands>();
        // Notices by e-mail (Notifications:Smtp:Host, Port, From, Username, Password, Security): off while no host is set.
        var smtp = configuration.GetSection("Notifications:Smtp").Get<Notifications.SmtpOptions>() ?? new Notifications.SmtpOptions();
        if (!string.IsNullOrWhiteSpace(smtp.Host))
            services.AddSingleton<Notifications.IEmailChannel>(new Notifications.SmtpEmailChannel(smtp));
        services.Configure<OperationsOptions>(configuration.GetSection("Operations"));
        services.AddMetrics();
        services.TryAddSingleton<CaseFlowMetrics>();
        services.AddSingleton<OperationsSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<OperationsSampler>());

        // A command published before the saga's queue is bound to its exchange would be dropped by RabbitMQ:
        // the host is not started until the bus and its topology are.
        services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        var transport = configuration["Transport"] ?? "InMemory";
        var rabbit = configuration.GetSection("RabbitMq").Get<RabbitMqOptions>() ?? new RabbitMqOptions();
        var receiveEndpoints = configuration.GetValue("Workflows:ReceiveEndpoints", true);
        services.AddSingleton(new BusIdentity(transport == "RabbitMq" ? rabbit.Username : null));
        services.AddMassTransit(x =>
        {
            // Nothing is sent outside the installation unasked: MassTransit's usage report to its vendor is off.
            x.DisableUsageTelemetry();
            x.AddSagaStateMachine<DisclosureRequestStateMachine, DisclosureRequestState, DisclosureRequestDefinition>()
                .Repository(r =>
                {
                    r.RegisterSagaRepository<DisclosureRequestState, DbSession, SagaConsumeContextFactory<DbSession, DisclosureRequestState>, RequestSagaRepository>();
                    r.RegisterLoadSagaRepository<DisclosureRequestState, RequestSagaRepository>();
                    r.RegisterQuerySagaRepository<DisclosureRequestState, RequestSagaRepository>();
                });
            x.AddConsumer<Notifications.ConsultationNoticeDelivery, Notifications.ConsultationNoticeDeliveryDefinition>();
            x.AddSagaStateMachine<ConsultationStateMachine, ConsultationState, ConsultationDefinition>()
                .Repository(r =>
                {
                    r.RegisterSagaRepository<ConsultationState, DbSession, SagaConsumeContextFactory<DbSession, ConsultationState>, ConsultationSagaRepository>();
                    r.RegisterLoadSagaRepository<ConsultationState, ConsultationSagaRepository>();
                    r.RegisterQuerySagaRepository<ConsultationState, ConsultationSagaRepository>();
                });
            // Requests to correct records (Art. 41, issue 17 item 6): their own workflow on the same generic repository.
            x.AddSagaStateMachine<RecordCorrectionStateMachine, RecordCorrectionState, RecordCorrectionDefinition>()
                .Repository(r =>
                {
                    r.RegisterSagaRepository<RecordCorrectionState, DbSession, SagaConsumeContextFactory<DbSession, RecordCorrectionState>, RecordCorrectionSagaRepository>();
                    r.RegisterLoadSagaRepository<RecordCorrectionState, RecordCorrectionSagaRepository>();
                    r.RegisterQuerySagaRepository<RecordCorrectionState, RecordCorrectionSagaRepository>();
                });
            switch (transport)
            {
                case "InMemory":
                    x.UsingInMemory((context, cfg) =>
                    {
                        cfg.ConfigureJsonSerializerOptions(CaseFlowJson.Configure);
                        cfg.ConfigureEndpoints(context);
                    });
                    break;
                case "RabbitMq":
                    x.UsingRabbitMq((context, cfg) =>
                    {
                        cfg.Host(rabbit.Host, rabbit.Port, rabbit.VirtualHost, h =>
                        {
                            h.Username(rabbit.Username);
                            h.Password(rabbit.Password);
                        });
                        // Every message this node sends carries its broker user (RabbitMQ checks it against the
                        // connection): how the request saga tells this installation's commands from an integrator's.
                        cfg.StampServiceUser(rabbit.Username);
                        cfg.ConfigureJsonSerializerOptions(CaseFlowJson.Configure);
                        // Workflows:ReceiveEndpoints=false: this node only sends and publishes (a web front end whose
                        // messages `caseflow worker` processes handle); it still gets answers on its own response queue.
                        if (receiveEndpoints)
                            cfg.ConfigureEndpoints(context);
                    });
                    break;
                default:
                    throw new InvalidOperationException($"Transport '{transport}' is not known: use InMemory or RabbitMq.");
            }
        });
        return services;
    }

    /// <summary>Every message sent or published carries the installation's broker user as its AMQP <c>user_id</c>
    /// (RabbitMQ checks it against the connection): how the request saga tells this installation's commands from an
    /// integrator's (<see cref="CommandOrigin"/>).</summary>
    public static void StampServiceUser(this IRabbitMqBusFactoryConfigurator cfg, string user)
    {
        cfg.ConfigureSend(s => s.UseExecute(StampUserId(user)));
        cfg.ConfigurePublish(p => p.UseExecute(StampUserId(user)));
    }

    private static Action<SendContext> StampUserId(string user) => context =>
    {
        if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit))
            rabbit.BasicProperties.UserId = user;
    };
}
