using System.Net;
using System.Text.RegularExpressions;
using CaseFlow.Persistence.Workplace;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 13: an agency's supervisor creates the agency's API keys; the administrator (who sees no request
/// content) may only revoke them; a key is scoped to the supervisor's agency.</summary>
[Collection(nameof(WebCollection))]
public sealed partial class ApiKeyTests(WebApp app)
{
    [GeneratedRegex("<code>(cf_[A-Za-z0-9_-]+)</code>")]
    private static partial Regex ShownKey();

    private HttpClient Keyed(string key)
    {
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    [Fact]
    public async Task A_supervisor_creates_a_key_of_their_own_agency_and_the_administrator_may_only_revoke_it()
    {
        var keys = await app.CountAsync("SELECT COUNT(*) FROM api_keys");
        var admin = await app.AsRoleAsync(Roles.Administrator);
        await admin.PostFormAsync("/Admin/ApiKeys?handler=Create", new() { ["Name"] = "管理员密钥", ["AgencyCode"] = "a2" }, "/Admin/ApiKeys");
        Assert.Equal(keys, await app.CountAsync("SELECT COUNT(*) FROM api_keys"));
        Assert.DoesNotContain("handler=Create", await admin.GetStringAsync("/Admin/ApiKeys"));

        var supervisor = await app.AsRoleAsync(Roles.Supervisor);
        var created = await supervisor.PostFormAsync("/Supervision/ApiKeys?handler=Create", new() { ["Name"] = "区政务服务平台" }, "/Supervision/ApiKeys");
        var key = ShownKey().Match(await created.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.StartsWith("cf_", key);
        Assert.Equal("a1", await app.ScalarAsync<string>("SELECT agency_code FROM api_keys WHERE name = '区政务服务平台'"));
        Assert.DoesNotContain(key, await supervisor.GetStringAsync("/Supervision/ApiKeys"));

        var keyed = Keyed(key);
        var registered = await keyed.RegisterAsync(Seed.Registration(name: "密钥登记"));
        Assert.Equal("a1", await app.ScalarAsync<string>("SELECT agency_code FROM requests WHERE id = @Id", new { Id = registered.GetProperty("id").GetString() }));
        var otherAgencys = (await (await app.SignedInAsync("cw2")).RegisterAsync(Seed.Registration(name: "别的机关"))).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NotFound, (await keyed.GetAsync($"/api/requests/{otherAgencys}")).StatusCode);

        var id = await app.ScalarAsync<string>("SELECT id FROM api_keys WHERE name = '区政务服务平台'");
        var revoked = await admin.PostFormAsync($"/Admin/ApiKeys?handler=Revoke&id={id}", [], "/Admin/ApiKeys");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Keyed(key).GetAsync("/api/requests")).StatusCode);
    }

    [Fact]
    public async Task A_supervisor_sees_and_revokes_only_their_own_agencys_keys()
    {
        var other = ApiKeys.NewKey();
        var id = Guid.NewGuid().ToString();
        await using (var connection = await app.Services.GetRequiredService<CaseFlow.Persistence.Database>().OpenAsync())
            await ApiKeys.InsertAsync(connection, new ApiKey { Id = id, AgencyCode = "a2", Name = "别的机关平台", KeyHash = ApiKeys.Hash(other), CreatedAt = NodaTime.SystemClock.Instance.GetCurrentInstant() });
        var supervisor = await app.AsRoleAsync(Roles.Supervisor);

        Assert.DoesNotContain("别的机关平台", await supervisor.GetStringAsync("/Supervision/ApiKeys"));
        var refused = await supervisor.PostFormAsync($"/Supervision/ApiKeys?handler=Revoke&id={id}", [], "/Supervision/ApiKeys");

        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Keyed(other).GetAsync("/api/requests")).StatusCode);
    }
}
