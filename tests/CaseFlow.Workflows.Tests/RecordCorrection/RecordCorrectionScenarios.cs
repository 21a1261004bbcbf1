using CaseFlow.Domain.RecordCorrections;
using CaseFlow.Domain.Tests;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Correspondence;
using CaseFlow.Persistence.RecordCorrections;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Workflows.RecordCorrections;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CaseFlow.Workflows.Tests.RecordCorrection;

/// <summary>Issue 17 item 6 (Art. 41): a request to correct records about oneself, received Fri 27 Sep 2024 at the county
/// government office; its soft due date (Convention: 20 working days, Art. 33 ¶2 by analogy) is Wed 30 Oct 2024 (National
/// Day 1–7 Oct off, Sat 12 Oct worked). Each outcome is decided by its numbered letter, served, and closed.</summary>
public sealed class RecordCorrectionScenarios
{
    private static async Task<WorkflowHost> StartAsync()
    {
        var host = await WorkflowHost.StartAsync(27.September(2024));
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
        var now = host.Clock.GetCurrentInstant();
        await Agencies.InsertAsync(connection, new Agency { Code = "county-gov", Name = "示范县人民政府办公室", CalendarId = "cn", WarningLeadWorkingDays = 5, CreatedAt = now });
        await Agencies.InsertAsync(connection, new Agency { Code = "nature-res", Name = "县自然资源局", CalendarId = "cn", WarningLeadWorkingDays = 5, CreatedAt = now });
        return host;
    }

    private static RegisterRecordCorrection Application(Guid id) => new()
    {
        RequestId = id, Actor = "zhang.wei", AgencyCode = "county-gov", ApplicantName = "王小明", ApplicantIdDocument = "居民身份证 110105194912310021",
        ApplicantContact = "13800138000", Record = "2024年低保公示名单中本人的家庭人口数记为5人", Evidence = "户口簿复印件，家庭人口为3人", ReceivedOn = 27.September(2024),
    };

    private static DecideRecordCorrection Decision(Guid id, RecordCorrectionOutcome outcome, LocalDate on) => new()
    {
        RequestId = id, Actor = "zhang.wei", Outcome = outcome, DecidedOn = on, LetterTitle = "更正申请答复书",
        LetterContent = $"# 更正申请答复书\n## {Letters.NumberPlaceholder}\n< 王小明：\n正文\n> 示范县人民政府办公室（印章）\n",
        LetterFacts = "{}",
        Change = outcome == RecordCorrectionOutcome.Corrected ? "家庭人口数由5人更正为3人" : null,
        CompetentAgencyCode = outcome == RecordCorrectionOutcome.Referred ? "nature-res" : null,
        Reasons = outcome == RecordCorrectionOutcome.Refused ? "所附证据不能证明记录不准确" : null,
    };

    private static RecordCorrectionLetterServed Service(Guid id, LocalDate on) => new()
    {
        RequestId = id, Actor = "zhang.wei", ServedOn = on, Method = "Post", Evidence = "EMS 1234567890",
    };

    private static async Task<(RecordCorrectionRow Row, RecordCorrectionState State)> ReadAsync(WorkflowHost host, Guid id)
    {
        await using var connection = await host.Services.GetRequiredService<Database>().OpenAsync();
        var row = (await RecordCorrectionStore.ForAgencyAsync(connection, "county-gov")).Single(r => r.Id == id.ToString());
        return (row, RecordCorrectionJson.FromRow(row));
    }

