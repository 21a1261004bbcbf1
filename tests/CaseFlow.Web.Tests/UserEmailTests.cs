using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Security;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using netDumbster.smtp;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 6: a user's notification address, set by the administrator on /Admin/Users or by the user on
/// /Account/Password, validated and written to the administration trail; consultation notices are then e-mailed to it
/// through a real SMTP server in this process (netDumbster on a free loopback port), not a mock.</summary>
public sealed class UserEmailTests : IAsyncLifetime
{
    private readonly SimpleSmtpServer _smtp;
    private readonly WebApp _app;

    public UserEmailTests()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        _smtp = SimpleSmtpServer.Start(port);
        _app = new WebApp { SmtpPort = port };
    }

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _smtp.Dispose();
    }

    private async Task<string?> EmailOfAsync(string userName)
    {
        await using var connection = await _app.Services.GetRequiredService<Database>().OpenAsync();
        return (await Users.FindByNameAsync(connection, userName))?.Email;
    }

    private async Task<IReadOnlyList<string>> TrailAsync(string subject)
    {
        await using var connection = await _app.Services.GetRequiredService<Database>().OpenAsync();
        return (await connection.QueryAsync<string>("SELECT details FROM admin_audit_entries WHERE subject = @Subject ORDER BY id", new { Subject = subject })).ToList();
    }

    private async Task<HttpResponseMessage> EditAdviserAsync(HttpClient admin, string email)
    {
        await using var connection = await _app.Services.GetRequiredService<Database>().OpenAsync();
        var id = (await Users.FindByNameAsync(connection, "adv1"))!.Id;
        return await admin.PostFormAsync($"/Admin/Users?handler=Update&id={id}",
            new() { ["DisplayName"] = "adv1", ["AgencyCode"] = "a1", ["Role"] = Roles.LegalAdviser, ["Email"] = email }, "/Admin/Users");
    }

    private async Task InviteAdviserAsync()
    {
        var api = _app.WithApiKey();
        var requestId = (await api.RegisterAsync()).GetProperty("id").GetString();
        var response = await api.PostAsJsonAsync($"/api/requests/{requestId}/consultation", new Dictionary<string, object?>
        {
            ["kind"] = "Internal", ["participants"] = "adv1", ["question"] = "该合同是否属于可以公开的政府信息？", ["date"] = Seed.Today(), ["dueOn"] = Seed.Today(7),
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<netDumbster.smtp.SmtpMessage> NextEmailAsync(int count)
    {
        for (var attempt = 0; attempt < 200 && _smtp.ReceivedEmailCount < count; attempt++)
            await Task.Delay(100);
        Assert.Equal(count, _smtp.ReceivedEmailCount);
        return _smtp.ReceivedEmail[count - 1];
    }

    [Fact]
    public async Task The_administrator_sets_an_address_a_bad_one_is_refused_naming_the_field_and_the_invitation_is_emailed_to_it()
    {
        var admin = await _app.AsRoleAsync(Roles.Administrator);

        var bad = await EditAdviserAsync(admin, "adv1@county");
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("「电子邮箱」格式不正确", await bad.Content.ReadAsStringAsync());
        Assert.Null(await EmailOfAsync("adv1"));
        Assert.Empty(await TrailAsync("adv1"));

        await EditAdviserAsync(admin, "adv1@county.example");
        Assert.Equal("adv1@county.example", await EmailOfAsync("adv1"));
        Assert.Equal(["email: none → a***@county.example"], await TrailAsync("adv1"));
        Assert.Contains("adv1@county.example", await admin.GetStringAsync("/Admin/Users"));

        await InviteAdviserAsync();
        var mail = await NextEmailAsync(1);
        Assert.Equal("adv1@county.example", mail.ToAddresses.Single().Address);
        Assert.Contains("会商邀请", mail.Subject);
    }

    [Fact]
    public async Task A_new_user_is_created_with_an_address_and_a_bad_one_stores_no_user()
    {
        var admin = await _app.AsRoleAsync(Roles.Administrator);
        var form = new Dictionary<string, string> { ["UserName"] = "adv7", ["DisplayName"] = "赵律师", ["AgencyCode"] = "a1", ["Role"] = Roles.LegalAdviser };

        var bad = await admin.PostFormAsync("/Admin/Users?handler=Create", new(form) { ["Email"] = "赵律师 <zhao@law.example>" }, "/Admin/Users");
        Assert.Contains("「电子邮箱」格式不正确", await bad.Content.ReadAsStringAsync());
        Assert.Equal(0, await _app.CountAsync("SELECT COUNT(*) FROM users WHERE user_name = 'adv7'"));

        await admin.PostFormAsync("/Admin/Users?handler=Create", new(form) { ["Email"] = "zhao@law.example" }, "/Admin/Users");
        Assert.Equal("zhao@law.example", await EmailOfAsync("adv7"));
        Assert.Contains("email=z***@law.example", Assert.Single(await TrailAsync("adv7")));
    }

    [Fact]
    public async Task The_user_sets_or_removes_their_own_address_and_notices_follow_it()
    {
        var adviser = await _app.AsRoleAsync(Roles.LegalAdviser);

        var bad = await adviser.PostFormAsync("/Account/Password?handler=Email", new() { ["Email"] = "not an address" }, "/Account/Password");
        Assert.Contains("「电子邮箱」格式不正确", await bad.Content.ReadAsStringAsync());
        Assert.Null(await EmailOfAsync("adv1"));

        var saved = await adviser.PostFormAsync("/Account/Password?handler=Email", new() { ["Email"] = " li.na@county.example " }, "/Account/Password");
        Assert.Contains("通知邮箱已保存", await saved.Content.ReadAsStringAsync());
        Assert.Equal("li.na@county.example", await EmailOfAsync("adv1"));
        Assert.Contains("value=\"li.na@county.example\"", await adviser.GetStringAsync("/Account/Password"));
        Assert.Equal(["email: none → l***@county.example (by the user)"], await TrailAsync("adv1"));
        await InviteAdviserAsync();
        Assert.Equal("li.na@county.example", (await NextEmailAsync(1)).ToAddresses.Single().Address);

        await adviser.PostFormAsync("/Account/Password?handler=Email", new() { ["Email"] = "" }, "/Account/Password");
        Assert.Null(await EmailOfAsync("adv1"));
        Assert.Equal("email: l***@county.example → none (by the user)", (await TrailAsync("adv1"))[^1]);
    }

    [Theory]
    [InlineData("li.na@county.gov.cn", true)]
    [InlineData("", true)]
    [InlineData("li.na@county", false)]
    [InlineData("li na@county.gov.cn", false)]
    [InlineData("李娜 <li.na@county.gov.cn>", false)]
    [InlineData("li.na@county.gov.cn.", false)]
    [InlineData("@county.gov.cn", false)]
    public void An_address_is_a_plain_mailbox_at_a_dotted_domain(string input, bool ok) => Assert.Equal(ok, UserEmail.Parse(input).Ok);
}
