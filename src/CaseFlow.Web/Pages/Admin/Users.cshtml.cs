using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using System.Security.Claims;

namespace CaseFlow.Web.Pages.Admin;

/// <summary>Users and their roles, per agency. New and reset passwords are generated and shown once.</summary>
public sealed class UsersModel(Database database, AdminTrail trail, IClock clock, Lang lang) : PageModel, IFormErrors
{
    public IReadOnlyList<UserAccount> Users { get; private set; } = [];
    public IReadOnlyList<Agency> Agencies { get; private set; } = [];
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? AgencyCode { get; set; }
    [BindProperty] public string? Role { get; set; }
    [BindProperty] public bool Disabled { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Department { get; set; }
    /// <summary>The refusals of the form sent (<see cref="SentForm"/>: <c>create</c> or the user's id), next to their fields.</summary>
    public FormErrors Errors { get; } = new();
    public string? SentForm { get; private set; }
    public string? ErrorFor(string field) => Errors[field];
    public string? NewPassword { get; private set; }

    public async Task OnGetAsync()
    {
        await using var connection = await database.OpenAsync();
        Users = await Persistence.Workplace.Users.AllAsync(connection);
        Agencies = await Persistence.Workplace.Agencies.AllAsync(connection);
    }

    public async Task<IActionResult> OnPostCreateAsync()
    {
        await using var connection = await database.OpenAsync();
        SentForm = "create";
        var name = UserName?.Trim() ?? "";
        if (name.Length is 0 or > 100 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            Errors.Add("userName", lang["「用户名」须为1–100位字母、数字或 . - _。", "User name must be 1–100 letters, digits or . - _."]);
        else if (await Persistence.Workplace.Users.FindByNameAsync(connection, name) is not null)
            Errors.Add("userName", lang["该用户名已存在。", "That user name is taken."]);
        await ProfileErrorsAsync(connection);
        if (!Errors.Any)
        {
            NewPassword = Setup.FirstRun.NewPassword();
            var user = new UserAccount
            {
                Id = Guid.NewGuid().ToString(), UserName = name, DisplayName = DisplayName!.Trim(), AgencyCode = AgencyCode!, Role = Role!,
                PasswordHash = SignInService.HashPassword(NewPassword), CreatedAt = clock.GetCurrentInstant(), Email = UserEmail.Parse(Email).Address,
                Department = Blank(Department), MustChangePassword = true,
            };
            await trail.ChangeAsync(AdminActions.UserCreated, name, $"agency={user.AgencyCode}; role={user.Role}; email={UserEmail.Masked(user.Email)}",
                (c, t) => Persistence.Workplace.Users.InsertAsync(c, user, t));
            SentForm = null;
        }
        await OnGetAsync();
        return Page();
    }

    /// <summary>Name, agency, role, disabled. A changed role or agency, or disabling, ends the user's sessions.
    /// Administrators cannot disable themselves or give up their own role, so the platform keeps an administrator.</summary>
    public async Task<IActionResult> OnPostUpdateAsync(string id)
    {
        await using var connection = await database.OpenAsync();
        var user = await Persistence.Workplace.Users.FindAsync(connection, id);
        if (user is null)
            return NotFound();
        SentForm = user.Id;
        await ProfileErrorsAsync(connection);
        if (!Errors.Any && user.Id == User.FindFirstValue(ClaimTypes.NameIdentifier) && (Disabled || Role != user.Role))
            Errors.Add(Disabled ? "disabled" : "role", lang["不能停用自己的账号或更改自己的「角色」。", "You cannot disable your own account or change your own role."]);
        if (!Errors.Any)
        {
            var changed = user with { DisplayName = DisplayName!.Trim(), AgencyCode = AgencyCode!, Role = Role!, Disabled = Disabled, Email = UserEmail.Parse(Email).Address, Department = Blank(Department) };
            await trail.ChangeAsync(AdminActions.UserChanged, user.UserName, Differences(user, changed),
                (c, t) => Persistence.Workplace.Users.UpdateProfileAsync(c, changed, t));
            SentForm = null;
        }
        await OnGetAsync();
        return Page();
    }

    private static string Differences(UserAccount before, UserAccount after) => string.Join("; ", new[]
    {
        before.DisplayName == after.DisplayName ? null : $"name: {before.DisplayName} → {after.DisplayName}",
        before.Department == after.Department ? null : $"department: {before.Department} → {after.Department}",
        before.AgencyCode == after.AgencyCode ? null : $"agency: {before.AgencyCode} → {after.AgencyCode}",
        before.Role == after.Role ? null : $"role: {before.Role} → {after.Role}",
        before.Disabled == after.Disabled ? null : after.Disabled ? "disabled" : "enabled",
        before.Email == after.Email ? null : $"email: {UserEmail.Masked(before.Email)} → {UserEmail.Masked(after.Email)}",
    }.OfType<string>().DefaultIfEmpty("no change"));

    private async Task ProfileErrorsAsync(System.Data.Common.DbConnection connection)
    {
        if (string.IsNullOrWhiteSpace(DisplayName) || DisplayName.Trim().Length > 100)
            Errors.Add("displayName", lang["请填写「姓名」（不超过100字）。", "Display name is required (at most 100 characters)."]);
        if (Department is { Length: > 0 } && Department.Trim().Length > 100)
            Errors.Add("department", lang["「科室」不能超过100字。", "Department must be at most 100 characters."]);
        if (await Persistence.Workplace.Agencies.FindAsync(connection, AgencyCode ?? "") is null)
            Errors.Add("agencyCode", lang["「机关」无效。", "Agency is not known."]);
        if (!Roles.All.Contains(Role))
            Errors.Add("role", lang["「角色」无效。", "Role is not known."]);
        if (!UserEmail.Parse(Email).Ok)
            Errors.Add("email", lang["「电子邮箱」格式不正确（例如 li.na@county.gov.cn），不需要时请留空。", "E-mail is not a valid address (e.g. li.na@county.gov.cn); leave it empty for none."]);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public async Task<IActionResult> OnPostResetAsync(string id)
    {
        await using var connection = await database.OpenAsync();
        if (await Persistence.Workplace.Users.FindAsync(connection, id) is not { } user)
            return NotFound();
        NewPassword = Setup.FirstRun.NewPassword();
        var hash = SignInService.HashPassword(NewPassword);
        await trail.ChangeAsync(AdminActions.PasswordReset, user.UserName, "one-time password issued",
            (c, t) => Persistence.Workplace.Users.UpdatePasswordAsync(c, id, hash, t, mustChange: true));
        await OnGetAsync();
        return Page();
    }
}
