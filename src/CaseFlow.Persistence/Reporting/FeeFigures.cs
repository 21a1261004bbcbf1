using System.Data.Common;
using System.Globalization;
using Dapper;

namespace CaseFlow.Persistence.Reporting;

/// <summary>An agency's information-processing fees of one year (Art. 42, 国办函〔2020〕109号; annual report section 六):
/// fee notices served (charged) and payments recorded (collected), counts and amounts in yuan. A null agency is every
/// agency of the installation.</summary>
public sealed record FeeYearFigures(string? AgencyCode, int Year, int ChargedCount, decimal ChargedYuan, int CollectedCount, decimal CollectedYuan);

/// <summary>Sums the fee columns the workflow stores (<c>fee_amount_fen</c>, <c>fee_charged_year</c>,
/// <c>fee_collected_year</c>, decided by <c>Domain.Fees.FeeYears</c>); the SQL decides nothing.</summary>
public static class FeeFigures
{
    public const string SelectCharged = """
        SELECT COUNT(*) AS Count, CAST(COALESCE(SUM(fee_amount_fen), 0) AS BIGINT) AS Fen FROM requests
        WHERE fee_charged_year = @Year /*agency*/
        """;

    public const string SelectCollected = """
        SELECT COUNT(*) AS Count, CAST(COALESCE(SUM(fee_amount_fen), 0) AS BIGINT) AS Fen FROM requests
        WHERE fee_collected_year = @Year /*agency*/
        """;

    /// <summary>The fees charged and collected by <paramref name="agencyCode"/> (or every agency, when null) in
    /// <paramref name="year"/>.</summary>
    public static async Task<FeeYearFigures> ForYearAsync(DbConnection connection, string? agencyCode, int year, DbTransaction? transaction = null)
    {
        var parameters = new { AgencyCode = agencyCode, Year = year };
        var charged = await connection.QuerySingleAsync<(long Count, long Fen)>(Supervision.Scope.To(SelectCharged, agencyCode), parameters, transaction);
        var collected = await connection.QuerySingleAsync<(long Count, long Fen)>(Supervision.Scope.To(SelectCollected, agencyCode), parameters, transaction);
        return new FeeYearFigures(agencyCode, year, (int)charged.Count, charged.Fen / 100m, (int)collected.Count, collected.Fen / 100m);
    }

    public static async Task<FeeYearFigures> ForYearAsync(Database database, int year, string? agencyCode)
    {
        await using var connection = await database.OpenAsync();
        return await ForYearAsync(connection, agencyCode, year);
    }

    /// <summary>An amount in yuan as printed: two decimals.</summary>
    public static string Yuan(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
