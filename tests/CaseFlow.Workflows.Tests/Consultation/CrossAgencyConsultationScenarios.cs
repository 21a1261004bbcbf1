using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Tests;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Consultations;
using CaseFlow.Persistence.Notifications;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Workflows.Consultations;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Tests.DisclosureRequest;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CaseFlow.Workflows.Tests.Consultation;

/// <summary>Issue 17 item 2: consultation across the agencies of one installation (Art. 34). The county government office
/// (county-gov) consults the natural resources bureau (nature-res) of the same installation, which answers in its own
/// inbox; an internal joint consultation invites a colleague of that bureau by name. The request is received on Fri 27
/// Sep 2024; without consultations its reply is due Wed 30 Oct 2024 (National Day 1–7 Oct off, Sat 12 Oct worked).</summary>
public sealed class CrossAgencyConsultationScenarios
{
    private const string Bureau = "县自然资源局";

    private static async Task<(WorkflowHost Host, Guid RequestId)> StartAsync(LocalDate today)
    {
        var host = await WorkflowHost.StartAsync(27.September(2024));
        await using (var connection = await host.Services.GetRequiredService<Database>().OpenAsync())
        {
            var now = host.Clock.GetCurrentInstant();
            await Agencies.InsertAsync(connection, new Agency { Code = "county-gov", Name = "示范县人民政府办公室", CalendarId = "cn", WarningLeadWorkingDays = 5, CreatedAt = now });
            await Agencies.InsertAsync(connection, new Agency { Code = "nature-res", Name = Bureau, CalendarId = "cn", WarningLeadWorkingDays = 5, CreatedAt = now });
            foreach (var (name, agency, role, disabled) in new[]
                     {
                         ("zhang.wei", "county-gov", Roles.Caseworker, false), ("liu.bureau", "nature-res", Roles.Caseworker, false),
                         ("chen.legal", "nature-res", Roles.LegalAdviser, false), ("gone.user", "nature-res", Roles.Caseworker, true),
                         ("nr.admin", "nature-res", Roles.Administrator, false),
                     })
                await Users.InsertAsync(connection, new UserAccount
                {
                    Id = Guid.NewGuid().ToString(), UserName = name, DisplayName = name, AgencyCode = agency, Role = role, PasswordHash = "x",
                    Disabled = disabled, CreatedAt = now,
                });
        }
        var request = A.Request(received: 27.September(2024));
        Assert.True((await host.SendAsync(request)).Accepted);
        await host.AdvanceToAsync(today);
        return (host, request.RequestId);
    }

    private static StartConsultation ToTheBureau(Guid id, LocalDate sentOn) =>
        A.Consultation(id, ConsultationKind.OtherAgency, sentOn) with { Participants = [], AddressedAgencyCode = "nature-res" };

    private static async Task<IReadOnlyList<ConsultationRow>> InboxAsync(WorkflowHost host, string agency, string user)
    {
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
        return await ConsultationStore.AddressedToAsync(connection, agency, user);
    }

