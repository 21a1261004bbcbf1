using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using Microsoft.AspNetCore.Identity;
using NodaTime;

namespace CaseFlow.Web.Security;

public enum SignInOutcome { SignedIn, WrongCredentials }

/// <summary>Checks a user's password with ASP.NET Core's hasher. There is no account lockout (anyone could lock anyone
/// out with it): guessing is throttled per client address by the sign-in rate limit (<c>RateLimits:PublicPerMinute</c>),
/// and every refusal — unknown user, wrong password, disabled — gives the same answer. Failures are counted for the
/// administrator's view only.</summary>
public sealed class SignInService(Database database, IClock clock)
{
    private static readonly PasswordHasher<UserAccount> Hasher = new();

    public static string HashPassword(string password) => Hasher.HashPassword(null!, password);

    public static bool Verify(UserAccount user, string password) =>
        Hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;

    public async Task<(SignInOutcome Outcome, UserAccount? User)> CheckAsync(string userName, string password)
    {
        await using var connection = await database.OpenAsync();
        var user = await Users.FindByNameAsync(connection, userName.Trim());
        if (user is null || user.Disabled)
        {
            // Hash anyway, so that a missing user takes as long as a wrong password.
            Hasher.VerifyHashedPassword(null!, DummyHash, password);
            return (SignInOutcome.WrongCredentials, null);
        }
        var verdict = Hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            // Counted, never locking: int.MaxValue failures before any lock, and no lock time.
            await Users.RecordFailureAsync(connection, user.Id, int.MaxValue, clock.GetCurrentInstant());
            return (SignInOutcome.WrongCredentials, null);
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
            await Users.UpdatePasswordAsync(connection, user.Id, HashPassword(password));
        await Users.RecordSuccessAsync(connection, user.Id);
        return (SignInOutcome.SignedIn, user);
    }

    private static readonly string DummyHash = HashPassword(Guid.NewGuid().ToString());
}
