using System.Security.Cryptography;
using CaseFlow.Persistence.Workplace;
using NodaTime;

namespace CaseFlow.Web.Requests;

/// <summary>Checks an uploaded file before it is kept: size, and that its content is what its name says (a renamed
/// executable is refused). Accepted: PDF, JPEG, PNG, Word and Excel (OOXML), OFD.</summary>
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
        var info = new AttachmentInfo
        {
            Id = Guid.NewGuid().ToString(), RequestId = requestId.ToString(), Kind = kind, FileName = name, ContentType = type.ContentType,
            SizeBytes = content.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), UploadedBy = actor, UploadedAt = now,
        };
        return (info, content, null);
    }
}
