using System.Reflection;
using CaseFlow.Domain.Correspondence;
using CaseFlow.Persistence.Correspondence;
using CaseFlow.Persistence.Migrations;
using CaseFlow.Persistence.Tests.Suite;
using CaseFlow.Testing;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Tests.Correspondence;

/// <summary>Issued letters on every database: numbered gap-free per agency, letter type and year under concurrent issuing,
/// and frozen once issued.</summary>
public static class CorrespondenceScenarios
{
    private static readonly Instant Now = Instant.FromUtc(2026, 3, 2, 2, 0);

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var method in typeof(CorrespondenceScenarios).GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == typeof(Task) && m.GetParameters() is [{ ParameterType: var p }] && p == typeof(Database)))
            data.Add(method.Name);
        return data;
    }

    public static async Task RunAsync(string scenario, Database database)
    {
        await new Migrator(database, new NodaTime.Testing.FakeClock(Now)).MigrateAsync();
        var method = typeof(CorrespondenceScenarios).GetMethod(scenario) ?? throw new ArgumentException($"No scenario {scenario}.");
        await (Task)method.Invoke(null, [database])!;
    }

    private static LetterToIssue Letter(string agency, LetterType type, int year = 2026, Guid? request = null, string? replaces = null) => new()
    {
        RequestId = request ?? Guid.NewGuid(), AgencyCode = agency, Type = type, Year = year, Title = "政府信息公开申请补正告知书", Addressee = "王小明",
        Content = $"# 政府信息公开申请补正告知书\n## {Letters.NumberPlaceholder}\n< 王小明：\n请补正。\n", Facts = "{}", PrivacyReview = "[]",
        ReplacesLetterId = replaces, IssuedBy = "zhang.wei", IssuedAt = Now,
    };

    private static async Task<IssuedLetter?> IssueAsync(Database database, LetterToIssue letter, bool commit = true)
    {
        await using var connection = await database.OpenAsync();
        await using var transaction = await database.BeginWriteAsync(connection);
        var issued = await Letters.IssueAsync(new DbSession(connection, transaction, database.Dialect), letter);
        if (!commit)
        {
            await transaction.RollbackAsync();
            return null;
        }
        await transaction.CommitAsync();
        return issued;
    }

    private static async Task<List<(string Agency, int Type, int Year, long Sequence)>> NumbersAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<(string, int, int, long)>("SELECT agency_code, letter_type, year, sequence FROM letters")).ToList();
    }

    public static async Task Concurrent_issuers_get_unique_gap_free_numbers_per_agency_type_and_year(Database database)
    {
        // 48 issuers at once over two agencies and two letter types; every fourth rolls back after taking a number.
        var work = Enumerable.Range(0, 48).Select(i => Task.Run(() => IssueAsync(database,
            Letter(i % 2 == 0 ? "county" : "township", i % 3 == 0 ? LetterType.Reply : LetterType.CorrectionNotice), commit: i % 4 != 3)));
        var issued = (await Task.WhenAll(work)).OfType<IssuedLetter>().ToList();

        Assert.Equal(36, issued.Count);
        var numbers = await NumbersAsync(database);
        foreach (var group in numbers.GroupBy(n => (n.Agency, n.Type, n.Year)))
            Assert.Equal(Enumerable.Range(1, group.Count()).Select(n => (long)n), group.Select(n => n.Sequence).Order());
        Assert.Equal(issued.Count, issued.Select(l => l.DocumentNumber + l.AgencyCode).Distinct().Count());
        Assert.All(issued, l => Assert.Equal(LetterTypes.DocumentNumber(null, l.Type, 2026, l.Sequence), l.DocumentNumber));
    }

    public static async Task Numbers_start_again_at_one_in_a_new_year_and_carry_the_agencys_prefix(Database database)
    {
        await using (var connection = await database.OpenAsync())
        await using (var transaction = await database.BeginWriteAsync(connection))
        {
            var session = new DbSession(connection, transaction, database.Dialect);
            await Letters.SetPrefixAsync(session, "county", "旧前缀");
            await Letters.SetPrefixAsync(session, "county", "示府办依公开");
            await Letters.SetPrefixAsync(session, "township", "");
            await transaction.CommitAsync();
        }
        await IssueAsync(database, Letter("county", LetterType.FeeNotice, 2025));
        var second2025 = await IssueAsync(database, Letter("county", LetterType.FeeNotice, 2025));
        var first2026 = await IssueAsync(database, Letter("county", LetterType.FeeNotice, 2026));
        var otherAgency = await IssueAsync(database, Letter("township", LetterType.FeeNotice, 2026));

        Assert.Equal("示府办依公开〔2025〕费告第2号", second2025!.DocumentNumber);
        Assert.Equal("示府办依公开〔2026〕费告第1号", first2026!.DocumentNumber);
        Assert.Equal("〔2026〕费告第1号", otherAgency!.DocumentNumber);
    }

    public static async Task An_issued_letter_cannot_be_changed_and_a_re_issue_is_a_new_numbered_letter(Database database)
    {
        var request = Guid.NewGuid();
        var first = await IssueAsync(database, Letter("county", LetterType.CorrectionNotice, request: request));

        Assert.Contains("〔2026〕补告第1号", first!.Content);
        Assert.Equal(Letters.Hash(first.Content), first.Sha256);
        foreach (var change in new[] { "UPDATE letters SET content = 'x' WHERE id = @Id", "DELETE FROM letters WHERE id = @Id" })
            await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                await using var connection = await database.OpenAsync();
                await connection.ExecuteAsync(change, new { first.Id });
            });

        var again = await IssueAsync(database, Letter("county", LetterType.CorrectionNotice, request: request, replaces: first.Id));

        await using var read = await database.OpenAsync();
        var letters = await Letters.ForRequestAsync(read, request);
        Assert.Equal([first.DocumentNumber, again!.DocumentNumber], letters.Select(l => l.DocumentNumber));
        Assert.Equal("〔2026〕补告第2号", again.DocumentNumber);
        Assert.Equal(first.Id, letters[1].ReplacesLetterId);
        Assert.Equal(first.Content, letters[0].Content);
        Assert.Equal(Now, letters[0].IssuedAt);
    }

    public static async Task Services_are_recorded_and_append_only(Database database)
    {
        var request = Guid.NewGuid();
        var letter = await IssueAsync(database, Letter("county", LetterType.ConsultationLetter, request: request));
        await using (var connection = await database.OpenAsync())
        await using (var transaction = await database.BeginWriteAsync(connection))
        {
            await Letters.RecordServiceAsync(new DbSession(connection, transaction, database.Dialect), new LetterService
            {
                Id = Guid.NewGuid().ToString(), LetterId = letter!.Id, RequestId = request.ToString(), Method = "Post", ServedOn = new LocalDate(2026, 3, 4),
                Evidence = "EMS 1234567890123 签收", RecordedBy = "zhang.wei", RecordedAt = Now,
            });
            await transaction.CommitAsync();
        }

        await using var read = await database.OpenAsync();
        var service = Assert.Single(await Letters.ServicesForRequestAsync(read, request));
        Assert.Equal(new LocalDate(2026, 3, 4), service.ServedOn);
        Assert.Equal("Post", service.Method);
        await Assert.ThrowsAnyAsync<Exception>(() => read.ExecuteAsync("UPDATE letter_services SET served_on = served_on WHERE id = @Id", new { service.Id }));
    }
}

