using System.Net;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using Microsoft.AspNetCore.Html;

namespace CaseFlow.Web.Infrastructure;

/// <summary>People by name: requests, audit trails and consultations keep login names (<c>zhang.wei</c>); pages and
/// exports show the person (张伟), with the login name and department on hover. Read once per HTTP request.</summary>
public sealed class People(Database database, Lang lang)
{
    private Dictionary<string, PersonName>? _byUserName;

    public async Task<PersonName?> FindAsync(string? userName)
    {
        if (string.IsNullOrEmpty(userName))
            return null;
        if (_byUserName is null)
        {
            await using var connection = await database.OpenAsync();
            _byUserName = (await Users.DirectoryAsync(connection)).ToDictionary(p => p.UserName, StringComparer.Ordinal);
        }
        return _byUserName.GetValueOrDefault(userName);
    }

    /// <summary>The name as text (exports, attributes): 张伟; the workflow itself as 系统; an API key as 接口：name; an
    /// unknown login name as it was recorded.</summary>
    public async Task<string> TextAsync(string? userName) => userName switch
    {
        null or "" => "—",
        "system" => lang["系统（自动）", "System (automatic)"],
        _ when userName.StartsWith("api:", StringComparison.Ordinal) => lang["接口：", "API: "] + userName[4..],
        _ => (await FindAsync(userName))?.DisplayName ?? userName,
    };

    /// <summary>Several people as text: 张伟、李娜 (consultation participants: users by name, others as written).</summary>
    public async Task<string> ListAsync(IEnumerable<string> userNames)
    {
        var names = new List<string>();
        foreach (var u in userNames)
            names.Add(await TextAsync(u));
        return string.Join("、", names);
    }

    /// <summary>The name for a page: <c>&lt;span title="zhang.wei（办公室）"&gt;张伟&lt;/span&gt;</c>.</summary>
    public async Task<IHtmlContent> NameAsync(string? userName)
    {
        var text = await TextAsync(userName);
        var person = await FindAsync(userName);
        if (person is null)
            return new HtmlString(WebUtility.HtmlEncode(text));
        var title = person.Department is { Length: > 0 } d ? $"{person.UserName}（{d}）" : person.UserName;
        return new HtmlString($"<span class=\"person\" title=\"{WebUtility.HtmlEncode(title)}\">{WebUtility.HtmlEncode(text)}</span>");
    }

    /// <summary>For a picker: 张伟（办公室）.</summary>
    public static string Label(PersonName p) => p.Department is { Length: > 0 } d ? $"{p.DisplayName}（{d}）" : p.DisplayName;

    public static string Label(UserAccount u) => u.Department is { Length: > 0 } d ? $"{u.DisplayName}（{d}）" : u.DisplayName;

    /// <summary>Who may be handler (承办人) of a request of the agency: its enabled caseworkers and supervisors.</summary>
    public static bool MayHandle(string role) => role is Roles.Caseworker or Roles.Supervisor;

    public static async Task<IReadOnlyList<UserAccount>> AdvisersOfAsync(Database database, string agencyCode)
    {
        await using var connection = await database.OpenAsync();
        return (await Users.InAgencyAsync(connection, agencyCode)).Where(u => !u.Disabled && u.Role == Roles.LegalAdviser).ToList();
    }

    /// <summary>Advisers invited to a consultation are chosen from the agency's enabled legal advisers, never typed.</summary>
    public static async Task<Requests.FieldError?> UnknownAdviserAsync(Database database, string agencyCode, IEnumerable<string>? chosen)
    {
        var list = chosen?.Where(a => !string.IsNullOrWhiteSpace(a)).ToList() ?? [];
        if (list.Count == 0)
            return null;
        var advisers = (await AdvisersOfAsync(database, agencyCode)).Select(u => u.UserName).ToHashSet(StringComparer.Ordinal);
        return list.All(advisers.Contains) ? null
            : new Requests.FieldError("advisers", "「法律顾问」须从本机关的法律顾问中选择。", "Advisers must be this agency's legal advisers (user names).");
    }

    public static async Task<IReadOnlyList<UserAccount>> HandlersOfAsync(Database database, string agencyCode)
    {
        await using var connection = await database.OpenAsync();
        return (await Users.InAgencyAsync(connection, agencyCode)).Where(u => !u.Disabled && MayHandle(u.Role)).ToList();
    }
}
