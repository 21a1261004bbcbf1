using System.Text.Encodings.Web;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CaseFlow.Web.Security;

/// <summary>Integrators authenticate with <c>X-Api-Key: cf_…</c> or <c>Authorization: Bearer cf_…</c>.</summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Database database)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    public static string? KeyOf(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Api-Key", out var header) && !string.IsNullOrEmpty(header))
            return header.ToString();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = KeyOf(Request);
        if (key is null)
            return AuthenticateResult.NoResult();
        await using var connection = await database.OpenAsync(Context.RequestAborted);
        var found = await ApiKeys.FindActiveAsync(connection, key);
        return found is null
            ? AuthenticateResult.Fail("Unknown or revoked API key.")
            : AuthenticateResult.Success(new AuthenticationTicket(CaseFlowClaims.For(found, SchemeName), SchemeName));
    }
}