public sealed class SqliteCorrespondence : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("caseflow-letters-").FullName;

    [Theory]
    [MemberData(nameof(CorrespondenceScenarios.All), MemberType = typeof(CorrespondenceScenarios))]
    public Task Scenario(string scenario) => CorrespondenceScenarios.RunAsync(scenario, new Database(new DatabaseOptions
    {
        Provider = DatabaseProvider.Sqlite,
        ConnectionString = $"Data Source={Path.Combine(_directory, $"{scenario}.db")}",
    }));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>The correspondence suite on a real PostgreSQL that the test run starts on loopback.</summary>
public sealed class PostgreSqlCorrespondence
{
    [Theory]
    [MemberData(nameof(CorrespondenceScenarios.All), MemberType = typeof(CorrespondenceScenarios))]
    public async Task Scenario(string scenario)
    {
        var server = await PostgresServer.StartSharedAsync();
        var connectionString = await server.CreateDatabaseAsync("letters");
        await CorrespondenceScenarios.RunAsync(scenario, new Database(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = connectionString }));
    }
}

/// <summary>The correspondence suite on SQL Server where <c>CASEFLOW_SQLSERVER</c> is set; skipped otherwise.</summary>
public sealed class SqlServerCorrespondence
{
    [SqlServerTheory]
    [MemberData(nameof(CorrespondenceScenarios.All), MemberType = typeof(CorrespondenceScenarios))]
    public Task Scenario(string scenario) => CorrespondenceScenarios.RunAsync(scenario, new Database(new DatabaseOptions
    {
        Provider = DatabaseProvider.SqlServer,
        ConnectionString = Environment.GetEnvironmentVariable(SqlServerTheoryAttribute.Variable)!,
    }));
}
