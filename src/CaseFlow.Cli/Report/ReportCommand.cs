using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Reporting;
using CaseFlow.Domain.Requests;
using CaseFlow.Persistence.Reporting;
using NodaTime;

namespace CaseFlow.Cli.Report;

/// <summary><c>caseflow report annual</c> and <c>caseflow report lock</c>: tables 三 and 四 of the annual report
/// (Art. 49–50, 国办公开办函〔2021〕30号; issue 7, the interface is fixed).</summary>
public static class ReportCommand
{
    public static Command Create(CliConsole console, IClock clock)
    {
        var annual = new Command("annual", "年度报告表三、表四 / tables 三 and 四 of the annual report");
        var year = new Option<string?>("--year") { Description = "the calendar year, e.g. 2024" };
        var agency = new Option<string?>("--agency") { Description = "机关代码 / agency code (default: all agencies)" };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var format = new Option<string?>("--format") { Description = "国家格式 / the national layout: 2021 (default; 三(六) in three rows) or 2019 (one 三(六) row, the 2019 and 2020 reports)" };
        var xlsx = new Option<string?>("--xlsx") { Description = "also write tables 三 and 四 in the national layout to this .xlsx file" };
        var docx = new Option<string?>("--docx") { Description = "also write the draft annual report document (一 to 六) to this .docx file (needs --agency)" };
        var database = new CliDatabase();
        annual.Options.Add(year);
        annual.Options.Add(agency);
        annual.Options.Add(json);
        annual.Options.Add(format);
        annual.Options.Add(xlsx);
        annual.Options.Add(docx);
        database.AddTo(annual);
        annual.SetAction(async (parse, _) =>
        {
            const string name = "report annual";
            var y = Year(parse.GetValue(year), name, clock);
            var a = Agency(parse.GetValue(agency), name, required: false);
            var layout = NationalLayout.ParseFormat(parse.GetValue(format))
                         ?? throw new CliInputException(name, $"--format: '{parse.GetValue(format)}' 须为 2021 或 2019 / must be 2021 or 2019");
            var xlsxFile = OutputFile(parse.GetValue(xlsx), "--xlsx", ".xlsx", name);
            var docxFile = OutputFile(parse.GetValue(docx), "--docx", ".docx", name);
            if (docxFile is not null && a is null)
                throw new CliInputException(name, "--agency: 生成年度报告文稿须指定机关 / is required with --docx (the report is an agency's)");
            var db = await database.OpenAsync(parse, name, clock);
            var served = await ReportStore.ServeAsync(db, y, a);
            string? agencyName = null;
            if (a is not null)
            {
                await using var connection = await db.OpenAsync();
                agencyName = (await Persistence.Workplace.Agencies.FindAsync(connection, a))?.Name;
            }
            if (parse.GetValue(json))
                console.Out.WriteLine(JsonSerializer.Serialize(AnnualReportJson.From(served, a), ReportStore.Json));
            else
                AnnualReportText.Write(console.Out, served, a, agencyName, layout);
            var heading = AnnualReportXlsx.Heading(a is null ? null : agencyName ?? a, y);
            if (xlsxFile is not null)
            {
                await using (var file = File.Create(xlsxFile))
                    AnnualReportXlsx.Write(file, served.Served, layout, heading);
                if (!parse.GetValue(json))
                    console.Out.WriteLine($"表三、表四已写入 / tables written to {xlsxFile}");
            }
            if (docxFile is not null)
            {
                var fees = await FeeFigures.ForYearAsync(db, y, a);
                await using (var file = File.Create(docxFile))
                    AnnualReportDocx.Write(file, served.Served, layout, agencyName ?? a!, fees);
                if (!parse.GetValue(json))
                    console.Out.WriteLine($"年度报告文稿已写入 / draft report written to {docxFile}");
            }
            return 0;
        });

        var lockCommand = new Command("lock", "锁定已公布年度 / lock a published year: it is served from its snapshot from now on");
        var lockYear = new Option<string?>("--year") { Description = "the calendar year" };
        var lockAgency = new Option<string?>("--agency") { Description = "机关代码 / agency code (required)" };
        var lockDatabase = new CliDatabase();
        lockCommand.Options.Add(lockYear);
        lockCommand.Options.Add(lockAgency);
        lockDatabase.AddTo(lockCommand);
        lockCommand.SetAction(async (parse, _) =>
        {
            const string name = "report lock";
            var y = Year(parse.GetValue(lockYear), name, clock);
            var a = Agency(parse.GetValue(lockAgency), name, required: true)!;
            var db = await lockDatabase.OpenAsync(parse, name, clock);
            var (locked, refusal, broken) = await ReportStore.LockAsync(db, a, y, Environment.UserName, clock);
            switch (refusal)
            {
                case LockRefusal.AlreadyLocked:
                    throw new CliInputException(name, $"--year: {y}年度（{a}）已于 {locked!.LockedAt} 由 {locked.LockedBy} 锁定 / {y} of {a} is already locked (by {locked.LockedBy} at {locked.LockedAt})");
                case LockRefusal.BreaksTheFormat:
                    throw new CliInputException(name, $"--year: {y}年度（{a}）不符合算术规则，未锁定 / {y} of {a} breaks the format and is not locked: {string.Join("; ", broken)}");
                case LockRefusal.PreviousYearOpen:
                    throw new CliInputException(name, $"--year: {y - 1}年度尚未锁定，年度须依次锁定 / {y - 1} of {a} is not locked yet: years lock in order");
                case LockRefusal.BeforeBooks:
                    throw new CliInputException(name, $"--year: {a} 的台账自期初结转年度起 / {y} is before the opening balance of {a}: its books start later");
            }
            console.Out.WriteLine($"{a} {y}: 已锁定 / locked at {locked!.LockedAt} by {locked.LockedBy}; 一 {locked.Snapshot.Applications.NewlyReceived.Total}, " +
                                  $"三(七) {locked.Snapshot.Applications.OutcomeTotal.Total}, 四 {locked.Snapshot.Applications.CarriedForward.Total}");
            return 0;
        });

        var unlock = new Command("unlock", "解锁已锁定年度 / reopen a locked year to correct it (audited; the next year must not be locked)");
        var unlockYear = new Option<string?>("--year") { Description = "the calendar year" };
        var unlockAgency = new Option<string?>("--agency") { Description = "机关代码 / agency code (required)" };
        var unlockReason = new Option<string?>("--reason") { Description = "why the published report is reopened (required, kept in the audit trail)" };
        var unlockDatabase = new CliDatabase();
        unlock.Options.Add(unlockYear);
        unlock.Options.Add(unlockAgency);
        unlock.Options.Add(unlockReason);
        unlockDatabase.AddTo(unlock);
        unlock.SetAction(async (parse, _) =>
        {
            const string name = "report unlock";
            var y = Year(parse.GetValue(unlockYear), name, clock);
            var a = Agency(parse.GetValue(unlockAgency), name, required: true)!;
            var reason = parse.GetValue(unlockReason);
            if (string.IsNullOrWhiteSpace(reason))
                throw new CliInputException(name, "--reason: 必填 / is required (kept in the audit trail)");
            if (reason.Length > 500)
                throw new CliInputException(name, "--reason: 超过500个字符 / is longer than 500 characters");
            var db = await unlockDatabase.OpenAsync(parse, name, clock);
            try
            {
                var was = await ReportStore.UnlockAsync(db, a, y, reason.Trim(), Environment.UserName, clock);
                console.Out.WriteLine($"{a} {y}: 已解锁 / unlocked (was locked at {was.LockedAt} by {was.LockedBy})");
                return 0;
            }
            catch (BatchRefusedException e)
            {
                throw new CliInputException(name, $"--year: {e.Message}");
            }
        });

        var opening = new Command("opening-balance", "期初结转 / start an agency's books in a year from the carried-over count per applicant column (the previous year's published 四)");
        var openingYear = new Option<string?>("--year") { Description = "the agency's first year in CaseFlow" };
        var openingAgency = new Option<string?>("--agency") { Description = "机关代码 / agency code (required)" };
        var openingCounts = new Option<string?>("--carried-over") { Description = "six counts in the national column order 自然人,商业企业,科研机构,社会公益组织,法律服务机构,其他 (e.g. 120,3,0,1,2,0)" };
        var openingDatabase = new CliDatabase();
        opening.Options.Add(openingYear);
        opening.Options.Add(openingAgency);
        opening.Options.Add(openingCounts);
        openingDatabase.AddTo(opening);
        opening.SetAction(async (parse, _) =>
        {
            const string name = "report opening-balance";
            var y = Year(parse.GetValue(openingYear), name, clock);
            var a = Agency(parse.GetValue(openingAgency), name, required: true)!;
            var text = parse.GetValue(openingCounts);
            if (string.IsNullOrWhiteSpace(text))
                throw new CliInputException(name, "--carried-over: 必填，六个数 / is required: six counts 自然人,商业企业,科研机构,社会公益组织,法律服务机构,其他");
            var parts = text.Split(',', '，').Select(p => p.Trim()).ToList();
            var counts = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 10_000_000 ? n : -1).ToList();
            if (parts.Count != 6 || counts.Any(n => n < 0))
                throw new CliInputException(name, $"--carried-over: '{text}' 须为六个非负整数 / must be six whole numbers ≥ 0 in the order 自然人,商业企业,科研机构,社会公益组织,法律服务机构,其他");
            var db = await openingDatabase.OpenAsync(parse, name, clock);
            if (!await AgencyExistsAsync(db, a))
                throw new CliInputException(name, $"--agency: 机关 '{a}' 未登记 / agency '{a}' is not registered");
            try
            {
                var balance = await ReportStore.SetOpeningBalanceAsync(db, a, y, ColumnCounts.Of(counts), Environment.UserName, clock);
                console.Out.WriteLine($"{a}: 台账自{y}年起，上年结转 {balance.CarriedOver.Total} / books start in {y} with {balance.CarriedOver.Total} carried over");
                return 0;
            }
            catch (BatchRefusedException e)
            {
                throw new CliInputException(name, $"--agency: {e.Message}");
            }
        });

