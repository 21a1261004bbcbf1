using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using Microsoft.AspNetCore.Identity;
using NodaTime;

namespace CaseFlow.Web.Security;

public enum SignInOutcome { SignedIn, WrongCredentials, LockedOut }

/// <summary>Checks a user's password with ASP.NET Core's hasher and locks the account after repeated failures.</summary>
public sealed class SignInService(Database database, IClock clock)
{
    public const int MaxFailures = 5;
    public static readonly Duration LockoutDuration = Duration.FromMinutes(15);

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
        var now = clock.GetCurrentInstant();
        if (user.LockedUntil is { } until && until > now)
            return (SignInOutcome.LockedOut, null);
        var verdict = Hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            await Users.RecordFailureAsync(connection, user.Id, MaxFailures, now + LockoutDuration);
            if (user.FailedSignIns + 1 < MaxFailures)
                return (SignInOutcome.WrongCredentials, null);
            await AdminAudit.AppendAsync(connection, new AdminAuditEntry
            {
                OccurredAt = now, Actor = user.UserName, Action = AdminActions.SignInLocked, Subject = user.UserName,
                Details = $"{user.FailedSignIns + 1} failed sign-ins in a row; locked for {LockoutDuration.TotalMinutes} minutes",
            });
            return (SignInOutcome.LockedOut, null);
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
            await Users.UpdatePasswordAsync(connection, user.Id, HashPassword(password));
        await Users.RecordSuccessAsync(connection, user.Id);
        return (SignInOutcome.SignedIn, user);
    }

    private static readonly string DummyHash = HashPassword(Guid.NewGuid().ToString());
}
