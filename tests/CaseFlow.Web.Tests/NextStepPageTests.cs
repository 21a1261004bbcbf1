using System.Net;
using CaseFlow.Domain.Deadlines;
using CaseFlow.Persistence.Workplace;
using NodaTime;
using NodaTime.Text;

namespace CaseFlow.Web.Tests;

/// <summary>The 下一步 panel at the top of the request page, its short form on the workbench, and the letter pointed to
/// after an action (issue 16 item 3): the dates shown are the ones the workflow stored.</summary>
[Collection(nameof(WebCollection))]
public sealed class NextStepPageTests(WebApp app)
{
    private static Dictionary<string, string> Form(Dictionary<string, object?> fields) =>
        fields.ToDictionary(k => $"Input.{k.Key}", k => k.Value?.ToString() ?? "");

    private async Task<(HttpClient Client, string Location, string Id)> RegisterAsync(string name, string description)
    {
        var client = await app.AsRoleAsync(Roles.Caseworker);
        var response = await client.PostFormAsync("/Requests/Register", Form(Seed.Registration(name: name, description: description)));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        return (client, location, location.Split('/')[^1]);
    }

    private async Task<LocalDate> StoredDateAsync(string column, string id)
    {
        var text = await app.ScalarAsync<string>($"SELECT {column} FROM requests WHERE id = @Id", new { Id = id });
        return LocalDatePattern.Iso.Parse(text!).Value;
    }

    private static string Panel(string html)
    {
        var start = html.IndexOf("id=\"next-step\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "the request page has no 下一步 panel");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task A_request_in_progress_shows_the_reply_due_date_and_the_correction_notice_window_with_their_letters()
    {
        var (client, location, id) = await RegisterAsync("冯下一步", "申请公开2025年本区公共自行车运营合同。");
        var replyDue = await StoredDateAsync("reply_due_on", id);
        var noticeDue = await StoredDateAsync("correction_due_on", id);

        var panel = Panel(await client.GetStringAsync(location));

        Assert.Contains($"答复书须于{ChineseDates.Plain(replyDue)}前送达申请人（第三十三条）", panel);
        Assert.Contains($"data-due=\"{replyDue:uuuu-MM-dd}\"", panel);
        Assert.Contains($"id=\"next-step-action\" href=\"/Requests/Letters/{id}?type=reply\"", panel);
        Assert.Contains($"如需补正，补正告知书须于{ChineseDates.Plain(noticeDue)}前送达申请人（第三十条）", panel);
        Assert.Contains($"id=\"next-step-if-needed\" href=\"/Requests/Letters/{id}?type=correction-notice\"", panel);

        var workbench = await client.GetStringAsync("/Workbench?search=" + Uri.EscapeDataString("冯下一步"));
        Assert.Contains($"下一步：{ChineseDates.Plain(replyDue)}前答复", workbench);
    }

    [Fact]
    public async Task After_the_correction_notice_the_panel_waits_for_the_correction_until_the_period_it_set()
    {
        var (client, location, id) = await RegisterAsync("陈补正步", "申请公开有关会议纪要。");
        var letters = location.Replace("/Requests/Details/", "/Requests/Letters/");
        var issued = await client.PostFormAsync($"{letters}?handler=Issue",
            new() { ["Form.Type"] = "correction-notice", ["Form.Inputs[input_correction_items]"] = "请写明会议名称和时间", ["Form.Inputs[input_correction_period_ends_on]"] = Seed.Today(15) }, letters);
        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        var periodEnds = LocalDatePattern.Iso.Parse(Seed.Today(15)).Value;

        var panel = Panel(await client.GetStringAsync(location));

        Assert.Contains($"等待申请人补正，补正期限至{ChineseDates.Plain(periodEnds)}", panel);
        Assert.Contains("（第三十条）", panel);
        Assert.Contains("id=\"next-step-action\" href=\"#action-corrected-application\"", panel);
        Assert.DoesNotContain("next-step-if-needed", panel);
        // The list row has no correction period column: its short form says the stage's step without a date.
        Assert.Contains("data-action=\"record-correction\">下一步：待补正</span>",
            await client.GetStringAsync("/Workbench?search=" + Uri.EscapeDataString("陈补正步")));
    }

    [Fact]
    public async Task An_extension_waits_for_its_decision_before_the_reply_due_date_and_approving_it_points_to_the_extension_notice()
    {
        var (client, location, id) = await RegisterAsync("褚延期步", "申请公开2015年至2025年本区征地补偿标准。");
        var requested = await client.PostFormAsync($"{location}?handler=Act&action=extension-request",
            new() { ["Input.Date"] = Seed.Today(), ["Input.Days"] = "10", ["Input.Reason"] = "需跨年度检索。" }, location);
        Assert.Equal(HttpStatusCode.Redirect, requested.StatusCode);
        var replyDue = await StoredDateAsync("reply_due_on", id);

        var panel = Panel(await client.GetStringAsync(location));
        Assert.Contains($"延长答复期限须于{ChineseDates.Plain(replyDue)}前经政府信息公开工作机构负责人同意（第三十三条第二款）", panel);
        Assert.Contains("id=\"next-step-action\" href=\"#action-extension-decision\"", panel);

        var supervisor = await app.AsRoleAsync(Roles.Supervisor);
        var approved = await supervisor.PostFormAsync($"{location}?handler=Act&action=extension-decision",
            new() { ["Input.Approved"] = "true", ["Input.Days"] = "10", ["Input.Date"] = Seed.Today() }, location);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var after = await supervisor.GetStringAsync(approved.Headers.Location!.OriginalString);
        Assert.Contains($"id=\"letter-after-action\"", after);
        Assert.Contains($"href=\"/Requests/Letters/{id}?type=extension-notice\" id=\"letter-after-action\">下一步：制作延期答复告知书", after);
        // The reply is next again, due on the extended date the workflow stored.
        var extended = await StoredDateAsync("reply_due_on", id);
        Assert.True(extended > replyDue);
        Assert.Contains($"答复书须于{ChineseDates.Plain(extended)}前送达申请人（第三十三条）", Panel(after));
    }
}
