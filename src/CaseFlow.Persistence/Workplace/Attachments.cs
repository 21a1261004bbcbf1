using System.Data.Common;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Workplace;

/// <summary>A file kept with a request: identity proof or the application scan at registration, documents provided
/// with the reply. Stored in the database, so a backup of the database is a backup of the case file.</summary>
public sealed record AttachmentInfo
{
    public required string Id { get; init; }
    public required string RequestId { get; init; }
    /// <summary><c>identity-proof</c> | <c>application</c> | <c>reply-document</c> | <c>other</c>.</summary>
    public required string Kind { get; init; }
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public required long SizeBytes { get; init; }
    public required string Sha256 { get; init; }
    public required string UploadedBy { get; init; }
    public Instant UploadedAt { get; init; }
}

public static class Attachments
{
    private const string InfoColumns = "id, request_id, kind, file_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at";

    public const string Insert = $"""
        INSERT INTO attachments ({InfoColumns}, content)
        VALUES (@Id, @RequestId, @Kind, @FileName, @ContentType, @SizeBytes, @Sha256, @UploadedBy, @UploadedAt, @Content)
        """;
    public const string SelectForRequest = $"SELECT {InfoColumns} FROM attachments WHERE request_id = @RequestId ORDER BY uploaded_at, id";
    public const string SelectInfo = $"SELECT {InfoColumns} FROM attachments WHERE id = @Id";
    public const string SelectContent = "SELECT content FROM attachments WHERE id = @Id";

    public static Task InsertAsync(DbConnection c, AttachmentInfo info, byte[] content, DbTransaction? transaction = null) =>
        c.ExecuteAsync(Insert, new
        {
            info.Id, info.RequestId, info.Kind, info.FileName, info.ContentType, info.SizeBytes, info.Sha256, info.UploadedBy,
            info.UploadedAt, Content = content,
        }, transaction);

    public static async Task<IReadOnlyList<AttachmentInfo>> ForRequestAsync(DbConnection c, Guid requestId, DbTransaction? transaction = null) =>
        (await c.QueryAsync<AttachmentInfo>(SelectForRequest, new { RequestId = requestId.ToString() }, transaction)).ToList();

    public static Task<AttachmentInfo?> FindAsync(DbConnection c, string id) => c.QuerySingleOrDefaultAsync<AttachmentInfo>(SelectInfo, new { Id = id });

    public static Task<byte[]?> ContentAsync(DbConnection c, string id) => c.ExecuteScalarAsync<byte[]?>(SelectContent, new { Id = id });
}
