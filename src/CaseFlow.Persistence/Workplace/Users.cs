using System.Data.Common;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Workplace;

/// <summary>The roles of the workplace. A user has one role in one agency.</summary>
public static class Roles
{
    /// <summary>承办人: registers and processes requests.</summary>
    public const string Caseworker = "caseworker";
    /// <summary>法律顾问: joins consultations and gives opinions.</summary>
    public const string LegalAdviser = "legal-adviser";
    /// <summary>负责人: approves extensions, follows up, publishes the report; can do what a caseworker does.</summary>
    public const string Supervisor = "supervisor";
    /// <summary>管理员: agencies, users, calendars; sees no request content.</summary>
    public const string Administrator = "administrator";

    public static IReadOnlyList<string> All { get; } = [Caseworker, LegalAdviser, Supervisor, Administrator];
}

public sealed record UserAccount
{
    public required string Id { get; init; }
    public required string UserName { get; init; }
    public required string DisplayName { get; init; }
    public required string AgencyCode { get; init; }
    public required string Role { get; init; }
    public required string PasswordHash { get; init; }
    public int FailedSignIns { get; init; }
    public Instant? LockedUntil { get; init; }
    public bool Disabled { get; init; }
    public Instant CreatedAt { get; init; }
    /// <summary>Where notices are e-mailed (the e-mail channel, <c>Notifications:Smtp:*</c>); none when null.</summary>
    public string? Email { get; init; }
    /// <summary>科室: the user's department, optional; shown with the display name.</summary>
    public string? Department { get; init; }
    /// <summary>Bumped at each sign-out; part of every session's stamp, so signing out ends every copy of the cookie.</summary>
    public int SessionEpoch { get; init; }
    /// <summary>Set when an administrator set the password (new user, reset): the user must choose their own at next sign-in.</summary>
    public bool MustChangePassword { get; init; }
}

/// <summary>A user as others see them: 姓名, 科室, and the login name kept for hover and admin.</summary>
public sealed record PersonName
{
    public required string UserName { get; init; }
    public required string DisplayName { get; init; }
    public string? Department { get; init; }
    public required string AgencyCode { get; init; }
    public required string Role { get; init; }
    public bool Disabled { get; init; }
}

public static class Users
{
    private const string Columns = "id, user_name, display_name, agency_code, role, password_hash, failed_sign_ins, locked_until, disabled, created_at, email, department, session_epoch, must_change_password";

    public const string SelectByName = $"SELECT {Columns} FROM users WHERE user_name = @UserName";
    public const string SelectById = $"SELECT {Columns} FROM users WHERE id = @Id";
    public const string SelectAll = $"SELECT {Columns} FROM users ORDER BY agency_code, user_name";
    public const string SelectByAgency = $"SELECT {Columns} FROM users WHERE agency_code = @AgencyCode ORDER BY user_name";
    public const string CountAll = "SELECT COUNT(*) FROM users";
    /// <summary>Who is who: every user's name as people read it, for showing a login name as a person.</summary>
    public const string SelectDirectory = "SELECT user_name, display_name, department, agency_code, role, disabled FROM users";
    public const string Insert = $"""
        INSERT INTO users ({Columns})
        VALUES (@Id, @UserName, @DisplayName, @AgencyCode, @Role, @PasswordHash, @FailedSignIns, @LockedUntil, @Disabled, @CreatedAt, @Email, @Department, @SessionEpoch, @MustChangePassword)
        """;
    public const string UpdateProfile = """
        UPDATE users SET display_name = @DisplayName, agency_code = @AgencyCode, role = @Role, disabled = @Disabled, email = @Email, department = @Department WHERE id = @Id
        """;
    public const string UpdatePassword = "UPDATE users SET password_hash = @PasswordHash, must_change_password = @MustChange, failed_sign_ins = 0, locked_until = NULL WHERE id = @Id";
    /// <summary>Sign-out: every session issued before it stops matching the stamp.</summary>
    public const string EndSessions = "UPDATE users SET session_epoch = session_epoch + 1 WHERE id = @Id";

    /// <summary>Lockout: after @MaxFailures failed sign-ins in a row the account is locked until @LockedUntil.</summary>
    public const string RecordFailure = """
        UPDATE users SET failed_sign_ins = failed_sign_ins + 1,
            locked_until = CASE WHEN failed_sign_ins + 1 >= @MaxFailures THEN @LockedUntil ELSE locked_until END
        WHERE id = @Id
        """;
    public const string RecordSuccess = "UPDATE users SET failed_sign_ins = 0, locked_until = NULL WHERE id = @Id";

    public static Task<UserAccount?> FindByNameAsync(DbConnection c, string userName) =>
        c.QuerySingleOrDefaultAsync<UserAccount>(SelectByName, new { UserName = userName });

    public static Task<UserAccount?> FindAsync(DbConnection c, string id) =>
        c.QuerySingleOrDefaultAsync<UserAccount>(SelectById, new { Id = id });

    public static async Task<IReadOnlyList<UserAccount>> AllAsync(DbConnection c) => (await c.QueryAsync<UserAccount>(SelectAll)).ToList();

    public static async Task<IReadOnlyList<UserAccount>> InAgencyAsync(DbConnection c, string agencyCode) =>
        (await c.QueryAsync<UserAccount>(SelectByAgency, new { AgencyCode = agencyCode })).ToList();

    public static async Task<IReadOnlyList<PersonName>> DirectoryAsync(DbConnection c) =>
        (await c.QueryAsync<PersonName>(SelectDirectory)).ToList();

    public static Task<long> CountAsync(DbConnection c) => c.ExecuteScalarAsync<long>(CountAll);

    public static Task InsertAsync(DbConnection c, UserAccount user, DbTransaction? transaction = null) => c.ExecuteAsync(Insert, user, transaction);

    public static Task UpdateProfileAsync(DbConnection c, UserAccount user, DbTransaction? transaction = null) => c.ExecuteAsync(UpdateProfile, user, transaction);

    /// <summary>Sets the password; <paramref name="mustChange"/> when an administrator set it (the user must change it).</summary>
    public static Task UpdatePasswordAsync(DbConnection c, string id, string passwordHash, DbTransaction? transaction = null, bool mustChange = false) =>
        c.ExecuteAsync(UpdatePassword, new { Id = id, PasswordHash = passwordHash, MustChange = mustChange }, transaction);

    public static Task EndSessionsAsync(DbConnection c, string id) => c.ExecuteAsync(EndSessions, new { Id = id });

    public static Task RecordFailureAsync(DbConnection c, string id, int maxFailures, Instant lockedUntil) =>
        c.ExecuteAsync(RecordFailure, new { Id = id, MaxFailures = maxFailures, LockedUntil = lockedUntil });

    public static Task RecordSuccessAsync(DbConnection c, string id) => c.ExecuteAsync(RecordSuccess, new { Id = id });
}