        return new Command("report", "政府信息公开工作年度报告 / the annual report (Art. 49–50)") { annual, lockCommand, unlock, opening, CliText.EnglishOption() };
    }

    /// <summary>A file to write: the extension it must have and a folder that exists.</summary>
    internal static string? OutputFile(string? path, string flag, string extension, string command)
    {
        if (path is null)
            return null;
        if (string.IsNullOrWhiteSpace(path) || !path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            throw new CliInputException(command, $"{flag}: '{path}' 须以 {extension} 结尾 / must end in {extension}");
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory && !Directory.Exists(directory))
            throw new CliInputException(command, $"{flag}: 文件夹 '{directory}' 不存在 / the folder '{directory}' does not exist");
        return path;
    }

    internal static async Task<bool> AgencyExistsAsync(Persistence.Database database, string agency)
    {
        await using var connection = await database.OpenAsync();
        return await Persistence.Workplace.Agencies.FindAsync(connection, agency) is not null;
    }

    /// <summary>A report year: from 2008 (the first Regulations took effect on 1 May 2008) to the current year.</summary>
    public static int Year(string? text, string command, IClock clock)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new CliInputException(command, "--year: 必填 / is required (e.g. 2024)");
        var current = clock.GetCurrentInstant().InZone(DateTimeZoneProviders.Tzdb["Asia/Shanghai"]).Year;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
            throw new CliInputException(command, $"--year: '{text}' 不是年份 / is not a year");
        if (year < 2008 || year > current)
            throw new CliInputException(command, $"--year: {year} 不在2008至{current}之间 / is outside 2008–{current}");
        return year;
    }

    public static string? Agency(string? text, string command, bool required)
    {
        if (text is null && !required)
            return null;
        if (string.IsNullOrWhiteSpace(text))
            throw new CliInputException(command, "--agency: 必填（机关代码） / is required (the agency code)");
        if (text.Length > 64)
            throw new CliInputException(command, "--agency: 超过64个字符 / is longer than 64 characters");
        return text;
    }
}

