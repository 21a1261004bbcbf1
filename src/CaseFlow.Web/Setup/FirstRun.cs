using System.Security.Cryptography;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Security;
using NodaTime;

namespace CaseFlow.Web.Setup;

/// <summary>On the first start of an empty database: the platform agency and an administrator whose one-time
/// password is printed once on the console (never logged, never stored in clear) and must be changed at the first sign-in
/// (<see cref="ForcedPasswordChange"/>). A password the operator sets (<c>FirstRun:AdminPassword</c>) is theirs, not
/// one-time.</summary>
public sealed class FirstRun(Database database, IClock clock, IConfiguration configuration, ILogger<FirstRun> logger) : IHostedService
{
    public const string PlatformAgency = "platform";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (await Users.CountAsync(connection) > 0)
            return;
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        if (await Agencies.FindAsync(connection, PlatformAgency) is null)
            await Agencies.InsertAsync(connection, new Agency
            {
                Code = PlatformAgency, Name = configuration["Platform:Name"] ?? "政府信息公开平台",
                CalendarId = "cn", WarningLeadWorkingDays = 5, CreatedAt = clock.GetCurrentInstant(),
            }, transaction);
        var given = configuration["FirstRun:AdminPassword"] is { Length: > 0 } set ? set : null;
        var password = given ?? NewPassword();
        await Users.InsertAsync(connection, new UserAccount
        {
            Id = Guid.NewGuid().ToString(), UserName = "admin", DisplayName = "管理员", AgencyCode = PlatformAgency,
            Role = Roles.Administrator, PasswordHash = SignInService.HashPassword(password), CreatedAt = clock.GetCurrentInstant(),
            MustChangePassword = given is null,
        }, transaction);
        await transaction.CommitAsync(cancellationToken);
        logger.LogWarning("First run: created the administrator account 'admin'; its password is the configured one or a one-time password printed on the console.");
        if (given is not null)
            return;
        Console.WriteLine();
        Console.WriteLine("  首次运行 / First run — 管理员账号 admin，一次性密码 (one-time password):");
        Console.WriteLine($"      {password}");
        Console.WriteLine("  首次登录后须设置新密码（/Account/Password）。At the first sign-in you are asked to set a new one (/Account/Password).");
        Console.WriteLine();
    }

    /// <summary>16 characters from an alphabet without look-alikes (no 0/O, 1/l/I).</summary>
    public static string NewPassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return string.Create(16, alphabet, (span, a) =>
        {
            for (var i = 0; i < span.Length; i++)
                span[i] = a[RandomNumberGenerator.GetInt32(a.Length)];
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
