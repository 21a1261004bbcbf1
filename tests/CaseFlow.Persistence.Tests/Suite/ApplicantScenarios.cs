using CaseFlow.Persistence.Applicants;
using CaseFlow.Persistence.Requests;
using NodaTime;

namespace CaseFlow.Persistence.Tests.Suite;

/// <summary>The applicant side's store (<see cref="ApplicantStore"/>) on every database.</summary>
public static partial class PersistenceScenarios
{
    private static ApplicantAccess Access(string requestId, string agency, string trackingNumber, Instant createdAt) => new()
    {
        RequestId = requestId, TrackingNumber = trackingNumber, AgencyCode = agency, AccessCodeHash = "hash-" + requestId[..6], ConsentElectronic = 1,
        Email = "wang@example.cn", Phone = "13800138000", ReceiveBy = "Email", Details = """{"postcode":"100000"}""", CreatedAt = createdAt,
    };

    public static async Task Applicant_access_is_found_by_tracking_number_across_agencies_and_by_request(Database database)
    {
        var (a, b) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        await InTransactionAsync(database, async s =>
        {
            await ApplicantStore.InsertAccessAsync(s, Access(a, "county", "2024-000001", Now));
            await ApplicantStore.InsertAccessAsync(s, Access(b, "city", "2024-000001", Now.Plus(Duration.FromMinutes(1))) with { DuplicateOf = "2023-000009" });
            return 0;
        });
        await using var c = await database.OpenAsync();

        var both = await ApplicantStore.AccessByTrackingNumberAsync(c, "2024-000001");
        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), both.Select(x => x.RequestId).Order(StringComparer.Ordinal));
        var one = await ApplicantStore.AccessByRequestAsync(c, b);
        Assert.NotNull(one);
        Assert.Equal("city", one.AgencyCode);
        Assert.Equal("2023-000009", one.DuplicateOf);
        Assert.Equal(Now.Plus(Duration.FromMinutes(1)), one.CreatedAt);
        Assert.Null(one.ConfirmedNoticeAt);
        Assert.Equal([b], (await ApplicantStore.AccessForAgencyAsync(c, "city", 10)).Select(x => x.RequestId));
        Assert.Null(await ApplicantStore.AccessByRequestAsync(c, Guid.NewGuid().ToString()));
    }

    public static async Task Applicant_notices_fall_due_with_the_request_and_are_marked_once(Database database)
    {
        var id = Guid.NewGuid();
        await InTransactionAsync(database, async s =>
        {
            await RequestStore.InsertAsync(s, Row(id));
            await ApplicantStore.InsertAccessAsync(s, Access(id.ToString(), "county", "2024-000002", Now));
            return 0;
        });
        await using var c = await database.OpenAsync();

        Assert.Contains(await ApplicantStore.NoticesDueAsync(c), n => n.RequestId == id.ToString() && n.State == "InProgress");
        Assert.Equal(1, await ApplicantStore.MarkNoticeAsync(c, id.ToString(), "confirmed_notice_at", Now));
        Assert.Equal(0, await ApplicantStore.MarkNoticeAsync(c, id.ToString(), "confirmed_notice_at", Now.Plus(Duration.FromHours(1))));
        Assert.DoesNotContain(await ApplicantStore.NoticesDueAsync(c), n => n.RequestId == id.ToString());
        Assert.Equal(Now, (await ApplicantStore.AccessByRequestAsync(c, id.ToString()))!.ConfirmedNoticeAt);
        Assert.Equal(1, await ApplicantStore.MarkNoticeAsync(c, id.ToString(), "closed_notice_at", Now));
        Assert.Equal(1, await ApplicantStore.MarkNoticeAsync(c, id.ToString(), "correction_notice_at", Now));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ApplicantStore.MarkNoticeAsync(c, id.ToString(), "phone", Now));
    }

    public static async Task Pending_uploads_keep_their_content_under_the_form_token_until_deleted_or_pruned(Database database)
    {
        await using var c = await database.OpenAsync();
        PendingUpload Upload(string id, string token, Instant at) => new()
        {
            Id = id, Token = token, Kind = "IdDocument", FileName = "身份证.pdf", ContentType = "application/pdf", SizeBytes = 3, Sha256 = "abc", UploadedAt = at,
        };
        await ApplicantStore.InsertUploadAsync(c, Upload("u1", "t1", Now), [1, 2, 3]);
        await ApplicantStore.InsertUploadAsync(c, Upload("u2", "t1", Now.Plus(Duration.FromSeconds(1))), [4]);
        await ApplicantStore.InsertUploadAsync(c, Upload("u3", "t2", Now.Minus(Duration.FromDays(2))), [5]);

        Assert.Equal(["u1", "u2"], (await ApplicantStore.UploadsAsync(c, "t1")).Select(u => u.Id));
        Assert.Equal(new byte[] { 1, 2, 3 }, await ApplicantStore.UploadContentAsync(c, "u1"));
        await ApplicantStore.DeleteUploadAsync(c, "t1", "u2");
        Assert.Equal(["u1"], (await ApplicantStore.UploadsAsync(c, "t1")).Select(u => u.Id));
        Assert.Equal(1, await ApplicantStore.PruneUploadsAsync(c, Now.Minus(Duration.FromDays(1))));
        Assert.Empty(await ApplicantStore.UploadsAsync(c, "t2"));
        await ApplicantStore.DeleteUploadsAsync(c, "t1");
        Assert.Null(await ApplicantStore.UploadContentAsync(c, "u1"));
    }

    public static async Task A_delivery_keeps_its_first_download_and_its_service(Database database)
    {
        await using var c = await database.OpenAsync();
        var request = Guid.NewGuid().ToString();
        await ApplicantStore.InsertDeliveryAsync(c, new Delivery { LetterId = "l1", RequestId = request, PlacedAt = Now, PlacedBy = "wang" });

        Assert.Equal(1, await ApplicantStore.MarkDownloadedAsync(c, "l1", Now.Plus(Duration.FromHours(1))));
        Assert.Equal(0, await ApplicantStore.MarkDownloadedAsync(c, "l1", Now.Plus(Duration.FromHours(2))));
        Assert.Equal(1, await ApplicantStore.MarkAcknowledgedAsync(c, "l1", Now.Plus(Duration.FromHours(3))));
        await ApplicantStore.SetNoticeSentToAsync(c, "l1", "wang@example.cn");
        await ApplicantStore.MarkServedAsync(c, "l1", new LocalDate(2024, 9, 28), null);

        var delivery = await ApplicantStore.DeliveryAsync(c, "l1");
        Assert.NotNull(delivery);
        Assert.Equal(Now.Plus(Duration.FromHours(1)), delivery.FirstDownloadedAt);
        Assert.Equal(Now.Plus(Duration.FromHours(3)), delivery.AcknowledgedAt);
        Assert.Equal(new LocalDate(2024, 9, 28), delivery.ServedOn);
        Assert.Equal("wang@example.cn", delivery.NoticeSentTo);
        Assert.Equal(["l1"], (await ApplicantStore.DeliveriesAsync(c, request)).Select(d => d.LetterId));
    }

    public static async Task Ratings_and_rectifications_round_trip_and_count_by_scope(Database database)
    {
        var (r1, r2) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var closedOn = new LocalDate(2024, 9, 20);
        await InTransactionAsync(database, async s =>
        {
            await ApplicantStore.InsertRatingAsync(s, new Rating { RequestId = r1, AgencyCode = "county", TrackingNumber = "2024-000001", Level = 1, Comment = "慢", ClosedOn = closedOn, RatedOn = new LocalDate(2024, 9, 25), RatedAt = Now });
            await ApplicantStore.InsertRatingAsync(s, new Rating { RequestId = r2, AgencyCode = "city", TrackingNumber = "2024-000002", Level = 5, ClosedOn = closedOn, RatedOn = new LocalDate(2024, 9, 26), RatedAt = Now });
            await ApplicantStore.ReviseRatingAsync(s, r1, 2, "仍慢", Now.Plus(Duration.FromHours(1)));
            await ApplicantStore.InsertRectificationAsync(s, new Rectification { Id = "x1", RequestId = r1, AgencyCode = "county", TrackingNumber = "2024-000001", Level = 2, Comment = "仍慢", OpenedOn = new LocalDate(2024, 9, 25), DueOn = new LocalDate(2024, 10, 15) });
            await ApplicantStore.InsertRectificationAsync(s, new Rectification { Id = "x2", RequestId = r2, AgencyCode = "city", TrackingNumber = "2024-000002", Level = 1, OpenedOn = new LocalDate(2024, 9, 1), DueOn = new LocalDate(2024, 9, 20) });
            return 0;
        });
        await using var c = await database.OpenAsync();

        var rating = await ApplicantStore.RatingAsync(c, r1);
        Assert.Equal((2, "仍慢", Now.Plus(Duration.FromHours(1))), (rating!.Level, rating.Comment, rating.RevisedAt!.Value));
        Assert.Equal("x1", (await ApplicantStore.OpenRectificationAsync(c, r1))!.Id);
        Assert.Equal(1, await ApplicantStore.CloseRectificationAsync(c, "x2", "核实", "已答复", "已整改", new LocalDate(2024, 9, 19), "li", onTime: true));
        Assert.Equal(0, await ApplicantStore.CloseRectificationAsync(c, "x2", "核实", "已答复", "已整改", new LocalDate(2024, 9, 21), "li", onTime: false));
        var closed = await ApplicantStore.RectificationAsync(c, "x2");
        Assert.Equal((new LocalDate(2024, 9, 19), "li", 1), (closed!.ClosedOn!.Value, closed.ClosedBy!, closed.OnTime!.Value));
        Assert.Null(await ApplicantStore.OpenRectificationAsync(c, r2));
        Assert.Equal(["x1"], (await ApplicantStore.RectificationsForRequestAsync(c, r1)).Select(x => x.Id));
        Assert.Equal(["x1", "x2"], (await ApplicantStore.RectificationsAsync(c, null)).Select(x => x.Id));
        Assert.Equal(["x2"], (await ApplicantStore.RectificationsAsync(c, "city")).Select(x => x.Id));

        var (ratings, items) = await ApplicantStore.SatisfactionAsync(c, "county", new LocalDate(2024, 9, 10));
        Assert.Equal([r1], ratings.Select(r => r.RequestId));
        Assert.Equal(["x1"], items.Select(i => i.Id));
        var (allRatings, allItems) = await ApplicantStore.SatisfactionAsync(c, null, new LocalDate(2024, 9, 26));
        Assert.Equal([r2], allRatings.Select(r => r.RequestId));
        Assert.Equal(["x1"], allItems.Select(i => i.Id));
    }
}