    [Theory]
    [InlineData(RecordCorrectionOutcome.Corrected, "家庭人口数由5人更正为3人", null, null)]
    [InlineData(RecordCorrectionOutcome.Referred, null, "县自然资源局", null)]
    [InlineData(RecordCorrectionOutcome.Refused, null, null, "所附证据不能证明记录不准确")]
    public async Task Each_outcome_is_decided_by_its_numbered_letter_and_closed_when_the_letter_is_served(RecordCorrectionOutcome outcome,
        string? change, string? competentAgency, string? reasons)
    {
        await using var host = await StartAsync();
        var id = Guid.NewGuid();

        var registered = await host.SendAsync(Application(id));
        Assert.True(registered.Accepted, registered.Reason);
        var (row, state) = await ReadAsync(host, id);
        Assert.Equal(("Registered", 30.October(2024), 27.September(2024)), (row.State, row.DueOn, row.ReceivedOn));
        Assert.False(state.DueProvisional);

        await host.AdvanceToAsync(14.October(2024));
        var decided = await host.SendAsync(Decision(id, outcome, 14.October(2024)));
        Assert.True(decided.Accepted, decided.Reason);
        Assert.Equal("〔2024〕更答第1号", decided.DocumentNumber);
        (row, state) = await ReadAsync(host, id);
        Assert.Equal(("AwaitingService", (int)outcome), (row.State, row.Outcome!.Value));
        Assert.Equal((change, competentAgency, reasons), (state.Change, state.CompetentAgencyName, state.Reasons));
        await using (var connection = await host.Services.GetRequiredService<Database>().OpenAsync())
        {
            var letter = Assert.Single(await Letters.ForRequestAsync(connection, id));
            Assert.Equal((Domain.Correspondence.LetterType.RecordCorrectionReply, "〔2024〕更答第1号", "王小明"), (letter.Type, letter.DocumentNumber, letter.Addressee));
            Assert.Contains("〔2024〕更答第1号", letter.Content);
            Assert.Equal(letter.Id, decided.LetterId);
        }

        await host.AdvanceToAsync(16.October(2024));
        var served = await host.SendAsync(Service(id, 16.October(2024)));
        Assert.True(served.Accepted, served.Reason);
        (row, state) = await ReadAsync(host, id);
        Assert.Equal(("Closed", 16.October(2024)), (row.State, row.ServedOn));
        await using (var connection = await host.Services.GetRequiredService<Database>().OpenAsync())
            Assert.Equal(("Post", 16.October(2024)), (Assert.Single(await Letters.ServicesForRequestAsync(connection, id)).Method,
                (await Letters.ServicesForRequestAsync(connection, id))[0].ServedOn));
        // The correction request's own audit trail: registered, decided (with the letter's number), served.
        var audit = await host.AuditAsync(id);
        Assert.Equal(["RegisterRecordCorrection", "DecideRecordCorrection", "RecordCorrectionLetterServed"], audit.Select(a => a.Activity));
        Assert.Contains("〔2024〕更答第1号", audit[1].Changes);
        // Not a disclosure request: nothing in requests, so never in table 三.
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT COUNT(*) FROM requests"));
    }

    [Fact]
    public async Task A_referral_names_an_agency_of_the_installation_or_one_typed_outside_it_but_never_an_unknown_code_or_itself()
    {
        await using var host = await StartAsync();
        var id = Guid.NewGuid();
        Assert.True((await host.SendAsync(Application(id))).Accepted);
        var referral = Decision(id, RecordCorrectionOutcome.Referred, 27.September(2024));

        var unknown = await host.SendAsync(referral with { CompetentAgencyCode = "nowhere" });
        var itself = await host.SendAsync(referral with { CompetentAgencyCode = "county-gov" });
        var nobody = await host.SendAsync(referral with { CompetentAgencyCode = null });
        Assert.False(unknown.Accepted);
        Assert.StartsWith("competentAgency", unknown.Reason);
        Assert.False(itself.Accepted);
        Assert.StartsWith("competentAgency", nobody.Reason);
        Assert.Equal("Registered", (await ReadAsync(host, id)).Row.State);
        await using (var connection = await host.Services.GetRequiredService<Database>().OpenAsync())
            Assert.Empty(await Letters.ForRequestAsync(connection, id));

        var typed = await host.SendAsync(referral with { CompetentAgencyCode = null, CompetentAgencyName = "市公安局（联系电话 0771-1234567）" });
        Assert.True(typed.Accepted, typed.Reason);
        var state = (await ReadAsync(host, id)).State;
        Assert.Equal((null, "市公安局（联系电话 0771-1234567）"), (state.CompetentAgencyCode, state.CompetentAgencyName));
    }

    [Fact]
    public async Task Acts_out_of_order_and_bad_input_are_refused_and_change_nothing()
    {
        await using var host = await StartAsync();
        var id = Guid.NewGuid();

        var served = await host.SendAsync(Service(id, 27.September(2024)));
        Assert.Equal((false, "没有这件更正申请。"), (served.Accepted, served.Reason));
        var noEvidence = await host.SendAsync(Application(id) with { Evidence = " " });
        Assert.False(noEvidence.Accepted);
        Assert.StartsWith("evidence", noEvidence.Reason);
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT COUNT(*) FROM record_corrections"));

        Assert.True((await host.SendAsync(Application(id))).Accepted);
        var tooEarly = await host.SendAsync(Service(id, 27.September(2024)));
        Assert.Equal((false, "该更正申请尚未作出处理决定。"), (tooEarly.Accepted, tooEarly.Reason));
        var noChange = await host.SendAsync(Decision(id, RecordCorrectionOutcome.Corrected, 27.September(2024)) with { Change = "" });
        Assert.StartsWith("change", noChange.Reason);
        Assert.Single(await host.AuditAsync(id));
    }
}