/// <summary>The JSON of <c>caseflow report annual --json</c> (README "caseflow report annual"); fields may be added,
/// never renamed.</summary>
public sealed record AnnualReportJson(
    int Year,
    string? Agency,
    ApplicationsTable Applications,
    ChallengesTable Challenges,
    IReadOnlyList<ReportRuleBroken> Check,
    AnnualReportJson.LockJson? Locked,
    bool DiffersFromCurrentData,
    AnnualReportJson.CurrentJson? Current)
{
    public sealed record LockJson(Instant LockedAt, string LockedBy);

    public sealed record CurrentJson(ApplicationsTable Applications, ChallengesTable Challenges);

    public static AnnualReportJson From(ServedReport served, string? agency) => new(
        served.Served.Year, agency, served.Served.Applications, served.Served.Challenges, served.Broken,
        served.Lock is { } l ? new LockJson(l.LockedAt, l.LockedBy) : null,
        served.DiffersFromCurrentData,
        served.DiffersFromCurrentData ? new CurrentJson(served.Current.Applications, served.Current.Challenges) : null);
}

/// <summary>Tables 三 and 四 as text, in the rows and columns of the national format: each row with its national name,
/// the 法人或其他组织 group header, columns aligned by display width (a CJK character is two columns), the agency by name.</summary>
public static class AnnualReportText
{
    public static void Write(TextWriter output, ServedReport served, string? agency, string? agencyName = null, ReportFormat format = ReportFormat.Format2021)
    {
        var report = served.Served;
        var who = agency is null ? "全部机关 / all agencies" : agencyName is null ? agency : $"{agencyName}（{agency}）";
        output.WriteLine($"{report.Year}年度 政府信息公开工作年度报告 — {who}");
        if (served.Lock is { } l)
            output.WriteLine($"已锁定 / locked at {l.LockedAt} by {l.LockedBy}");
        if (served.DiffersFromCurrentData)
            output.WriteLine("注意 / warning: 当前数据与锁定的报告不一致 / the data now count differently from the locked report (shown)");
        output.WriteLine();
        output.WriteLine("三、收到和处理政府信息公开申请情况");
        var a = report.Applications;
        // The printed rows of the layout (NationalLayout), each named: 一/二/四 by their title, an outcome row by its code and
        // the outcome's name, 三(七) 总计, and in the 2019 layout the single 三(六) 其他处理.
        var lines = NationalLayout.Table3(report, format).Where(l => !l.IsHeading).Select(l => (Label: l switch
        {
            { Row: { } row } => $"{l.Label} {Outcomes.All.First(x => x.Row() == row).ChineseName()}",
            { Label: "一" or "二" or "四" } => l.Title,
            { Label: "三(七)" } => "三(七) 总计",
            _ => $"{l.Label} 其他处理",
        }, Counts: l.Counts!)).ToList();
        var labelWidth = lines.Max(x => Width(x.Label)) + 2;
        const int cell = 14;
        var columns = ApplicantTypes.ReportColumns.Select(c => c.ChineseName()).Append("总计").ToList();
        output.WriteLine(Pad("", labelWidth) + Pad("", cell) + Pad("法人或其他组织", cell * 5));
        output.WriteLine(Pad("", labelWidth) + string.Concat(columns.Select(h => Pad(h, cell))).TrimEnd());
        var groupStarted = false;
        foreach (var (label, counts) in lines)
        {
            if (!groupStarted && label.StartsWith("三(", StringComparison.Ordinal))
            {
                output.WriteLine("三、本年度办理结果");
                groupStarted = true;
            }
            output.WriteLine(Pad(label, labelWidth) + string.Concat(ApplicantTypes.ReportColumns.Select(t => counts[t]).Append(counts.Total)
                .Select(n => Pad(n.ToString(CultureInfo.InvariantCulture), cell))).TrimEnd());
        }
        output.WriteLine();
        output.WriteLine("四、政府信息公开行政复议、行政诉讼情况");
        var blocks = new[]
        {
            ("行政复议", report.Challenges.Reconsideration),
            ("行政诉讼 未经复议直接起诉", report.Challenges.LitigationWithoutReconsideration),
            ("行政诉讼 复议后起诉", report.Challenges.LitigationAfterReconsideration),
        };
        var blockWidth = blocks.Max(b => Width(b.Item1)) + 2;
        output.WriteLine(Pad("", blockWidth) + string.Concat(new[] { "结果维持", "结果纠正", "其他结果", "尚未审结", "总计" }.Select(h => Pad(h, cell))).TrimEnd());
        foreach (var (label, c) in blocks)
            output.WriteLine(Pad(label, blockWidth) + string.Concat(new[] { c.Upheld, c.Corrected, c.Other, c.Pending, c.Total }
                .Select(n => Pad(n.ToString(CultureInfo.InvariantCulture), cell))).TrimEnd());
        output.WriteLine();
        output.WriteLine(served.Broken.Count == 0
            ? "核对 / check: 符合全部算术规则 / every arithmetic rule of the format holds"
            : "核对 / check: " + string.Join("; ", served.Broken));
    }

    /// <summary>Display width in a terminal: East Asian wide and full-width characters take two columns.</summary>
    public static int Width(string text) => text.Sum(c => c is >= '\u1100' and <= '\u115F' or >= '\u2E80' and <= '\uA4CF' or >= '\uAC00' and <= '\uD7A3'
        or >= '\uF900' and <= '\uFAFF' or >= '\uFE30' and <= '\uFE4F' or >= '\uFF00' and <= '\uFF60' or >= '\uFFE0' and <= '\uFFE6' ? 2 : 1);

    private static string Pad(string text, int width) => text + new string(' ', Math.Max(1, width - Width(text)));
}