    [Fact]
    public async Task An_other_agency_consultation_to_an_agency_of_the_installation_is_answered_in_its_inbox()
    {
        var (host, id) = await StartAsync(8.October(2024));
        await using var _ = host;
        var consultation = ToTheBureau(id, 8.October(2024));

        var started = await host.SendAsync(consultation);

        Assert.True(started.Accepted, started.Reason);
        var c = await host.ConsultationAsync(consultation.ConsultationId);
        Assert.Equal([Bureau], c.Participants);
        Assert.Equal(("nature-res", Bureau), (c.AddressedAgencyCode, c.AddressedAgencyName));
        var request = await host.RequestAsync(id);
        Assert.Equal(("Consulting", true), (request.CurrentState, request.ClockStopped));
        // The bureau's caseworkers and legal advisers find it in their inbox; the asking agency's own users and another
        // agency's users do not (their inbox of addressed consultations is empty).
        Assert.Equal(consultation.ConsultationId.ToString(), Assert.Single(await InboxAsync(host, "nature-res", "liu.bureau")).Id);
        Assert.Single(await InboxAsync(host, "nature-res", "chen.legal"));
        Assert.Empty(await InboxAsync(host, "county-gov", "zhang.wei"));
        // Whoever answers for the bureau hears of the task in the bureau (not the disabled user, not its administrator).
        await using (var connection = await host.Services.GetRequiredService<Database>().OpenAsync())
        {
            var invitation = Assert.Single(await NotificationStore.ForUserAsync(connection, "liu.bureau", "nature-res"));
            Assert.Equal((NoticeKinds.Invitation, $"/Consultations/{consultation.ConsultationId}"), (invitation.Kind, invitation.Link));
            Assert.Single(await NotificationStore.ForUserAsync(connection, "chen.legal", "nature-res"));
            Assert.Empty(await NotificationStore.ForUserAsync(connection, "gone.user", "nature-res"));
            Assert.Empty(await NotificationStore.ForUserAsync(connection, "nr.admin", "nature-res"));
        }
        Assert.Equal(Bureau, c.ParticipantFor("nature-res", "liu.bureau"));
        Assert.Null(c.ParticipantFor("county-gov", "zhang.wei"));

        // Tue 15 Oct: the bureau's caseworker gives the written opinion in the app, as the bureau.
        await host.AdvanceToAsync(15.October(2024));
        var answered = await host.SendAsync(new RecordOpinion
        {
            RequestId = id, Actor = "liu.bureau", ConsultationId = consultation.ConsultationId, Participant = Bureau,
            Position = OpinionPosition.Conditional, Reasoning = "规划图中涉及军事设施的部分应当隐去", CitedArticles = "第十四条", ReceivedOn = 15.October(2024),
        });

        Assert.True(answered.Accepted, answered.Reason);
        c = await host.ConsultationAsync(consultation.ConsultationId);
        Assert.Equal(("Concluded", ConsultationEnd.AllOpinionsIn, 15.October(2024)), (c.CurrentState, c.End, c.EndedOn));
        var opinion = Assert.Single(c.Opinions);
        Assert.Equal((Bureau, "liu.bureau", false, OpinionPosition.Conditional), (opinion.Participant, opinion.EnteredBy, opinion.FromPaper, opinion.Position));
        var r = await host.RequestAsync(id);
        // Art. 33 ¶3: (8 Oct, 15 Oct] holds 6 working days (Sat 12 Oct worked): 30 Oct + 6 working days = Thu 7 Nov.
        Assert.Equal(("InProgress", false, 6, 7.November(2024)), (r.CurrentState, r.ClockStopped, r.PausedWorkingDays, r.ReplyDueOn));
        Assert.Equal("规划图中涉及军事设施的部分应当隐去", r.Consultations.Single().Opinions.Single().Reasoning);
    }

    [Fact]
    public async Task Silence_of_the_consulted_agency_of_the_installation_is_deemed_consent_and_the_clock_resumes()
    {
        var (host, id) = await StartAsync(8.October(2024));
        await using var _ = host;
        var consultation = ToTheBureau(id, 8.October(2024));
        Assert.True((await host.SendAsync(consultation)).Accepted);
        // Received Tue 8 Oct: 15 working days → Mon 28 Oct (Art. 34).
        Assert.Equal(28.October(2024), (await host.ConsultationAsync(consultation.ConsultationId)).WindowDueOn);

        await host.AdvanceToAsync(28.October(2024));
        Assert.Equal(("Consulting", true), ((await host.RequestAsync(id)).CurrentState, (await host.RequestAsync(id)).ClockStopped));
        await host.AdvanceToAsync(29.October(2024));

        var c = await host.ConsultationAsync(consultation.ConsultationId);
        Assert.Equal(("Concluded", ConsultationEnd.SilenceDeemedConsent, 28.October(2024)), (c.CurrentState, c.End, c.EndedOn));
        var r = await host.RequestAsync(id);
        // (8 Oct, 28 Oct] holds 15 working days: 30 Oct + 15 working days = Wed 20 Nov; the clock runs again.
        Assert.Equal(("InProgress", false, true, 15, 20.November(2024)), (r.CurrentState, r.ClockStopped, r.ClockRunning, r.PausedWorkingDays, r.ReplyDueOn));
        // The task stays in the bureau's inbox as ended; an opinion after the window is refused.
        Assert.NotNull(Assert.Single(await InboxAsync(host, "nature-res", "liu.bureau")).EndedOn);
        var late = await host.SendAsync(new RecordOpinion
        {
            RequestId = id, Actor = "liu.bureau", ConsultationId = consultation.ConsultationId, Participant = Bureau,
            Position = OpinionPosition.Disagree, Reasoning = "迟到的意见", ReceivedOn = 29.October(2024),
        });
        Assert.False(late.Accepted);
    }

