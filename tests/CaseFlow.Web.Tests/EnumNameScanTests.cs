using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaseFlow.Persistence.Workplace;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CaseFlow.Web.Tests;

/// <summary>Issue 16 item 5, done when "a test scans every page and export for untranslated enum names": the names of
/// every enum of CaseFlow.Domain, CaseFlow.Contracts and CaseFlow.Workflows and every state of the workflows' state
/// machines, found by reflection, must not be read anywhere in the Chinese UI: not in any page any role can open, not in
/// the 督办 and rectification exports (CSV, xlsx), the annual report's exports, a letter's printable page and .docx, nor a
/// closed request's case file. Codes stay where a machine reads them: form values, links, the API's JSON and the case
/// file's JSON record.</summary>
[Collection(nameof(WebCollection))]
public sealed class EnumNameScanTests(WebApp app)
{
    /// <summary>Every enum member name and workflow state name, from the assemblies themselves.</summary>
    public static IReadOnlyList<string> CodeNames()
    {
        var assemblies = new[]
        {
            typeof(CaseFlow.Domain.Replies.Outcome).Assembly, typeof(CaseFlow.Contracts.RegisterRequest).Assembly,
            typeof(CaseFlow.Workflows.DisclosureRequest.DisclosureRequestStateMachine).Assembly,
        };
        var enums = assemblies.SelectMany(a => a.GetTypes()).Where(t => t.IsEnum).SelectMany(Enum.GetNames);
        var states = assemblies.SelectMany(a => a.GetTypes())
            .Where(t => t.BaseType is { IsGenericType: true } b && b.GetGenericTypeDefinition() == typeof(MassTransit.MassTransitStateMachine<>))
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType == typeof(MassTransit.State)).Select(p => p.Name));
        // Code names are identifiers; an enum whose members are already Chinese words (满意, 不满意) is not a code.
        return enums.Concat(states).Where(n => Regex.IsMatch(n, "^[A-Za-z][A-Za-z0-9]*$")).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    private static readonly Lazy<Regex> AnyCodeName = new(() =>
        new Regex($"(?<![A-Za-z0-9_])({string.Join('|', CodeNames().Select(Regex.Escape))})(?![A-Za-z0-9_])", RegexOptions.Compiled));

    [Fact]
    public void The_names_are_found_by_reflection_and_include_the_ones_the_walk_saw()
    {
        var names = CodeNames();
        Assert.Contains("InProgress", names);
        Assert.Contains("Business", names);
        Assert.Contains("AwaitingExtensionDecision", names);
        Assert.Contains("NaturalPerson", names);
    }

    [Fact]
    public async Task No_page_any_role_opens_shows_an_enum_or_state_name()
    {
        var (requestId, consultationId, _) = await SeedAsync();
        // A correction of records (Art. 41) decided and served, so its page shows its states, outcome and service method.
        var api = app.WithApiKey();
        var registered = await api.PostAsJsonAsync("/api/record-corrections", new Dictionary<string, object?>
        {
            ["applicantName"] = "枚举扫描更正", ["applicantIdDocument"] = "居民身份证 110105194912310021", ["applicantContact"] = "13800138000",
            ["record"] = "2025年低保公示名单中本人家庭人口数记为5人", ["evidence"] = "户口簿复印件：家庭人口3人", ["receivedOn"] = Seed.Today(),
        });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var correctionId = (await registered.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
        var decided = await api.PostAsJsonAsync($"/api/record-corrections/{correctionId}/decision",
            new { outcome = "Corrected", change = "家庭人口数更正为3人", decidedOn = Seed.Today() });
        Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync());
        var served = await api.PostAsJsonAsync($"/api/record-corrections/{correctionId}/service", new { servedOn = Seed.Today(), method = "Post", evidence = "EMS 1234" });
        Assert.True(served.IsSuccessStatusCode, await served.Content.ReadAsStringAsync());
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => e.RoutePattern.RawText!).Distinct().ToList();
        var clients = new Dictionary<string, HttpClient> { ["anonymous"] = app.Anonymous() };
        foreach (var role in WebApp.UserOfRole.Keys)
            clients[role] = await app.AsRoleAsync(role);

        var findings = new List<string>();
        var read = 0;
        foreach (var route in routes)
        {
            var url = "/" + route.TrimStart('/');
            url = url.Replace("{id:guid}", url.StartsWith("/Consultations", StringComparison.Ordinal) ? consultationId
                : url.StartsWith("/RecordCorrections", StringComparison.Ordinal) ? correctionId : requestId);
            Assert.DoesNotContain("{", url);
            foreach (var (role, client) in clients)
            {
                var response = await client.GetAsync(url);
                if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
                    continue;
                read++;
                findings.AddRange(Find(VisibleText(await response.Content.ReadAsStringAsync())).Select(f => $"{url} ({role}): {f}"));
            }
        }
        Assert.True(read > routes.Count, $"only {read} pages read");
        Assert.True(findings.Count == 0, string.Join("\n", findings.Distinct()));
    }

    [Fact]
    public async Task No_export_shows_an_enum_or_state_name()
    {
        var (_, _, closedId) = await SeedAsync();
        var supervisor = await app.AsRoleAsync(Roles.Supervisor);
        var caseworker = await app.AsRoleAsync(Roles.Caseworker);
        var findings = new List<string>();

        async Task ScanAsync(HttpClient client, string url)
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            var bytes = await response.Content.ReadAsByteArrayAsync();
            foreach (var (part, text) in Texts(url, bytes))
                findings.AddRange(Find(text).Select(f => $"{url} {part}: {f}"));
        }

        foreach (var list in new[] { "overdue", "duesoon", "late" })
            foreach (var format in new[] { "csv", "xlsx" })
                await ScanAsync(supervisor, $"/Supervision/FollowUp?handler=Export&list={list}&format={format}");
        foreach (var format in new[] { "csv", "xlsx" })
        {
            await ScanAsync(supervisor, $"/Supervision/Rectifications?handler=Export&format={format}");
            await ScanAsync(supervisor, $"/Supervision/Report?handler=Export&format={format}");
        }
        await ScanAsync(supervisor, "/Supervision/Report?handler=Document&layout=2021");
        var letterId = await app.ScalarAsync<string>("SELECT id FROM letters WHERE request_id = @Id", new { Id = closedId });
        await ScanAsync(caseworker, $"/Requests/Letters/{closedId}?handler=Print&letterId={letterId}");
        await ScanAsync(caseworker, $"/Requests/Letters/{closedId}?handler=Docx&letterId={letterId}");
        await ScanAsync(caseworker, $"/Requests/Letters/{closedId}?handler=CaseFile");

        Assert.True(findings.Count == 0, string.Join("\n", findings.Distinct()));
    }

    /// <summary>A business applicant's overdue request, one asking for an extension (AwaitingExtensionDecision), one in
    /// consultation, and one replied by a served reply letter (closed: its case file can be exported).</summary>
    private async Task<(string RequestId, string ConsultationId, string ClosedId)> SeedAsync()
    {
        var api = app.WithApiKey();
        var business = Seed.Registration(name: "枚举扫描企业", description: "申请公开枚举扫描测试文件。");
        business["applicantType"] = "Business";
        business["receivedOn"] = Seed.Today(-60);
        await api.RegisterAsync(business);
        var requestId = (await api.RegisterAsync(Seed.Registration(name: "枚举扫描延期"))).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/requests/{requestId}/extension-request",
            new { days = 10, reason = "检索量大", date = Seed.Today() })).StatusCode);

        var consulted = (await api.RegisterAsync(Seed.Registration(name: "枚举扫描会商"))).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsJsonAsync($"/api/requests/{consulted}/consultation", new Dictionary<string, object?>
        {
            ["kind"] = "Internal", ["participants"] = WebApp.UserOfRole[Roles.LegalAdviser], ["question"] = "是否可以公开？", ["date"] = Seed.Today(),
            ["dueOn"] = Seed.Today(7),
        })).StatusCode);
        var consultationId = await app.ScalarAsync<string>("SELECT id FROM consultations WHERE request_id = @Id", new { Id = consulted });

        var closed = (await api.RegisterAsync(Seed.Registration(name: "枚举扫描答复"))).GetProperty("id").GetString()!;
        var issued = await api.PostAsJsonAsync($"/api/requests/{closed}/letters", new
        {
            type = "reply", outcome = 401,
            inputs = new { input_reasons = "经检索，未找到该信息。", input_reconsideration_body = "示范县人民政府", input_court = "示范县人民法院" },
        });
        var letterId = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var caseworker = await app.AsRoleAsync(Roles.Caseworker);
        var served = await caseworker.PostFormAsync($"/Requests/Letters/{closed}?handler=Serve",
            new() { ["letterId"] = letterId, ["method"] = "InPerson", ["servedOn"] = Seed.Today(), ["evidence"] = "送达回证" }, $"/Requests/Letters/{closed}");
        Assert.Equal(HttpStatusCode.Redirect, served.StatusCode);
        return (requestId, consultationId!, closed);
    }

    private static IEnumerable<string> Find(string text) =>
        AnyCodeName.Value.Matches(text).Select(m => $"「{m.Value}」 in …{text[Math.Max(0, m.Index - 30)..Math.Min(text.Length, m.Index + m.Length + 30)].ReplaceLineEndings(" ")}…");

    /// <summary>What a reader of an HTML page sees: its text and the attributes that are read out or shown (title,
    /// placeholder, aria-label, alt), not its markup, form values or links, nor a column an export marks as the system's
    /// codes (<c>class="code-column"</c>, e.g. the case file's JSON record of each change).</summary>
    public static string VisibleText(string html)
    {
        html = Regex.Replace(html, "<(td|th) class=\"code-column\">.*?</\\1>", " ", RegexOptions.Singleline);
        var shown = string.Join(" ", Regex.Matches(html, "\\s(?:title|placeholder|aria-label|alt)=\"([^\"]*)\"").Select(m => m.Groups[1].Value));
        var text = Regex.Replace(html, "<(script|style)[^>]*>.*?</\\1>", " ", RegexOptions.Singleline | RegexOptions.IgnoreCase);
        text = Regex.Replace(text, "<!--.*?-->", " ", RegexOptions.Singleline);
        text = Regex.Replace(text, "<[^>]+>", " ");
        return WebUtility.HtmlDecode(text + " " + shown);
    }

    /// <summary>The readable parts of an export: CSV as text, .xlsx and .docx as their XML text, a zip entry by entry
    /// (its JSON record excepted: JSON is for machines), HTML as shown.</summary>
    private static IEnumerable<(string Part, string Text)> Texts(string url, byte[] bytes)
    {
        if (bytes.Length > 4 && bytes[0] == 'P' && bytes[1] == 'K')
        {
            using var zip = new ZipArchive(new MemoryStream(bytes));
            var office = zip.Entries.Any(e => e.FullName == "[Content_Types].xml");
            foreach (var entry in zip.Entries)
            {
                var name = entry.FullName;
                if (name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || (office && !name.EndsWith(".xml", StringComparison.Ordinal))
                    || (office && !(name.StartsWith("xl/worksheets/", StringComparison.Ordinal) || name == "xl/sharedStrings.xml" || name.StartsWith("word/document", StringComparison.Ordinal))))
                    continue;
                using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
                var content = reader.ReadToEnd();
                if (name.EndsWith(".xml", StringComparison.Ordinal))
                    yield return (name, WebUtility.HtmlDecode(Regex.Replace(content, "<[^>]+>", " ")));
                else if (name.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
                    yield return (name, VisibleText(content));
                else if (name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
                    yield return (name, content);
                else if (name.EndsWith(".docx", StringComparison.OrdinalIgnoreCase))
                {
                    using var inner = new MemoryStream();
                    entry.Open().CopyTo(inner);
                    foreach (var part in Texts(name, inner.ToArray()))
                        yield return ($"{name}/{part.Part}", part.Text);
                }
            }
            yield break;
        }
        var decoded = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
        yield return ("", url.Contains("handler=Print", StringComparison.Ordinal) ? VisibleText(decoded) : decoded);
    }
}
