namespace CaseFlow.Web.Tests;

[CollectionDefinition(nameof(WebCollection))]
public sealed class WebCollection : ICollectionFixture<WebApp>;

/// <summary>Requests registered through the real API for the tests that need one.</summary>
public static class Seed
{
    public static Dictionary<string, object?> Registration(string name = "王小明", string description = "申请公开2024年本区老旧小区改造资金使用明细。") => new()
    {
        ["applicantType"] = "NaturalPerson", ["applicantName"] = name, ["applicantIdDocument"] = "居民身份证 110105194912310021",
        ["applicantPhone"] = "13800138000", ["channel"] = "InPerson", ["description"] = description, ["formOfProvision"] = "Paper",
        ["receivedOn"] = Today(),
    };

    public static string Today(int plusDays = 0) =>
        CaseFlow.Workflows.DisclosureRequest.ChinaTime.Today(NodaTime.SystemClock.Instance).PlusDays(plusDays).ToString("uuuu-MM-dd", null);

    public static async Task<System.Text.Json.JsonElement> RegisterAsync(this HttpClient api, Dictionary<string, object?>? body = null)
    {
        var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(api, "/api/requests", body ?? Registration());
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(response.Content);
    }
}
