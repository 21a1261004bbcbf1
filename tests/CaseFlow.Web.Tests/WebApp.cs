using System.Net;
using System.Text.RegularExpressions;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Security;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CaseFlow.Web.Tests;

/// <summary>The real CaseFlow host on a temp SQLite file and the in-memory bus, with two agencies: <c>a1</c> with a user
/// of each role and an API key, and <c>a2</c> with one caseworker.</summary>
public sealed class WebApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "test-password-1";
    public const string AdminPassword = "first-run-admin-1";
    private readonly string _directory = Directory.CreateTempSubdirectory("caseflow-web-").FullName;
    private bool _kestrel;

    /// <summary>Serves on a real loopback port (for the browser tests) instead of the in-memory test server.</summary>
    public WebApp OnKestrel()
    {
        _kestrel = true;
        UseKestrel(0);
        return this;
    }

    public string ApiKey { get; private set; } = "";

    public int RateLimit { get; init; } = 10_000;

    /// <summary>Starts with the demo agency and its requests (the setting <c>Demo=true</c>).</summary>
    public bool Demo { get; init; }

    /// <summary>More settings for this app (e.g. <c>Applicants:ServiceDate</c>).</summary>
    public Dictionary<string, string> Settings { get; init; } = [];

    /// <summary>Turns the e-mail channel on, sending to an SMTP server on this loopback port.</summary>
    public int? SmtpPort { get; init; }

    public static readonly Dictionary<string, string> UserOfRole = new()
    {
        [Roles.Caseworker] = "cw1", [Roles.LegalAdviser] = "adv1", [Roles.Supervisor] = "sup1", [Roles.Administrator] = "adm1",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // UseSetting, not ConfigureAppConfiguration: Program reads these before the host is built.
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(_directory, "caseflow.db")}",
            ["Transport"] = "InMemory",
            ["Calendars:Directory"] = Path.Combine(AppContext.BaseDirectory, "calendars"),
            ["FirstRun:AdminPassword"] = AdminPassword,
            ["Attachments:MaxBytes"] = "65536",
            ["Logging:LogLevel:Default"] = "Warning",
            ["RateLimits:PublicPerMinute"] = RateLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimits:GlobalPerMinute"] = "1000000",
            ["Demo"] = Demo ? "true" : "false",
        })
            builder.UseSetting(key, value);
        builder.UseSetting("Notifications:Sms:Directory", Path.Combine(_directory, "sms"));
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
        if (SmtpPort is { } port)
            foreach (var (key, value) in new Dictionary<string, string>
            {
                ["Notifications:Smtp:Host"] = "127.0.0.1", ["Notifications:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Notifications:Smtp:From"] = "caseflow@county.example", ["Notifications:Smtp:Security"] = "None",
            })
                builder.UseSetting(key, value);
    }

    public async Task InitializeAsync()
    {
        if (_kestrel)
            StartServer();
        var database = Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync();
        var now = SystemClock.Instance.GetCurrentInstant();
        foreach (var code in new[] { "a1", "a2" })
            await Agencies.InsertAsync(connection, new Agency { Code = code, Name = $"测试机关{code}", CalendarId = "cn", WarningLeadWorkingDays = 5, CreatedAt = now });
        var hash = SignInService.HashPassword(Password);
        foreach (var (role, name) in UserOfRole)
            await Users.InsertAsync(connection, new UserAccount { Id = Guid.NewGuid().ToString(), UserName = name, DisplayName = name, AgencyCode = "a1", Role = role, PasswordHash = hash, CreatedAt = now });
        await Users.InsertAsync(connection, new UserAccount { Id = Guid.NewGuid().ToString(), UserName = "cw2", DisplayName = "cw2", AgencyCode = "a2", Role = Roles.Caseworker, PasswordHash = hash, CreatedAt = now });
        // The fixture's agency issues letters without review, so that tests of other things issue a reply in one step; the
        // review tests ask for sign-off (the default of a new agency) with ReviewRepliesAsync.
        await using (var transaction = await database.BeginWriteAsync(connection))
        {
            await Persistence.Correspondence.ReviewSettingsStore.SetAsync(new DbSession(connection, transaction, database.Dialect), "a1",
                new Domain.Correspondence.ReviewSettings(Domain.Correspondence.ReviewMode.None, Domain.Correspondence.ReviewMode.None, false, []));
            await transaction.CommitAsync();
        }
        ApiKey = ApiKeys.NewKey();
        await ApiKeys.InsertAsync(connection, new ApiKey { Id = Guid.NewGuid().ToString(), AgencyCode = "a1", Name = "portal", KeyHash = ApiKeys.Hash(ApiKey), CreatedAt = now });
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A client signed in through the real sign-in form.</summary>
    public async Task<HttpClient> SignedInAsync(string userName, string password = Password)
    {
        var client = Anonymous();
        var response = await client.PostFormAsync("/Account/Login", new() { ["UserName"] = userName, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public Task<HttpClient> AsRoleAsync(string role) => SignedInAsync(UserOfRole[role]);

    public HttpClient WithApiKey()
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    /// <summary>Sets how agency a1 reviews replies (审核/签发), for the review tests.</summary>
    public async Task ReviewRepliesAsync(Domain.Correspondence.ReviewMode mode, params string[] extraMarkings)
    {
        var database = Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        await Persistence.Correspondence.ReviewSettingsStore.SetAsync(new DbSession(connection, transaction, database.Dialect), "a1",
            new Domain.Correspondence.ReviewSettings(mode, Domain.Correspondence.ReviewMode.None, false, extraMarkings));
        await transaction.CommitAsync();
    }

    public async Task<long> CountAsync(string sql, object? parameters = null)
    {
        await using var connection = await Services.GetRequiredService<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    public async Task<T?> ScalarAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = await Services.GetRequiredService<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<T>(sql, parameters);
    }
}

public static class Http
{
    private static readonly Regex Token = new("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"", RegexOptions.Compiled);

    /// <summary>Gets the form page for its antiforgery token, then posts the fields with it.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, Dictionary<string, string> fields, string? pageUrl = null)
    {
        var page = await client.GetStringAsync(pageUrl ?? url.Split('?')[0]);
        var match = Token.Match(page);
        Assert.True(match.Success, $"No antiforgery token on {pageUrl ?? url}.");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(match.Groups[1].Value);
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    public static async Task<HttpResponseMessage> PostMultipartAsync(this HttpClient client, string url, Dictionary<string, string> fields,
        IEnumerable<(string Name, string FileName, byte[] Content)> files, string pageUrl)
    {
        var page = await client.GetStringAsync(pageUrl);
        var content = new MultipartFormDataContent { { new StringContent(WebUtility.HtmlDecode(Token.Match(page).Groups[1].Value)), "__RequestVerificationToken" } };
        foreach (var (name, value) in fields)
            content.Add(new StringContent(value), name);
        foreach (var (name, fileName, bytes) in files)
            content.Add(new ByteArrayContent(bytes), name, fileName);
        return await client.PostAsync(url, content);
    }
}
