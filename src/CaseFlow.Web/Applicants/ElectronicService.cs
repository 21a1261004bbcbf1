using CaseFlow.Domain.Applicants;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Applicants;
using CaseFlow.Persistence.Correspondence;
using CaseFlow.Web.Correspondence;
using CaseFlow.Web.Requests;
using CaseFlow.Workflows.DisclosureRequest;
using NodaTime;

namespace CaseFlow.Web.Applicants;

/// <summary>网上送达 (electronic service): with the applicant's consent, an issued letter is placed in their space and
/// announced by e-mail (and SMS); its service is recorded through the letters desk with method <c>Online</c>, evidence the
/// notice sent (and, under the first-download rule, the first download), dated by the agency's <see cref="ServiceDateRule"/>.</summary>
/// <remarks>Civil Procedure Law Art. 90 by analogy (APPLICANT-SIDE.md): consent needed; served the day the letter reaches
/// the addressee's system. The service itself is recorded by ONE call, <see cref="RecordAsync"/>, to the letters desk.</remarks>
public sealed class ElectronicService(Database database, LetterDesk desk, RequestReader reader, ApplicantSettings settings, ApplicantNotices notices, IClock clock)
{
    public const string Method = "Online";

    private Task<IReadOnlyList<Requests.FieldError>> RecordAsync(RequestView view, string letterId, LocalDate servedOn, string evidence, string actor) =>
        desk.RecordServiceAsync(view, letterId, Method, servedOn.ToString("uuuu-MM-dd", null), evidence, actor);

    /// <summary>Places an issued letter of the request in the applicant's space (staff action).</summary>
    public async Task<IReadOnlyList<Requests.FieldError>> PlaceAsync(RequestView view, string letterId, string actor)
    {
        if (!Letters.ServiceMethods.Contains(Method))
            return [new("letter", "文书送达方式不包括网上送达。", "Online service is not a service method.")];
        await using var connection = await database.OpenAsync();
        var access = await ApplicantStore.AccessByRequestAsync(connection, view.Row.Id);
        if (access is null || access.ConsentElectronic != 1)
            return [new("letter", "申请人未同意电子送达，不能网上送达。", "The applicant did not consent to electronic service.")];
        var letter = await Letters.FindAsync(connection, letterId);
        if (letter is null || letter.RequestId != view.Row.Id)
            return [new("letter", "文书不存在。", "No such letter.")];
        if (await ApplicantStore.DeliveryAsync(connection, letterId) is not null)
            return [new("letter", "该文书已置于申请人空间。", "The letter is already in the applicant's space.")];
        var now = clock.GetCurrentInstant();
        await ApplicantStore.InsertDeliveryAsync(connection, new Delivery { LetterId = letterId, RequestId = view.Row.Id, PlacedAt = now, PlacedBy = actor });
        var sentTo = await notices.SendAsync(access, $"您有新的文书：{letter.Title}",
            $"{letter.Title}（{letter.DocumentNumber}）已送达您的申请空间，请登录“我的申请”查看和下载。");
        await ApplicantStore.SetNoticeSentToAsync(connection, letterId, sentTo ?? "");
        if ((await settings.ForAgencyAsync(access.AgencyCode)).ServiceDate != ServiceDateRule.Placed)
            return [];
        var placedOn = now.InZone(ChinaTime.Zone).Date;
        var errors = await RecordAsync(view, letterId, placedOn,
            $"网上送达：{now.InZone(ChinaTime.Zone):uuuu-MM-dd HH:mm} 置于申请人空间；通知：{sentTo}", actor);
        if (errors.Count == 0)
            await ApplicantStore.MarkServedAsync(connection, letterId, placedOn, sentTo);
        return errors;
    }

    /// <summary>The applicant downloads a letter of their space: the first download is kept as evidence and, under the
    /// first-download rule, is the date of service.</summary>
    public async Task DownloadedAsync(ApplicantAccess access, string letterId)
    {
        var now = clock.GetCurrentInstant();
        await using var connection = await database.OpenAsync();
        if (await ApplicantStore.MarkDownloadedAsync(connection, letterId, now) == 0)
            return;
        var delivery = await ApplicantStore.DeliveryAsync(connection, letterId);
        if (delivery is null || delivery.ServedOn is not null)
            return;
        var servedOn = Satisfaction.ServedOn((await settings.ForAgencyAsync(access.AgencyCode)).ServiceDate, delivery.PlacedAt.InZone(ChinaTime.Zone).Date, now.InZone(ChinaTime.Zone).Date);
        if (servedOn is null || await reader.FindAsync(Guid.Parse(access.RequestId), access.AgencyCode) is not { } view)
            return;
        var errors = await RecordAsync(view, letterId, servedOn.Value,
            $"网上送达：{delivery.PlacedAt.InZone(ChinaTime.Zone):uuuu-MM-dd HH:mm} 置于申请人空间；通知：{delivery.NoticeSentTo}；首次下载 {now.InZone(ChinaTime.Zone):uuuu-MM-dd HH:mm}",
            ApplicantDesk.ActorFor(access.TrackingNumber));
        if (errors.Count == 0)
            await ApplicantStore.MarkServedAsync(connection, letterId, servedOn.Value, null);
    }
}
