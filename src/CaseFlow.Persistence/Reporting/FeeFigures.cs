using System.Globalization;
using System.Text.Json;
using CaseFlow.Domain.Reporting;
using Dapper;
using NodaTime;
using NodaTime.Text;

namespace CaseFlow.Persistence.Reporting;

/// <summary>The fee figures section 六 of the annual report states (信息处理费, Art. 42; 国办函〔2020〕109号 asks the annual
/// report to state the fees collected): fee notices served in the year and the amount they charged; payments received
/// in the year and the amount collected.</summary>
public sealed record FeeFigures(int Year, int NoticesServed, decimal Charged, int PaymentsReceived, decimal Collected)
{
    /// <summary>The one query of the fee figures. Interim: it reads the fee the workflow keeps in the request's data
    /// (<c>fee</c>: servedOn, amount, paidOn) of every request open at some time in the year and sums in memory; when the
    /// fee computation stores fees as columns (issue 17), only this method changes.</summary>
    public static async Task<FeeFigures> ForYearAsync(Database database, int year, string? agencyCode)
    {
        var (first, last) = AnnualReports.Bounds(year);
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<string>(Supervision.Scope.To(SelectFees, agencyCode),
            new { YearStart = first, YearEnd = last, AgencyCode = agencyCode });
        int served = 0, paid = 0;
        decimal charged = 0, collected = 0;
        foreach (var data in rows)
        {
            using var json = JsonDocument.Parse(data);
            if (!json.RootElement.TryGetProperty("fee", out var fee) || fee.ValueKind != JsonValueKind.Object)
                continue;
            var amount = fee.TryGetProperty("amount", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetDecimal() : 0m;
            if (Date(fee, "servedOn") is { } servedOn && servedOn >= first && servedOn <= last)
            {
                served++;
                charged += amount;
            }
            if (Date(fee, "paidOn") is { } paidOn && paidOn >= first && paidOn <= last)
            {
                paid++;
                collected += amount;
            }
        }
        return new FeeFigures(year, served, charged, paid, collected);
    }

    // Requests that were open at some time in the year and carry a fee notice.
    public const string SelectFees = """
        SELECT data FROM requests
        WHERE received_on <= @YearEnd AND (closed_on IS NULL OR closed_on >= @YearStart) AND data LIKE '%"fee":{%' /*agency*/
        """;

    private static LocalDate? Date(JsonElement fee, string name) =>
        fee.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
        && LocalDatePattern.Iso.Parse(value.GetString()!) is { Success: true } parsed ? parsed.Value : null;

    /// <summary>An amount in yuan as printed: two decimals.</summary>
    public static string Yuan(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
