using CaseFlow.Persistence;
using CaseFlow.Persistence.Messaging;
using CaseFlow.Persistence.Notifications;
using CaseFlow.Workflows.Consultations;
using CaseFlow.Workflows.DisclosureRequest;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CaseFlow.Workflows.Notifications;

/// <summary>Delivers a consultation notice: one in-app notification per recipient who is a user of the agency or a colleague
/// of another agency of the installation invited by name (in one
/// transaction, once per message id), then by e-mail to those with an address when the e-mail channel is on. An
/// e-mail that fails is retried with the message; one already sent is not sent again.</summary>
public sealed class ConsultationNoticeDelivery(Database database, IClock clock, IServiceProvider services) : IConsumer<ConsultationNotice>
{
    public const string InboxConsumer = "consultation-notices";

    public async Task Consume(ConsumeContext<ConsultationNotice> context)
    {
        var notice = context.Message;
        await using var connection = await database.OpenAsync(context.CancellationToken);
        // The caseworker reads who answered by name, not by login (a third party or agency is named as written).
        var participant = notice.Participant is { } p
            ? (await Persistence.Workplace.Users.FindByNameAsync(connection, p))?.DisplayName ?? p
            : null;
        await using (var transaction = await database.BeginWriteAsync(connection, context.CancellationToken))
        {
            var session = new DbSession(connection, transaction, database.Dialect);
            var now = clock.GetCurrentInstant();
            if (await Inbox.TryReceiveAsync(session, InboxConsumer, context.MessageId ?? notice.NoticeId, now))
            {
                var (zh, en) = Text(notice, participant);
                foreach (var recipient in notice.Recipients.Distinct(StringComparer.Ordinal))
                {
                    string agency, link;
                    if (await NotificationStore.RoleInAgencyAsync(session, recipient, notice.AgencyCode) is { } role)
                        (agency, link) = (notice.AgencyCode,
                            role == Persistence.Workplace.Roles.LegalAdviser ? $"/Consultations/{notice.ConsultationId}" : $"/Requests/Details/{notice.RequestId}");
                    // Issue 17 item 2: a colleague of another agency of the installation invited by name hears in their own
                    // agency, and is sent to the consultation (never to the request).
                    else if (await Persistence.Consultations.ConsultationStore.ColleagueAgencyAsync(session, notice.ConsultationId, recipient) is { } theirs
                             && await NotificationStore.RoleInAgencyAsync(session, recipient, theirs) is not null)
                        (agency, link) = (theirs, $"/Consultations/{notice.ConsultationId}");
                    else
                        continue;
                    await NotificationStore.InsertAsync(session, new Notification
                    {
                        NoticeId = notice.NoticeId.ToString(), UserName = recipient, AgencyCode = agency, Kind = notice.Kind,
                        ConsultationId = notice.ConsultationId.ToString(), TextZh = zh, TextEn = en, CreatedAt = now, Link = link,
                    });
                }
                // Issue 17 item 2 (Art. 34): an other-agency consultation addressed to an agency of the installation invites
                // and reminds whoever answers for that agency, in that agency, with a link to the task (never the request).
                if (notice.Kind is NoticeKinds.Invitation or NoticeKinds.Reminder
                    && await Persistence.Consultations.ConsultationStore.AddressedAgencyAsync(session, notice.ConsultationId) is { } addressed)
                    foreach (var user in addressed.Users.Where(u => !notice.Recipients.Contains(u)))
                        await NotificationStore.InsertAsync(session, new Notification
                        {
                            NoticeId = notice.NoticeId.ToString(), UserName = user, AgencyCode = addressed.AgencyCode, Kind = notice.Kind,
                            ConsultationId = notice.ConsultationId.ToString(), TextZh = zh, TextEn = en, CreatedAt = now,
                            Link = $"/Consultations/{notice.ConsultationId}",
                        });
            }
            await transaction.CommitAsync(context.CancellationToken);
        }

        // Outside the transaction: a network call never holds the database's write lock (ENGINE-NOTES P8).
        if (services.GetService<IEmailChannel>() is not { } email)
            return;
        foreach (var row in await NotificationStore.NotEmailedAsync(connection, notice.NoticeId))
        {
            if (await NotificationStore.EmailAsync(connection, row.UserName, row.AgencyCode) is not { Length: > 0 } address)
                continue;
            await email.SendAsync(new EmailMessage(address, $"CaseFlow：{row.TextZh}", $"{row.TextZh}\n\n{row.TextEn}\n"), context.CancellationToken);
            await NotificationStore.MarkEmailedAsync(connection, row.Id, clock.GetCurrentInstant());
        }
    }

    /// <summary>The notice as the recipient reads it, in Chinese and English.</summary>
    public static (string Zh, string En) Text(ConsultationNotice n, string? participant = null)
    {
        var due = Domain.Deadlines.ChineseDates.Format(n.DueOn);
        var dueEn = n.DueOn.ToString("ddd yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return n.Kind switch
        {
            NoticeKinds.Invitation => ($"会商邀请：申请{n.TrackingNumber}——{n.Question}（请于{due}前提出意见）",
                $"Consultation invitation: request {n.TrackingNumber} — {n.Question} (opinion due {dueEn})"),
            NoticeKinds.OpinionReceived => ($"意见已到：申请{n.TrackingNumber}——{participant ?? n.Participant}就「{n.Question}」提出了意见",
                $"Opinion received: request {n.TrackingNumber} — {participant ?? n.Participant} answered \"{n.Question}\""),
            NoticeKinds.Reminder => ($"会商催办：申请{n.TrackingNumber}——{n.Question}（意见期限{due}）",
                $"Consultation reminder: request {n.TrackingNumber} — {n.Question} (due {dueEn})"),
            _ => ($"会商已逾期：申请{n.TrackingNumber}——{n.Question}（意见期限{due}已过）",
                $"Consultation overdue: request {n.TrackingNumber} — {n.Question} (was due {dueEn})"),
        };
    }
}

/// <summary>Endpoint plumbing for notice delivery: retries (an unreachable mail server included) then the error queue.</summary>
public sealed class ConsultationNoticeDeliveryDefinition : ConsumerDefinition<ConsultationNoticeDelivery>
{
    public ConsultationNoticeDeliveryDefinition() => EndpointName = "consultation-notices";

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<ConsultationNoticeDelivery> consumerConfigurator,
        IRegistrationContext context) =>
        endpointConfigurator.UseMessageRetry(r => r.Intervals(100, 500, 2000, 5000, 15000));
}
