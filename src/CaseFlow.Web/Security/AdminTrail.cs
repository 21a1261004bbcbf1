using System.Data.Common;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using NodaTime;

namespace CaseFlow.Web.Security;

/// <summary>Makes a change in the administration and records it in the append-only administration trail, in one
/// transaction: either both are stored or neither.</summary>
public sealed class AdminTrail(Database database, IClock clock, IHttpContextAccessor http)
{
    public async Task ChangeAsync(string action, string subject, string details, Func<DbConnection, DbTransaction, Task> change, string? actor = null)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        await change(connection, transaction);
        await AdminAudit.AppendAsync(connection, new AdminAuditEntry
        {
            OccurredAt = clock.GetCurrentInstant(), Actor = actor ?? http.HttpContext!.User.Actor(), Action = action, Subject = subject, Details = details,
        }, transaction);
        await transaction.CommitAsync();
    }
}
