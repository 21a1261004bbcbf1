using System.Data.Common;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Requests;

/// <summary>Counts for 按件计收 (国办函〔2020〕109号): the domain (<c>Domain.Fees.FeeCounting</c>) says whose applications and
/// which month; this only counts the rows.</summary>
public static class ApplicationCounts
{
    /// <summary>The requests of one applicant (name as stored, trimmed) at one agency received from @From up to this one:
    /// earlier days, and on the same day those with a tracking number up to this one's (numbers run in registration order).</summary>
    public const string SelectOrdinalInMonth = """
        SELECT COUNT(*) FROM requests
        WHERE agency_code = @AgencyCode AND TRIM(applicant_name) = @Applicant AND received_on >= @From
          AND (received_on < @ReceivedOn OR (received_on = @ReceivedOn AND tracking_number <= @TrackingNumber))
        """;

    /// <summary>Which application of its applicant this one is in the calendar month from <paramref name="monthFrom"/>
    /// (this one included; at least 1).</summary>
    public static async Task<int> OrdinalInMonthAsync(DbConnection connection, string agencyCode, string applicant, LocalDate monthFrom,
        LocalDate receivedOn, string trackingNumber)
    {
        var count = await connection.ExecuteScalarAsync<long>(SelectOrdinalInMonth, new
        {
            AgencyCode = agencyCode, Applicant = applicant, From = monthFrom, ReceivedOn = receivedOn, TrackingNumber = trackingNumber,
        });
        return (int)Math.Max(1, count);
    }
}
