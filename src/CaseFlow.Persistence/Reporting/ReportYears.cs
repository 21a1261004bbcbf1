using System.Data.Common;
using CaseFlow.Persistence.Supervision;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Reporting;

/// <summary>Which years the annual report has data for: the report page opens on the latest of them.</summary>
public static class ReportYears
{
    /// <summary>The latest year a native request was received or closed in (the report's own counters, migration 0008).</summary>
    public const string LatestNative = """
        SELECT MAX(CASE WHEN closed_year > received_year THEN closed_year ELSE received_year END) FROM report_request_counts
        WHERE requests > 0 /*agency*/
        """;

    /// <summary>The latest receipt or closing date among the imported ledger rows.</summary>
    public const string LatestLedgerReceived = "SELECT MAX(received_on) FROM ledger_requests WHERE received_on IS NOT NULL /*agency*/";

    public const string LatestLedgerClosed = "SELECT MAX(closed_on) FROM ledger_requests WHERE closed_on IS NOT NULL /*agency*/";

    /// <summary>The latest year with data, no later than <paramref name="notAfter"/>; null when there is none.</summary>
    public static async Task<int?> LatestAsync(DbConnection connection, string? agencyCode, int notAfter)
    {
        var parameters = new { AgencyCode = agencyCode };
        var native = await connection.ExecuteScalarAsync<int?>(Scope.To(LatestNative, agencyCode), parameters);
        var received = await connection.ExecuteScalarAsync<LocalDate?>(Scope.To(LatestLedgerReceived, agencyCode), parameters);
        var closed = await connection.ExecuteScalarAsync<LocalDate?>(Scope.To(LatestLedgerClosed, agencyCode), parameters);
        var years = new[] { native, received?.Year, closed?.Year }.Where(y => y is > 0).Select(y => Math.Min(y!.Value, notAfter)).ToList();
        return years.Count == 0 ? null : years.Max();
    }
}
