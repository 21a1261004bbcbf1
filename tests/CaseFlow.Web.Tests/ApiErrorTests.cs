using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 13: every API error is ProblemDetails, an unhandled exception included.</summary>
[Collection(nameof(WebCollection))]
public sealed class ApiErrorTests(WebApp app)
{
    [Fact]
    public async Task An_unhandled_exception_in_the_api_is_problem_details_not_an_html_page()
    {
        var api = app.WithApiKey();
        var id = (await api.RegisterAsync(Seed.Registration(name: "损坏数据"))).GetProperty("id").GetString();
        var data = await app.ScalarAsync<string>("SELECT data FROM requests WHERE id = @Id", new { Id = id });
        await app.CountAsync("UPDATE requests SET data = '{' WHERE id = @Id", new { Id = id });

        var response = await api.GetAsync($"/api/requests/{id}");
        await app.CountAsync("UPDATE requests SET data = @Data WHERE id = @Id", new { Id = id, Data = data });

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("traceId", out _));
        Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_malformed_body_and_an_unknown_route_are_problem_details()
    {
        var api = app.WithApiKey();

        var malformed = await api.PostAsync("/api/requests", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        var unknown = await api.GetAsync("/api/requests/not-a-guid/nothing");

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType!.MediaType);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);
    }
}

/// <summary>Issue 13: while the database or the broker is down the API answers 503 with Retry-After, as ProblemDetails,
/// and stores nothing.</summary>
public sealed class ServiceUnavailableTests
{
    private static async Task AssertUnavailableAsync(HttpResponseMessage response, string what)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.RetryAfter!.Delta);
        Assert.Contains($"{what}暂时不可用", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task While_the_database_is_stopped_the_api_answers_503_with_retry_after_and_pages_a_503_page()
    {
        var postgres = await PostgresServer.StartDedicatedAsync();
        var connectionString = await postgres.CreateDatabaseAsync("unavailable");
        await using var app = new WebApp { Settings = new() { ["Database:Provider"] = "PostgreSql", ["Database:ConnectionString"] = connectionString } };
        await app.InitializeAsync();
        var api = app.WithApiKey();
        var caseworker = await app.AsRoleAsync(Roles.Caseworker);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/requests")).StatusCode);

        await postgres.StopAsync();
        try
        {
            await AssertUnavailableAsync(await api.GetAsync("/api/requests"), "数据库");
            await AssertUnavailableAsync(await api.PostAsJsonAsync("/api/requests", Seed.Registration(name: "停库登记")), "数据库");
            var page = await caseworker.GetAsync("/Workbench");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Contains("数据库暂时不可用", await page.Content.ReadAsStringAsync());
        }
        finally
        {
            await postgres.StartAsync();
            Npgsql.NpgsqlConnection.ClearAllPools();
        }
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM requests WHERE applicant_name = '停库登记'"));
    }

    [Fact]
    public async Task While_the_broker_is_stopped_an_api_write_answers_503_at_once_and_registers_nothing()
    {
        var rabbit = await RabbitMqServer.StartDedicatedAsync("unavailable");
        var vhost = await rabbit.CreateVirtualHostAsync("unavailable");
        await using var app = new WebApp
        {
            Settings = new()
            {
                ["Transport"] = "RabbitMq", ["RabbitMq:Host"] = rabbit.Host, ["RabbitMq:Port"] = rabbit.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["RabbitMq:VirtualHost"] = vhost, ["RabbitMq:Username"] = rabbit.Username, ["RabbitMq:Password"] = rabbit.Password,
            },
        };
        await app.InitializeAsync();
        var api = app.WithApiKey();
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/requests", Seed.Registration(name: "总线正常"))).StatusCode);

        await rabbit.StopAsync();
        try
        {
            var bus = app.Services.GetRequiredService<IBusControl>();
            for (var i = 0; i < 1200 && bus.CheckHealth().Status != BusHealthStatus.Unhealthy; i++)
                await Task.Delay(50);
            Assert.Equal(BusHealthStatus.Unhealthy, bus.CheckHealth().Status);

            await AssertUnavailableAsync(await api.PostAsJsonAsync("/api/requests", Seed.Registration(name: "停总线登记")), "消息总线");
        }
        finally
        {
            await rabbit.StartAsync();
        }
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM requests WHERE applicant_name = '停总线登记'"));
    }
}
