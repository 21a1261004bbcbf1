using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CaseFlow.Persistence.Workplace;

namespace CaseFlow.Web.Tests.Correspondence;

/// <summary>Issue 17 item 1, 转送 (Art. 36(五)), through the API and the request pages: the reply 402 names an agency of the
/// platform chosen from its agencies, the served reply forwards a copy there, and both request pages show the link.</summary>
[Collection(nameof(WebCollection))]
public sealed class ReferralTests(WebApp app)
{
    [Fact]
    public async Task A_served_reply_402_forwards_the_request_to_the_competent_agency_and_both_pages_show_the_link()
    {
        var api = app.WithApiKey();
        var id = (await api.RegisterAsync()).GetProperty("id").GetString();

        var preview = await (await api.PostAsJsonAsync($"/api/requests/{id}/letters/preview", new { type = "reply", outcome = 402 }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("input_referral_agency", preview.GetProperty("inputs").EnumerateArray().Select(e => e.GetString()));

        var inputs = new Dictionary<string, string>
        {
            ["input_reasons"] = "该信息由测试机关a2制作。", ["input_reconsideration_body"] = "示范县人民政府", ["input_court"] = "示范县人民法院",
            ["input_referral_agency"] = "nowhere",
        };
        var unknown = await api.PostAsJsonAsync($"/api/requests/{id}/letters", new { type = "reply", outcome = 402, inputs });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("input_referral_agency", out _));

        inputs["input_referral_agency"] = "a2";
        var noConsent = await api.PostAsJsonAsync($"/api/requests/{id}/letters", new { type = "reply", outcome = 402, inputs });
        Assert.NotEqual(HttpStatusCode.Created, noConsent.StatusCode);
        Assert.Contains("同意", await noConsent.Content.ReadAsStringAsync());
        Assert.Equal(0, await app.CountAsync("SELECT COUNT(*) FROM letters WHERE request_id = @Id", new { Id = id }));

        inputs["input_referral_consent"] = "申请人当面书面同意转送";
        var issued = await api.PostAsJsonAsync($"/api/requests/{id}/letters", new { type = "reply", outcome = 402, inputs });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var letter = await issued.Content.ReadFromJsonAsync<JsonElement>();
        // The competent agency the reply names is the platform agency chosen.
        Assert.Contains("测试机关a2", await api.GetStringAsync($"/api/requests/{id}/letters/{letter.GetProperty("id").GetString()}/html"));
        var served = await api.PostAsJsonAsync($"/api/requests/{id}/letters/{letter.GetProperty("id").GetString()}/services",
            new { method = "Online", servedOn = Seed.Today(), evidence = "门户网站送达回执 R-402" });
        Assert.Equal(HttpStatusCode.NoContent, served.StatusCode);

        var first = await api.GetFromJsonAsync<JsonElement>($"/api/requests/{id}");
        var referredTo = first.GetProperty("referredTo");
        Assert.Equal("a2", referredTo.GetProperty("agencyCode").GetString());
        var newId = referredTo.GetProperty("requestId").GetString();

        // The copy is registered by the competent agency through the outbox: wait for it there.
        var other = await app.SignedInAsync("cw2");
        var until = DateTime.UtcNow.AddSeconds(60);
        HttpResponseMessage response;
        while ((response = await other.GetAsync($"/api/requests/{newId}")).StatusCode == HttpStatusCode.NotFound && DateTime.UtcNow < until)
            await Task.Delay(100);
        var second = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("a2", second.GetProperty("agencyCode").GetString());
        Assert.Equal(Seed.Today(), second.GetProperty("deadlines").GetProperty("receivedOn").GetString());
        Assert.Equal(id, second.GetProperty("referredFrom").GetProperty("requestId").GetString());

        var page = await other.GetStringAsync($"/Requests/Details/{newId}");
        Assert.Contains("referred-from", page);
        Assert.Contains(first.GetProperty("trackingNumber").GetString()!, page);
        var firstPage = await (await app.AsRoleAsync(Roles.Caseworker)).GetStringAsync($"/Requests/Details/{id}");
        Assert.Contains("referred-to", firstPage);
        Assert.Contains(second.GetProperty("trackingNumber").GetString()!, firstPage);
    }
}
