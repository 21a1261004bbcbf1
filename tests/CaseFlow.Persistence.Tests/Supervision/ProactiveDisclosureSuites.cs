using CaseFlow.Persistence.Migrations;
using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Supervision;
using CaseFlow.Testing;
using NodaTime;
using NodaTime.Testing;

namespace CaseFlow.Persistence.Tests.Supervision;

/// <summary>Art. 44 follow-up on every database: a mark links its requests (only the agency's), its publication is
/// found for a request of the group, another agency's list and publication stay apart, and each step is audited.</summary>
public static class ProactiveDisclosureScenarios
{
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 5, 2, 0);

    public static async Task RunAsync(Database database)
    {
        await new Migrator(database, new FakeClock(Now)).MigrateAsync();
        var ids = new List<string>();
        await using var connection = await database.OpenAsync();
        foreach (var (agency, n) in new[] { ("county", 1), ("county", 2), ("township", 3) })
        {
            var id = Guid.NewGuid().ToString();
            ids.Add(id);
            await using var insert = await database.BeginWriteAsync(connection);
            await RequestStore.InsertAsync(new DbSession(connection, insert, database.Dialect), new RequestRow
            {
                Id = id, Version = 1, State = "InProgress", AgencyCode = agency, TrackingNumber = $"2026-00000{n}", ApplicantName = $"申请人{n}",
                ApplicantType = 1, Channel = 1, Description = "—", RegisteredAt = Now, UpdatedAt = Now, Data = "{}",
            });
            await insert.CommitAsync();
        }

        Assert.Equal(ids.Take(2).Order(), (await ProactiveDisclosures.RequestsOfAgencyAsync(connection, "county", ids)).Order());
        var mark = new ProactiveDisclosure { Id = Guid.NewGuid().ToString(), AgencyCode = "county", Subject = "供水管网竣工验收报告", MarkedBy = "sup1", MarkedAt = Now };
        await using (var transaction = await database.BeginWriteAsync(connection))
        {
            await ProactiveDisclosures.MarkAsync(new DbSession(connection, transaction, database.Dialect), mark, ids.Take(2).ToList());
            await transaction.CommitAsync();
        }
        Assert.Null(await ProactiveDisclosures.PublishedForRequestAsync(connection, ids[0]));
        await using (var transaction = await database.BeginWriteAsync(connection))
        {
            var session = new DbSession(connection, transaction, database.Dialect);
            Assert.False(await ProactiveDisclosures.PublishAsync(session, "township", mark.Id, new LocalDate(2026, 3, 6), "https://evil.example.com/", "cw2", Now));
            Assert.True(await ProactiveDisclosures.PublishAsync(session, "county", mark.Id, new LocalDate(2026, 3, 6), "https://example.gov.cn/a", "cw1", Now));
            await transaction.CommitAsync();
        }

        var listed = Assert.Single(await ProactiveDisclosures.ForAgencyAsync(connection, "county"));
        Assert.Equal((new LocalDate(2026, 3, 6), "https://example.gov.cn/a", "cw1"), (listed.PublishedOn!.Value, listed.PublishedUrl, listed.PublishedBy));
        Assert.Equal(ids.Take(2).Order(StringComparer.Ordinal), listed.RequestIds);
        Assert.Empty(await ProactiveDisclosures.ForAgencyAsync(connection, "township"));
        Assert.Equal("https://example.gov.cn/a", (await ProactiveDisclosures.PublishedForRequestAsync(connection, ids[1]))?.PublishedUrl);
        Assert.Null(await ProactiveDisclosures.PublishedForRequestAsync(connection, ids[2]));
        var audit = await CaseFlow.Persistence.Audit.AuditTrail.ForRequestAsync(connection, Guid.Parse(ids[0]));
        Assert.Equal(["MarkForProactiveDisclosure", "PublishProactiveDisclosure"], audit.Select(a => a.Activity));
        Assert.All(audit, a => Assert.Equal("InProgress", a.ToState));
    }
}

public sealed class SqliteProactiveDisclosures : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("caseflow-pd-").FullName;

    [Fact]
    public Task Marks_publications_and_agencies() => ProactiveDisclosureScenarios.RunAsync(new Database(new DatabaseOptions
    {
        Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(_directory, "pd.db")}",
    }));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

public sealed class PostgreSqlProactiveDisclosures
{
    [Fact]
    public async Task Marks_publications_and_agencies()
    {
        var server = await PostgresServer.StartSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("pd");
        await ProactiveDisclosureScenarios.RunAsync(new Database(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connectionString }));
    }
}
