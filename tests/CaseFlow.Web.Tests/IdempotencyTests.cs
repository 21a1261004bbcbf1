using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Persistence.Workplace;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 13: retries of the API's writes make no duplicates — an <c>Idempotency-Key</c> (or a caller-chosen
/// <c>requestId</c>) answers a repeat with the first answer and writes nothing.</summary>
[Collection(nameof(WebCollection))]
public sealed class IdempotencyTests(WebApp app)
{
    private static HttpRequestMessage Post(string url, object body, string? key)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (key is not null)
            message.Headers.Add("Idempotency-Key", key);
        return message;
    }

    private Task<long> RequestsNamedAsync(string name) =>
        app.CountAsync("SELECT COUNT(*) FROM requests WHERE applicant_name = @Name", new { Name = name });

    [Fact]
    public async Task A_repeated_registration_with_the_same_key_answers_the_first_result_and_registers_once()
    {
        var api = app.WithApiKey();
        var key = Guid.NewGuid().ToString();
        var body = Seed.Registration(name: "幂等登记");

        var first = await api.SendAsync(Post("/api/requests", body, key));
        var repeat = await api.SendAsync(Post("/api/requests", body, key));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal(first.Headers.Location, repeat.Headers.Location);
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString(),
            (await repeat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.Equal(1, await RequestsNamedAsync("幂等登记"));

        var other = await api.SendAsync(Post("/api/requests", Seed.Registration(name: "幂等登记另一"), key));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType!.MediaType);
        Assert.Equal(0, await RequestsNamedAsync("幂等登记另一"));
    }

    [Fact]
    public async Task Keys_are_scoped_per_caller()
    {
        var key = Guid.NewGuid().ToString();
        var body = Seed.Registration(name: "幂等分调用方");

        Assert.Equal(HttpStatusCode.Created, (await app.WithApiKey().SendAsync(Post("/api/requests", body, key))).StatusCode);
        var caseworker = await app.AsRoleAsync(Roles.Caseworker);
        var second = await caseworker.SendAsync(Post("/api/requests", body, key));

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.False(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, await RequestsNamedAsync("幂等分调用方"));
    }

    [Fact]
    public async Task A_repeated_action_with_the_same_key_answers_the_first_result_and_writes_nothing()
    {
        var api = app.WithApiKey();
        var id = (await api.RegisterAsync(Seed.Registration(name: "幂等撤回"))).GetProperty("id").GetString();
        var key = Guid.NewGuid().ToString();
        var body = new { date = Seed.Today(), reason = "申请人撤回" };

        var first = await api.SendAsync(Post($"/api/requests/{id}/withdrawal", body, key));
        var audit = await app.CountAsync("SELECT COUNT(*) FROM audit_entries WHERE request_id = @Id", new { Id = id });
        var repeat = await api.SendAsync(Post($"/api/requests/{id}/withdrawal", body, key));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
        Assert.Equal(audit, await app.CountAsync("SELECT COUNT(*) FROM audit_entries WHERE request_id = @Id", new { Id = id }));
        // Without the key the same call is a second, refused withdrawal.
        Assert.Equal(HttpStatusCode.Conflict, (await api.SendAsync(Post($"/api/requests/{id}/withdrawal", body, null))).StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_blank_or_overlong_key_is_refused_naming_the_header(string key)
    {
        var response = await app.WithApiKey().SendAsync(Post("/api/requests", Seed.Registration(name: "幂等键无效"), key.Length == 0 ? new string('k', 101) : key));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(0, await RequestsNamedAsync("幂等键无效"));
    }

    [Fact]
    public async Task A_caller_chosen_request_id_registers_once()
    {
        var api = app.WithApiKey();
        var requestId = Guid.NewGuid();
        var body = Seed.Registration(name: "自选编号");
        body["requestId"] = requestId;

        var first = await api.PostAsJsonAsync("/api/requests", body);
        var repeat = await api.PostAsJsonAsync("/api/requests", body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal(requestId.ToString(), (await repeat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString());
        Assert.Equal(1, await RequestsNamedAsync("自选编号"));
    }
}

/// <summary>A command the workflow does not answer in time is <c>202</c> with where to check, not a 500.</summary>
public sealed class CommandTimeoutTests : IAsyncLifetime
{
    // The workflow never answers within a millisecond (it writes the request to the database first).
    private readonly WebApp _app = new() { Settings = new() { ["Workflows:CommandTimeout"] = "00:00:00.001" } };

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_registration_that_times_out_answers_202_with_a_location_that_shows_the_request_once_it_commits()
    {
        var api = _app.WithApiKey();

        var response = await api.PostAsJsonAsync("/api/requests", Seed.Registration(name: "超时登记"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.Matches("^/api/requests/[0-9a-f-]{36}$", location);
        Assert.Equal("pending", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        var found = HttpStatusCode.NotFound;
        for (var attempt = 0; attempt < 600 && found != HttpStatusCode.OK; attempt++)
        {
            found = (await api.GetAsync(location)).StatusCode;
            if (found != HttpStatusCode.OK)
                await Task.Delay(50);
        }
        Assert.Equal(HttpStatusCode.OK, found);
    }
}
