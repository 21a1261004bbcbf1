using CaseFlow.Persistence.Requests;
using CaseFlow.Persistence.Workplace;
using Dapper;
using NodaTime;

namespace CaseFlow.Persistence.Tests.Suite;

/// <summary>Pages cost what they show (issue 15): the handler choices come from the users table, the status lookup and
/// the open list's full order read their own indexes.</summary>
public static partial class PersistenceScenarios
{
    public static async Task The_workbench_handler_choices_are_the_agencys_caseworkers_and_supervisors_not_its_requests_handlers(Database database)
    {
        var agency = $"h{Guid.NewGuid().ToString()[..6]}";
        await using var connection = await database.OpenAsync();
        await Agencies.InsertAsync(connection, new Agency { Code = agency, Name = "测试", CalendarId = "cn", WarningLeadWorkingDays = 3, CreatedAt = Now });
        foreach (var (name, role) in new[] { ("zhao", Roles.Supervisor), ("li", Roles.Caseworker), ("adviser", Roles.LegalAdviser), ("admin", Roles.Administrator) })
            await Users.InsertAsync(connection, new UserAccount { Id = Guid.NewGuid().ToString(), UserName = $"{agency}.{name}", DisplayName = name, AgencyCode = agency, Role = role, PasswordHash = "x", CreatedAt = Now });
        await InTransactionAsync(database, async s =>
        {
            await RequestStore.InsertAsync(s, Row(Guid.NewGuid()) with { AgencyCode = agency, Handler = "someone-gone" });
            return 0;
        });

        var handlers = await RequestList.HandlersAsync(connection, agency);

        Assert.Equal([$"{agency}.li", $"{agency}.zhao"], handlers);
    }

    public static async Task The_status_lookup_and_the_open_list_read_their_own_indexes(Database database)
    {
        await using var connection = await database.OpenAsync();
        var (_, select, parameters, _, _) = RequestList.Statements(database.Dialect, new RequestFilter { AgencyCode = "county", Today = new LocalDate(2024, 10, 1) });
        string lookupPlan, listPlan;
        if (database.Dialect.Name == "Sqlite")
        {
            lookupPlan = string.Join("\n", (await connection.QueryAsync<(long, long, long, string)>("EXPLAIN QUERY PLAN " + RequestList.SelectByTrackingNumber, new { TrackingNumber = "2024-000001" })).Select(r => r.Item4));
            listPlan = string.Join("\n", (await connection.QueryAsync<(long, long, long, string)>("EXPLAIN QUERY PLAN " + select, parameters)).Select(r => r.Item4));
            Assert.DoesNotContain("TEMP B-TREE", listPlan);
        }
        else
        {
            // A near-empty table is scanned whatever its indexes: forbid the scan and the sort to see what serves the query.
            await using var transaction = await connection.BeginTransactionAsync();
            await connection.ExecuteAsync("SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off; SET LOCAL enable_bitmapscan = off", transaction: transaction);
            lookupPlan = string.Join("\n", await connection.QueryAsync<string>("EXPLAIN " + RequestList.SelectByTrackingNumber.Replace("@TrackingNumber", "'2024-000001'"), transaction: transaction));
            listPlan = string.Join("\n", await connection.QueryAsync<string>("EXPLAIN " + select.Replace("@AgencyCode", "'county'").Replace("@Take", "50").Replace("@Skip", "0"), transaction: transaction));
            Assert.DoesNotContain("Sort", listPlan);
            Assert.DoesNotContain("Disabled", listPlan);
        }
        Assert.Contains("ix_requests_tracking_number", lookupPlan);
        Assert.Contains(database.Dialect.Name == "Sqlite" ? "ix_requests_open_due" : "ix_requests_open_list", listPlan);
    }
}
