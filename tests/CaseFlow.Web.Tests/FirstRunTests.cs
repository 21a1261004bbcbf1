using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 16 walk: the first-run administrator's one-time password (generated, printed once on the console) must
/// be changed at the first sign-in; a password the operator configured (<c>FirstRun:AdminPassword</c>) is not one-time.</summary>
public sealed class FirstRunTests : IAsyncLifetime
{
    private readonly WebApp _generated = new() { Settings = { ["FirstRun:AdminPassword"] = "" } };

    public Task InitializeAsync() => _generated.InitializeAsync();

    public Task DisposeAsync() => _generated.DisposeAsync();

    [Fact]
    public async Task The_generated_one_time_administrator_password_must_be_changed_at_the_first_sign_in()
    {
        await using var connection = await _generated.Services.GetRequiredService<Database>().OpenAsync();

        var admin = await Users.FindByNameAsync(connection, "admin");

        // The flag is what the sign-in puts in the cookie; ForcedPasswordChange then sends every page to /Account/Password
        // (AccountTests.A_password_an_administrator_set_must_be_changed_and_the_policy_refuses_trivial_ones).
        Assert.True(admin!.MustChangePassword);
        Assert.Equal(Setup.FirstRun.PlatformAgency, admin.AgencyCode);
    }
}
