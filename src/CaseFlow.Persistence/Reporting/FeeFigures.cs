using System.Data.Common;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Reporting;

/// <summary>An agency's information-processing fees of one year (Art. 42, 国办函〔2020〕109号; annual report section 六):
/// fee notices served (charged) and payments recorded (collected), counts and amounts in yuan.</summary>
public sealed record FeeYearFigures(string AgencyCode, int Year, int ChargedCount, decimal ChargedYuan, int CollectedCount, decimal CollectedYuan);

/// <summary>Sums the fee columns the workflow stores (<c>fee_amount_fen</c>, <c>fee_charged_year</c>,
/// <c>fee_collected_year</c>, decided by <c>Domain.Fees.FeeYears</c>); the SQL decides nothing.</summary>
public static class FeeFigures
{
    public const string SelectCharged = """
        SELECT COUNT(*) AS Count, CAST(COALESCE(SUM(fee_amount_fen), 0) AS BIGINT) AS Fen FROM requests
        WHERE agency_code = @AgencyCode AND fee_charged_year = @Year
        """;

    public const string SelectCollected = """
        SELECT COUNT(*) AS Count, CAST(COALESCE(SUM(fee_amount_fen), 0) AS BIGINT) AS Fen FROM requests
        WHERE agency_code = @AgencyCode AND fee_collected_year = @Year
        """;

    /// <summary>The fees charged and collected by <paramref name="agencyCode"/> in <paramref name="year"/>.</summary>
    public static async Task<FeeYearFigures> ForYearAsync(DbConnection connection, string agencyCode, int year, DbTransaction? transaction = null)
    {
        var parameters = new { AgencyCode = agencyCode, Year = year };
        var charged = await connection.QuerySingleAsync<(long Count, long Fen)>(SelectCharged, parameters, transaction);
        var collected = await connection.QuerySingleAsync<(long Count, long Fen)>(SelectCollected, parameters, transaction);
        return new FeeYearFigures(agencyCode, year, (int)charged.Count, charged.Fen / 100m, (int)collected.Count, collected.Fen / 100m);
    }
}