    [Fact]
    public async Task An_internal_joint_consultation_invites_a_colleague_of_another_agency_by_name()
    {
        var (host, id) = await StartAsync(14.October(2024));
        await using var _ = host;
        var consultation = A.Consultation(id, ConsultationKind.Internal, 14.October(2024), 21.October(2024), "法制办") with { Colleagues = ["chen.legal"] };

        Assert.True((await host.SendAsync(consultation)).Accepted);

        var c = await host.ConsultationAsync(consultation.ConsultationId);
        Assert.Equal(["法制办", "chen.legal"], c.Participants);
        Assert.Equal(new InvitedColleague("chen.legal", "nature-res"), Assert.Single(c.Colleagues));
        Assert.Single(await InboxAsync(host, "nature-res", "chen.legal"));
        Assert.Empty(await InboxAsync(host, "nature-res", "liu.bureau"));
        // The invitation reaches the colleague in their own agency, linking to the consultation, never to the request.
        await using (var connection = await host.Services.GetRequiredService<Database>().OpenAsync())
        {
            var invitation = Assert.Single(await NotificationStore.ForUserAsync(connection, "chen.legal", "nature-res"));
            Assert.Equal((NoticeKinds.Invitation, $"/Consultations/{consultation.ConsultationId}"), (invitation.Kind, invitation.Link));
        }
        Assert.Equal("chen.legal", c.ParticipantFor("nature-res", "chen.legal"));
        Assert.Null(c.ParticipantFor("nature-res", "liu.bureau"));
        var answered = await host.SendAsync(new RecordOpinion
        {
            RequestId = id, Actor = "chen.legal", ConsultationId = consultation.ConsultationId, Participant = "chen.legal",
            Position = OpinionPosition.Agree, Reasoning = "无异议", ReceivedOn = 14.October(2024),
        });
        Assert.True(answered.Accepted, answered.Reason);
        // The joint consultation never stops the clock.
        Assert.Equal(("InProgress", 30.October(2024)), ((await host.RequestAsync(id)).CurrentState, (await host.RequestAsync(id)).ReplyDueOn));
    }

    [Fact]
    public async Task Addressees_outside_the_rules_are_refused_and_nothing_is_stored()
    {
        var (host, id) = await StartAsync(14.October(2024));
        await using var _ = host;

        var ownAgency = await host.SendAsync(ToTheBureau(id, 14.October(2024)) with { AddressedAgencyCode = "county-gov" });
        var noSuchAgency = await host.SendAsync(ToTheBureau(id, 14.October(2024)) with { AddressedAgencyCode = "nowhere" });
        var thirdParty = await host.SendAsync(ToTheBureau(id, 14.October(2024)) with { Kind = ConsultationKind.ThirdParty });
        var unknownColleague = await host.SendAsync(A.Consultation(id, ConsultationKind.Internal, 14.October(2024), 21.October(2024)) with { Colleagues = ["nobody"] });
        var ownColleague = await host.SendAsync(A.Consultation(id, ConsultationKind.Internal, 14.October(2024), 21.October(2024)) with { Colleagues = ["zhang.wei"] });
        var disabled = await host.SendAsync(A.Consultation(id, ConsultationKind.Internal, 14.October(2024), 21.October(2024)) with { Colleagues = ["gone.user"] });
        var administrator = await host.SendAsync(A.Consultation(id, ConsultationKind.Internal, 14.October(2024), 21.October(2024)) with { Colleagues = ["nr.admin"] });
        var colleagueOnPaper = await host.SendAsync(A.Consultation(id, ConsultationKind.OtherAgency, 14.October(2024)) with { Colleagues = ["chen.legal"] });

        Assert.All(new[] { ownAgency, noSuchAgency, thirdParty, unknownColleague, ownColleague, disabled, administrator, colleagueOnPaper },
            r => Assert.False(r.Accepted));
        Assert.Contains("本机关", ownAgency.Reason);
        Assert.Contains("本平台没有该机关", noSuchAgency.Reason);
        Assert.Contains("第三十四条", thirdParty.Reason);
        Assert.Contains("nobody", unknownColleague.Reason);
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT COUNT(*) FROM consultations"));
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT COUNT(*) FROM consultation_addressees"));
        Assert.Equal("InProgress", (await host.RequestAsync(id)).CurrentState);
    }
}
