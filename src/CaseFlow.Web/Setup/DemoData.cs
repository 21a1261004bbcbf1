using CaseFlow.Contracts;
using CaseFlow.Domain.Replies;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Security;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using NodaTime;

namespace CaseFlow.Web.Setup;

/// <summary><c>--demo</c> (setting <c>Demo=true</c>): a demo agency with a user of each role and requests in every
/// state, dated around today, sent through the real workflow so that everything shown is what the engine did.</summary>
public sealed class DemoData(IServiceProvider services, Database database, CalendarCatalog calendars, IClock clock, IConfiguration configuration) : IHostedService
{
    public const string AgencyCode = "demo";
    public const string DefaultPassword = "caseflow-demo";

    public static readonly (string UserName, string DisplayName, string Role, string Department)[] People =
    [
        ("zhang.wei", "张伟", Roles.Caseworker, "政务公开科"),
        ("liu.yang", "刘洋", Roles.Caseworker, "政务公开科"),
        ("li.na", "李娜", Roles.LegalAdviser, "法制科"),
        ("wang.fang", "王芳", Roles.Supervisor, "办公室"),
        ("demo.admin", "赵敏", Roles.Administrator, "信息中心"),
    ];

    private readonly Guid[] _ids = Enumerable.Range(0, 12).Select(_ => Guid.NewGuid()).ToArray();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.GetValue<bool>("Demo"))
            return;
        var password = configuration["Demo:Password"] is { Length: > 0 } p ? p : DefaultPassword;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            if (await Agencies.FindAsync(connection, AgencyCode) is not null)
                return;
            await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
            var now = clock.GetCurrentInstant();
            await Agencies.InsertAsync(connection, new Agency
            {
                Code = AgencyCode, Name = "示范县人民政府办公室", CalendarId = "cn", WarningLeadWorkingDays = 5, CreatedAt = now,
            }, transaction);
            await Agencies.InsertAsync(connection, new Agency
            {
                Code = "demo-gx", Name = "示范市司法局（广西）", CalendarId = "cn+gx", WarningLeadWorkingDays = 5, CreatedAt = now,
            }, transaction);
            foreach (var (userName, displayName, role, department) in People)
                await Users.InsertAsync(connection, new UserAccount
                {
                    Id = Guid.NewGuid().ToString(), UserName = userName, DisplayName = displayName, AgencyCode = AgencyCode, Role = role, Department = department,
                    PasswordHash = SignInService.HashPassword(password), CreatedAt = now,
                }, transaction);
            await transaction.CommitAsync(cancellationToken);
        }
        await using var scope = services.CreateAsyncScope();
        var commands = scope.ServiceProvider.GetRequiredService<RequestCommands>();
        foreach (var step in Script())
        {
            var result = await step(commands);
            if (!result.Accepted)
                throw new InvalidOperationException($"Demo data: a command was refused: {result.ReasonEn}");
        }
        // The correction notice, the fee notice and the replies are their letters (issue 12): issued, reviewed where the
        // agency's settings ask (replies signed off by the supervisor), and served.
        await DemoLetters.IssueAsync(scope.ServiceProvider, receipt: _ids[1], correctionNotice: _ids[4], feeNotice: _ids[7], replies: [_ids[8], _ids[10]]);
        await ImportLastYearsLedgerAsync();
        Console.WriteLine($"  演示数据 / Demo: 机关 demo，用户 {string.Join("、", People.Select(x => $"{x.UserName}（{x.DisplayName}）"))}，密码 {password}");
    }

    /// <summary>Last year's 台账, as an office brings it from its spreadsheet, imported through the real ledger import: the
    /// annual report page has a year to show. A few December requests were replied to in January (carried over, 结转).</summary>
    private async Task ImportLastYearsLedgerAsync()
    {
        var year = ChinaTime.Today(clock).Year - 1;
        var random = new Random(year);
        int[] types = [1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 4, 5, 6];
        Outcome[] outcomes =
        [
            Outcome.Disclosed, Outcome.Disclosed, Outcome.Disclosed, Outcome.Disclosed, Outcome.AlreadyPublic, Outcome.AlreadyPublic,
            Outcome.PartlyDisclosed, Outcome.PartlyDisclosed, Outcome.WithheldThirdPartyRights, Outcome.WithheldProcessInformation,
            Outcome.CannotProvideNotHeld, Outcome.CannotProvideNotHeld, Outcome.CannotProvideNotThisAgency, Outcome.NotProcessedRepeat,
            Outcome.OtherNotCorrected, Outcome.OtherHandling,
        ];
        string[] subjects = ["老旧小区改造资金使用明细", "征收补偿安置方案", "政府采购中标结果", "环境监测数据", "财政预决算", "行政处罚决定书", "规划许可批后公示材料"];
        var rows = new List<(int, IReadOnlyList<string?>)>();
        for (var n = 1; n <= 64; n++)
        {
            var received = new LocalDate(year, 1, 2).PlusDays(random.Next(0, 355));
            var closed = received.PlusDays(random.Next(2, 30));
            var outcome = outcomes[random.Next(outcomes.Length)];
            rows.Add((n + 1,
            [
                AgencyCode, $"{year}-L{n:D4}", types[random.Next(types.Length)].ToString(System.Globalization.CultureInfo.InvariantCulture), null,
                received.ToString("uuuu-MM-dd", null), closed.ToString("uuuu-MM-dd", null), ((int)outcome).ToString(System.Globalization.CultureInfo.InvariantCulture),
                People[random.Next(2)].UserName, $"申请公开{subjects[random.Next(subjects.Length)]}。",
            ]));
        }
        await Persistence.Reporting.Ledger.ImportAsync(database,
            new Persistence.Reporting.LedgerSheet(["agency_code", "tracking_number", "applicant_type", "applicant_name", "received_on", "closed_on", "outcome", "handler", "description"], rows),
            AgencyCode, clock);
    }

    private IEnumerable<Func<RequestCommands, Task<CommandResult>>> Script()
    {
        var statutory = calendars.ClockFor("cn");
        var today = ChinaTime.Today(clock);
        LocalDate Ago(int workingDays) => workingDays == 0 ? today : statutory.Before(today, workingDays).DueOn;
        const string actor = "zhang.wei";

        RegisterRequest Register(Guid id, string name, string type, string channel, string description, LocalDate? receivedOn, string handler, int n) => new()
        {
            RequestId = id, Actor = actor, AgencyCode = AgencyCode, ApplicantType = type, ApplicantName = name,
            ApplicantIdDocument = type == "NaturalPerson" ? $"居民身份证 450103198501{n:D2}123X" : $"统一社会信用代码 91450100MA5K{n:D6}",
            ApplicantPhone = $"1387710{n:D4}", ApplicantAddress = "示范县人民路1号", Channel = channel, Description = description,
            FormOfProvision = "Paper", ReceivedOn = receivedOn, Handler = handler,
            ReceiptEvidence = receivedOn is null ? null : channel == "InPerson" ? "当面提交，窗口签收" : "挂号信签收单",
        };

        var ids = _ids;
        yield return c => c.SendAsync(Register(ids[0], "陈静", "NaturalPerson", "Online",
            "申请公开2025年度本县城区老旧小区改造项目的资金使用明细。", null, "zhang.wei", 1));
        yield return c => c.SendAsync(Register(ids[1], "黄强", "NaturalPerson", "InPerson",
            "申请公开本人房屋所在地块（城东片区）的征收补偿安置方案。", today, "zhang.wei", 2));
        yield return c => c.SendAsync(Register(ids[2], "示范县宏达建材有限公司", "Business", "RegisteredPost",
            "申请公开2026年县政府采购项目（编号SFX2026-018）的中标结果及评标报告。", Ago(17), "liu.yang", 3));
        yield return c => c.SendAsync(Register(ids[3], "林晓", "NaturalPerson", "InPerson",
            "申请公开示范县2025年环境空气质量监测数据。", Ago(23), "liu.yang", 4));
        yield return c => c.SendAsync(Register(ids[4], "周磊", "NaturalPerson", "InPerson",
            "申请公开有关文件。", Ago(3), "zhang.wei", 5));
        yield return c => c.SendAsync(Register(ids[5], "示范县律师协会", "LegalServiceProvider", "RegisteredPost",
            "申请公开示范县农业科技有限公司2025年土地流转合同。", Ago(5), "zhang.wei", 6));
        yield return c => c.SendAsync(new StartConsultation
        {
            RequestId = ids[5], Actor = actor, ConsultationId = Guid.NewGuid(), Kind = ConsultationKind.ThirdParty,
            Participants = ["示范县农业科技有限公司"], Question = "该合同是否涉及贵公司商业秘密，是否同意公开？", SentOn = today,
            DocumentNumber = "示政办征〔2026〕12号",
        });
        yield return c => c.SendAsync(Register(ids[6], "吴敏", "NaturalPerson", "InPerson",
            "申请公开2019年至2025年本县各乡镇财政预决算明细。", Ago(15), "liu.yang", 7));
        yield return c => c.SendAsync(new RequestExtension
        {
            RequestId = ids[6], Actor = "liu.yang", RequestedOn = today, Days = 15, Reason = "所需信息跨越七个年度，需多个乡镇检索汇总。",
        });
        yield return c => c.SendAsync(Register(ids[7], "示范县环境科学研究所", "ResearchInstitution", "InPerson",
            "申请公开2020年至2025年全县各监测点位的水质原始监测记录（约1.2万页）。", Ago(6), "zhang.wei", 8));
        yield return c => c.SendAsync(Register(ids[8], "赵丽", "NaturalPerson", "InPerson",
            "申请公开示范县2026年义务教育阶段学校招生划片方案。", Ago(10), "zhang.wei", 9));
        yield return c => c.SendAsync(Register(ids[9], "孙涛", "NaturalPerson", "InPerson",
            "申请公开本县某信访事项的处理结果。", Ago(4), "liu.yang", 10));
        yield return c => c.SendAsync(new WithdrawRequest { RequestId = ids[9], Actor = "liu.yang", WithdrawnOn = today, Reason = "申请人书面撤回" });
        yield return c => c.SendAsync(Register(ids[10], "示范县公益环保协会", "NonProfit", "Online",
            "申请公开2025年县域内重点排污单位名录。", Ago(8), "zhang.wei", 11));
        yield return c => c.SendAsync(Register(ids[11], "马超", "NaturalPerson", "InPerson",
            "申请公开本县2025年城乡居民最低生活保障资金发放情况。", Ago(1), "liu.yang", 12));
        // An internal joint consultation (会商) inviting the demo legal adviser, open, with a due date a week ahead.
        yield return c => c.SendAsync(new StartConsultation
        {
            RequestId = ids[11], Actor = "liu.yang", ConsultationId = Guid.NewGuid(), Kind = ConsultationKind.Internal,
            Participants = ["li.na"], Question = "发放名册含有个人信息，是否应当区分处理后公开（第十五条、第三十七条）？", SentOn = today,
            DueOn = today.PlusDays(7),
        });
        // A burst of similar applications from several applicants: the supervisor's early warning (Art. 44, issue 7).
        foreach (var (name, text, n) in new[]
        {
            ("何平", "申请公开城东片区征收补偿安置方案及补偿标准。", 13),
            ("郭芳", "请公开城东片区的征收补偿安置方案和补偿标准", 14),
            ("罗军", "申请公开：城东片区征收补偿安置方案、补偿标准。", 15),
        })
            yield return c => c.SendAsync(Register(Guid.NewGuid(), name, "NaturalPerson", "Online", text, Ago(1), "zhang.wei", n));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
