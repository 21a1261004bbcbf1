using System.Security.Cryptography;
using CaseFlow.Persistence.Workplace;
using CaseFlow.Web.Correspondence;
using NodaTime;

namespace CaseFlow.Web.Requests;

/// <summary>Checks an uploaded file before it is kept: size, and that its content is what its name says (a renamed
/// executable is refused) by its signature and, for documents, its structure (<see cref="DocumentReader.CheckAsync"/>: a
/// .docx must be an OOXML package with a main document part, a .pdf must parse, within the reading limits). Accepted:
/// PDF, JPEG, PNG, Word and Excel (OOXML), OFD.</summary>
public static class Uploads
{
    public const long DefaultMaxBytes = 10 * 1024 * 1024;

    public static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string>
    {
        ["identity-proof"] = "身份证明", ["application"] = "申请书扫描件", ["reply-document"] = "答复提供的材料", ["other"] = "其他材料",
    };

    private static readonly Dictionary<string, (string ContentType, byte[] Magic)> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = ("application/pdf", "%PDF"u8.ToArray()),
        [".jpg"] = ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        [".jpeg"] = ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        [".png"] = ("image/png", [0x89, 0x50, 0x4E, 0x47]),
        [".docx"] = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "PK"u8.ToArray()),
        [".xlsx"] = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK"u8.ToArray()),
        [".ofd"] = ("application/ofd", "PK"u8.ToArray()),
    };

    public static async Task<(AttachmentInfo? Info, byte[]? Content, FieldError? Error)> ReadAsync(
        IFormFile file, string kind, Guid requestId, string actor, Instant now, long maxBytes, string field = "file")
    {
        if (!Kinds.ContainsKey(kind))
            return (null, null, new FieldError("kind", "附件类别无效。", "Unknown attachment kind."));
        var name = Path.GetFileName(file.FileName);
        if (file.Length == 0)
            return (null, null, new FieldError(field, $"附件「{name}」是空文件。", $"'{name}' is empty."));
        if (file.Length > maxBytes)
            return (null, null, new FieldError(field, $"附件「{name}」超过{maxBytes / 1024 / 1024}MB上限。", $"'{name}' exceeds {maxBytes / 1024 / 1024} MB."));
        if (!Types.TryGetValue(Path.GetExtension(name), out var type))
            return (null, null, new FieldError(field, $"附件「{name}」的类型不允许，仅接受PDF、JPG、PNG、DOCX、XLSX、OFD。", $"'{name}': only PDF, JPG, PNG, DOCX, XLSX, OFD are accepted."));
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer);
        var content = buffer.ToArray();
        if (!content.AsSpan().StartsWith(type.Magic))
            return (null, null, new FieldError(field, $"附件「{name}」的内容与其文件类型不符，已拒收。", $"'{name}': the content does not match its file type; refused."));
        switch (await DocumentReader.CheckAsync(content, Path.GetExtension(name)))
        {
            case DocumentProblem.NotTheFormat:
                return (null, null, new FieldError(field, $"附件「{name}」不是有效的{FormatZh(name)}文件（结构无法读取），已拒收。",
                    $"'{name}' is not a valid {Path.GetExtension(name).TrimStart('.').ToUpperInvariant()} file (its structure cannot be read); refused."));
            case DocumentProblem.TooManyEntries or DocumentProblem.ExpandsTooFar:
                return (null, null, new FieldError(field,
                    $"附件「{name}」解压后超过读取上限（{DocumentReader.MaxEntries}个部件、{DocumentReader.MaxExpandedBytes / 1024 / 1024}MB），已拒收。",
                    $"'{name}' expands beyond the reading limits ({DocumentReader.MaxEntries} entries, {DocumentReader.MaxExpandedBytes / 1024 / 1024} MB); refused."));
            case DocumentProblem.TimedOut:
                return (null, null, new FieldError(field, $"附件「{name}」未能在{DocumentReader.TimeLimit.TotalSeconds:0}秒内读取，已拒收。",
                    $"'{name}' could not be read within {DocumentReader.TimeLimit.TotalSeconds:0} seconds; refused."));
        }
        var info = new AttachmentInfo
        {
            Id = Guid.NewGuid().ToString(), RequestId = requestId.ToString(), Kind = kind, FileName = name, ContentType = type.ContentType,
            SizeBytes = content.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), UploadedBy = actor, UploadedAt = now,
        };
        return (info, content, null);
    }

    private static string FormatZh(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".docx" => "Word（DOCX）", ".xlsx" => "Excel（XLSX）", ".ofd" => "OFD", ".pdf" => "PDF", var other => other.TrimStart('.').ToUpperInvariant(),
    };
}
