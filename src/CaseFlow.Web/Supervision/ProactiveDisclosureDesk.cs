using System.Security.Claims;
using CaseFlow.Domain.Supervision;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Supervision;
using CaseFlow.Web.Requests;
using CaseFlow.Web.Security;
using CaseFlow.Workflows.DisclosureRequest;
using NodaTime;
using NodaTime.Text;

namespace CaseFlow.Web.Supervision;

/// <summary>主动公开 (Art. 44, issue 17 item 4) for the page and the API alike: the agency's marks, marking from a group
/// alert (only the agency's own requests), and recording the publication (date and address), each checked by
/// <see cref="ProactiveDisclosureRule"/> and naming the field at fault. Nothing of another agency is read or changed.</summary>
public sealed class ProactiveDisclosureDesk(Database database, IClock clock)
{
    /// <summary>A group is small; more ids than this are refused naming <c>requestIds</c>.</summary>
    public const int MaxRequests = 1000;

    public LocalDate Today => ChinaTime.Today(clock);

    public async Task<IReadOnlyList<ProactiveDisclosure>> ListAsync(string agencyCode)
    {
        await using var connection = await database.OpenAsync();
        return await ProactiveDisclosures.ForAgencyAsync(connection, agencyCode);
    }

    /// <summary>Marks the information for proactive disclosure, linking the requests of the group; the new mark, or the
    /// field error (nothing stored).</summary>
    public async Task<(ProactiveDisclosure? Mark, FieldError? Error)> MarkAsync(ClaimsPrincipal user, string? subject, IReadOnlyList<string>? requestIds)
    {
        var given = requestIds ?? [];
        if (given.Count > MaxRequests)
            return (null, new FieldError("requests", $"一次最多选择{MaxRequests}件申请。", $"At most {MaxRequests} requests at once."));
        var ids = given.Where(i => Guid.TryParse(i, out _)).Distinct().ToList();
        if (ProactiveDisclosureRule.RefuseMark(subject, ids.Count) is { } refused)
            return (null, new FieldError(refused.Field, refused.Zh, refused.En));
        await using var connection = await database.OpenAsync();
        var own = await ProactiveDisclosures.RequestsOfAgencyAsync(connection, user.AgencyCode(), ids);
        if (own.Count != ids.Count || given.Count != ids.Count)
            return (null, new FieldError("requests", "所选申请不属于本机关。", "The requests chosen are not this agency's."));
        var mark = new ProactiveDisclosure
        {
            Id = Guid.NewGuid().ToString(), AgencyCode = user.AgencyCode(), Subject = subject!.Trim(), MarkedBy = user.Actor(), MarkedAt = clock.GetCurrentInstant(),
            RequestIds = own.Order(StringComparer.Ordinal).ToList(),
        };
        await using var transaction = await database.BeginWriteAsync(connection);
        await ProactiveDisclosures.MarkAsync(new DbSession(connection, transaction, database.Dialect), mark, own);
        await transaction.CommitAsync();
        return (mark, null);
    }

    /// <summary>Records when and where the office published a mark of the user's agency: not found when the agency has no
    /// such mark, else the field error (nothing stored) or none.</summary>
    public async Task<(bool Found, FieldError? Error)> PublishAsync(ClaimsPrincipal user, string? id, string? publishedOn, string? url)
    {
        await using var connection = await database.OpenAsync();
        var mark = (await ProactiveDisclosures.ForAgencyAsync(connection, user.AgencyCode())).FirstOrDefault(m => m.Id == id);
        if (mark is null)
            return (false, null);
        var date = publishedOn is { Length: <= 10 } ? LocalDatePattern.Iso.Parse(publishedOn.Trim()) : LocalDatePattern.Iso.Parse("");
        if (ProactiveDisclosureRule.RefusePublication(date.Success ? date.Value : null, url, mark.MarkedAt.InZone(ChinaTime.Zone).Date, Today) is { } refused)
            return (true, new FieldError(refused.Field, refused.Zh, refused.En));
        await using var transaction = await database.BeginWriteAsync(connection);
        await ProactiveDisclosures.PublishAsync(new DbSession(connection, transaction, database.Dialect), user.AgencyCode(), mark.Id, date.Value, url!.Trim(),
            user.Actor(), clock.GetCurrentInstant());
        await transaction.CommitAsync();
        return (true, null);
    }
}
