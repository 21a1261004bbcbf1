using System.Security.Cryptography;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Security;
using NodaTime;

namespace CaseFlow.Web.Setup;

/// <summary>On the first start of an empty database: the platform agency and an administrator whose one-time
/// password is printed once on the console (never logged, never stored in clear).</summary>
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
        var password = configuration["FirstRun:AdminPassword"] is { Length: > 0 } given ? given : NewPassword();
        await Users.InsertAsync(connection, new UserAccount
        {
            Id = Guid.NewGuid().ToString(), UserName = "admin", DisplayName = "管理员", AgencyCode = PlatformAgency,
            Role = Roles.Administrator, PasswordHash = SignInService.HashPassword(password), CreatedAt = clock.GetCurrentInstant(),
        }, transaction);
        await transaction.CommitAsync(cancellationToken);
        logger.LogWarning("First run: created the administrator account 'admin'; its one-time password is printed on the console.");
        Console.WriteLine();
        Console.WriteLine("  首次运行 / First run — 管理员账号 admin，一次性密码 (one-time password):");
        Console.WriteLine($"      {password}");
        Console.WriteLine("  请登录后点击右上角的姓名修改密码（/Account/Password）。Sign in, then change it at /Account/Password (click your name)." );
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
