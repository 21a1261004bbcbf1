using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Workplace;

/// <summary>An integrator's key (an online portal, a government service platform), scoped to one agency. Only the
/// SHA-256 of the key is stored; the key itself is shown once, when it is created.</summary>
public sealed record ApiKey
{
    public required string Id { get; init; }
    public required string AgencyCode { get; init; }
    public required string Name { get; init; }
    public required string KeyHash { get; init; }
    public Instant CreatedAt { get; init; }
    public Instant? RevokedAt { get; init; }
}

public static class ApiKeys
{
    private const string Columns = "id, agency_code, name, key_hash, created_at, revoked_at";

    public const string SelectActiveByHash = $"SELECT {Columns} FROM api_keys WHERE key_hash = @KeyHash AND revoked_at IS NULL";
    public const string SelectByAgency = $"SELECT {Columns} FROM api_keys WHERE agency_code = @AgencyCode ORDER BY created_at";
    public const string SelectAll = $"SELECT {Columns} FROM api_keys ORDER BY agency_code, created_at";
    public const string Insert = $"INSERT INTO api_keys ({Columns}) VALUES (@Id, @AgencyCode, @Name, @KeyHash, @CreatedAt, @RevokedAt)";
    public const string SelectById = $"SELECT {Columns} FROM api_keys WHERE id = @Id";
    public const string Revoke = "UPDATE api_keys SET revoked_at = @RevokedAt WHERE id = @Id AND revoked_at IS NULL";

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>A new random key: <c>cf_</c> and 32 random bytes, URL-safe.</summary>
    public static string NewKey() => "cf_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static Task<ApiKey?> FindActiveAsync(DbConnection c, string key) =>
        c.QuerySingleOrDefaultAsync<ApiKey>(SelectActiveByHash, new { KeyHash = Hash(key) });

    public static Task<ApiKey?> FindAsync(DbConnection c, string id) => c.QuerySingleOrDefaultAsync<ApiKey>(SelectById, new { Id = id });

    public static async Task<IReadOnlyList<ApiKey>> AllAsync(DbConnection c) => (await c.QueryAsync<ApiKey>(SelectAll)).ToList();

    public static Task InsertAsync(DbConnection c, ApiKey key, DbTransaction? transaction = null) => c.ExecuteAsync(Insert, key, transaction);

    public static Task RevokeAsync(DbConnection c, string id, Instant at, DbTransaction? transaction = null) =>
        c.ExecuteAsync(Revoke, new { Id = id, RevokedAt = at }, transaction);
}
