using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CaseFlow.Domain.Correspondence;
using CaseFlow.Domain.Deadlines;
using CaseFlow.Domain.Replies;
using CaseFlow.Persistence;
using CaseFlow.Persistence.Correspondence;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Consultations;
using CaseFlow.Web.Infrastructure;
using CaseFlow.Web.Requests;
using CaseFlow.Workflows.DisclosureRequest;
using NodaTime;
using NodaTime.Text;

namespace CaseFlow.Web.Correspondence;

/// <summary>案卷 (Art. 45 归档): a closed request's complete record as one zip, for reconsideration and court.</summary>
/// <remarks>Contents: <c>application.html</c> (the application as registered), <c>letters/</c> (every letter as issued,
/// .docx and .html, made from the frozen content), <c>opinions.html</c> (consultations and opinions),
/// <c>audit-trail.html</c> (every change, with the clock and its explanation), <c>attachments/</c> (the files kept with
/// the request) and <c>manifest.json</c> listing every file with its SHA-256. Personal data is whole: the file is for the
/// reviewing body and the court.</remarks>
public sealed class CaseFile(Database database, IClock clock)
{
    public async Task<byte[]> ExportAsync(RequestView view, string exportedBy)
    {
        await using var connection = await database.OpenAsync();
        var letters = await Letters.ForRequestAsync(connection, view.State.CorrelationId);
        var services = await Letters.ServicesForRequestAsync(connection, view.State.CorrelationId);
        var agency = await Agencies.FindAsync(connection, view.Row.AgencyCode);
        var files = new List<object>();
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string path, byte[] content, string kind, object? about = null)
            {
                var entry = archive.CreateEntry(path, CompressionLevel.Optimal);
                entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using (var stream = entry.Open())
                    stream.Write(content);
                files.Add(new { path, kind, sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), bytes = content.Length, about });
            }

            Add("application.html", Html("政府信息公开申请", Application(view.State)), "application");
            var index = 0;
            foreach (var letter in letters)
            {
                index++;
                var stem = $"letters/{index:D2}-{letter.Type.Slug()}-{letter.Year}-{letter.Sequence}";
                var about = new
                {
                    letterId = letter.Id, documentNumber = letter.DocumentNumber, type = letter.Type.Slug(), outcome = letter.Outcome,
                    issuedAt = InstantPattern.ExtendedIso.Format(letter.IssuedAt), issuedBy = letter.IssuedBy, contentSha256 = letter.Sha256,
                    replacesLetterId = letter.ReplacesLetterId,
                    services = services.Where(s => s.LetterId == letter.Id).Select(s => new { s.Method, servedOn = s.ServedOn.ToString("uuuu-MM-dd", null), s.Evidence }).ToList(),
                };
                Add($"{stem}.docx", LetterDocx.Write(letter.Content), "letter", about);
                Add($"{stem}.html", Encoding.UTF8.GetBytes(LetterHtml.Page(letter.Content, $"{letter.DocumentNumber} · SHA-256 {letter.Sha256}")), "letter", about);
            }
            Add("opinions.html", Html("征求意见及意见", Opinions(view.State)), "opinions");
            Add("audit-trail.html", Html("办理过程记录（审计轨迹）及期限说明", AuditAndClock(view)), "audit-trail");
            foreach (var attachment in view.Attachments)
            {
                var content = await Attachments.ContentAsync(connection, attachment.Id);
                Add($"attachments/{attachment.Id[..8]}-{EntryName(attachment.FileName)}", content!, "attachment",
                    new { attachment.Kind, attachment.FileName, attachment.Sha256 });
            }
            var manifest = new
            {
                requestId = view.Row.Id, trackingNumber = view.State.TrackingNumber, agency = new { code = view.Row.AgencyCode, name = agency?.Name },
                state = view.State.CurrentState, outcome = view.State.Outcome is { } o ? (int?)o : null,
                closedOn = view.State.ClosedOn?.ToString("uuuu-MM-dd", null), exportedAt = InstantPattern.ExtendedIso.Format(clock.GetCurrentInstant()),
                exportedBy, letters = letters.Count, files,
            };
            var entry = archive.CreateEntry("manifest.json");
            using var stream = entry.Open();
            JsonSerializer.Serialize(stream, manifest, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }
        return zip.ToArray();
    }

    /// <summary>An uploaded file's name as one safe zip entry name: only its last segment after either kind of slash
    /// (<c>..\..\x.exe</c> → <c>x.exe</c>), without control characters, characters Windows refuses (<c>:*?"&lt;&gt;|</c>)
    /// or leading dots, at most 100 characters; <c>file</c> when nothing is left.</summary>
    public static string EntryName(string fileName)
    {
        var last = fileName.Split('/', '\\')[^1];
        var kept = new string(last.Where(c => !char.IsControl(c) && c is not (':' or '*' or '?' or '"' or '<' or '>' or '|')).ToArray()).Trim().TrimStart('.').Trim();
        if (kept.Length > 100)
            kept = kept[^100..];
        return kept.Length == 0 ? "file" : kept;
    }

    private static byte[] Html(string title, string body) => Encoding.UTF8.GetBytes(
        $"<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{E(title)}</title><style>body{{font-family:\"Noto Serif CJK SC\",SimSun,serif;margin:2em}}table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:4px 8px;text-align:left;vertical-align:top}}</style></head><body><h1>{E(title)}</h1>{body}</body></html>");

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>The case file is in Chinese whatever the exporter reads.</summary>
    private static Lang Zh => Lang.Chinese;

    private static string D(LocalDate? date) => date is { } d ? ChineseDates.Format(d) : "—";

    private static string Row(string label, string? value) => $"<tr><th>{E(label)}</th><td>{E(value)}</td></tr>";

    private static string Application(DisclosureRequestState s) =>
        "<table>" + Row("申请编号", s.TrackingNumber) + Row("申请人", s.Applicant.Name) + Row("申请人类型", Zh.ApplicantType(s.Applicant.Type))
        + Row("身份证明", s.Applicant.IdDocument) + Row("联系电话", s.Applicant.Phone) + Row("电子邮箱", s.Applicant.Email) + Row("通信地址", s.Applicant.Address)
        + Row("申请渠道", Zh.Channel(s.Channel)) + Row("申请公开的政府信息", s.Description) + Row("提供形式", s.FormOfProvision is { } form ? Zh.FormOfProvision(form) : null) + Row("用途", s.Purpose)
        + Row("收到申请之日", D(s.ReceivedOn)) + Row("收到申请的凭证", s.ReceiptEvidence) + Row("补正告知", s.CorrectionNotice is { } n ? $"{D(n.IssuedOn)}：{string.Join("；", n.Items)}（补正期限 {D(n.PeriodEndsOn)}）" : "—")
        + Row("收到补正的申请之日", D(s.CorrectedOn)) + Row("延期", s.Extension is { } x ? $"{x.RequestedDays} 个工作日，{x.Reason}，{(x.Approved == true ? $"已批准 {x.ApprovedDays} 个工作日（{x.DecidedBy}，{D(x.DecidedOn)}）" : "未批准")}" : "—")
        + Row("信息处理费", s.Fee is { } f ? $"{f.Amount} 元，{f.Basis}，送达 {D(f.ServedOn)}，缴费 {D(f.PaidOn)}" : "—")
        + Row("答复", s.Reply is { } r ? $"{r.Outcome.ChineseName()}（{(int)r.Outcome}），送达 {D(r.ServedOn)}，理由：{r.Reasons}，依据：{r.LegalBasis}" : "—")
        + Row("办结日期", D(s.ClosedOn)) + Row("答复期限届满日", D(s.ReplyDueOn)) + "</table>";

    private static string Opinions(DisclosureRequestState s)
    {
        if (s.Consultations.Count == 0)
            return "<p>本申请未征求意见。</p>";
        var html = new StringBuilder();
        foreach (var c in s.Consultations)
        {
            html.Append($"<h2>{E(Zh.Kind(c.Kind))}：{E(c.Question)}</h2><table>")
                .Append(Row("征求对象", string.Join("、", c.Participants))).Append(Row("发出日期", D(c.SentOn)))
                .Append(Row("对方收到日期", D(c.LetterReceivedOn))).Append(Row("文号", c.DocumentNumber)).Append(Row("意见期限", D(c.WindowDueOn)))
                .Append(Row("结束", c.EndedOn is null ? "—" : $"{D(c.EndedOn)} {(c.End is { } end ? Zh.End(end) : "")}")).Append("</table><ol>");
            foreach (var o in c.Opinions)
                html.Append($"<li>{E(o.Participant)}（{D(o.ReceivedOn)}，{E(Zh.Position(o.Position))}）：{E(o.Reasoning)}</li>");
            html.Append("</ol>");
        }
        return html.ToString();
    }

    private static string AuditAndClock(RequestView view)
    {
        // The changes are the workflow's own record (JSON, codes as stored): a column of codes, marked as such.
        var html = new StringBuilder("<table><tr><th>时间（UTC）</th><th>操作人</th><th>事项</th><th>状态</th><th class=\"code-column\">变化（系统记录，JSON）</th></tr>");
        foreach (var e in view.Audit)
            html.Append($"<tr><td>{E(InstantPattern.ExtendedIso.Format(e.OccurredAt))}</td><td>{E(e.Actor)}</td><td>{E(Zh.Activity(e.Activity))}</td><td>{E(e.FromState is { } from ? Zh.State(from) : "—")} → {E(Zh.State(e.ToState))}</td><td class=\"code-column\"><code>{E(e.Changes)}</code></td></tr>");
        html.Append("</table><h2>期限说明</h2>");
        if (view.Clock is { } clock)
            html.Append("<ol>").AppendJoin("", clock.Lines.Select(l => $"<li>{E(l.Zh)}</li>")).Append("</ol>");
        else
            html.Append("<p>收到申请之日未确认，期限未起算。</p>");
        return html.ToString();
    }
}
