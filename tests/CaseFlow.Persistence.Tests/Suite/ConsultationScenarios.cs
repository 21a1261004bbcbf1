using CaseFlow.Persistence.Consultations;
using NodaTime;

namespace CaseFlow.Persistence.Tests.Suite;

/// <summary>Consultation rows and the legal adviser's inbox, on every database.</summary>
public static partial class PersistenceScenarios
{
    private static ConsultationRow Consultation(Guid id, string agency, string requestId, int version = 1, LocalDate? due = null, LocalDate? ended = null) => new()
    {
        Id = id.ToString(), Version = version, State = ended is null ? "AwaitingOpinions" : "Concluded", RequestId = requestId, AgencyCode = agency,
        Kind = 1, WindowDueOn = due ?? new LocalDate(2024, 10, 21), EndedOn = ended, UpdatedAt = Now, Data = $"{{\"v\":{version}}}",
    };

    public static async Task A_consultation_row_round_trips_and_a_stale_update_changes_nothing(Database database)
    {
        var id = Guid.NewGuid();
        await InTransactionAsync(database, async s => { await ConsultationStore.InsertAsync(s, Consultation(id, "county", "r1"), ["li.na", "li.na", "zhao"]); return 0; });

        var first = await InTransactionAsync(database, s => ConsultationStore.TryUpdateAsync(s, Consultation(id, "county", "r1", 2, ended: new LocalDate(2024, 10, 18)), expectedVersion: 1));
        var stale = await InTransactionAsync(database, s => ConsultationStore.TryUpdateAsync(s, Consultation(id, "county", "r1", 2), expectedVersion: 1));
        var row = await InTransactionAsync(database, s => ConsultationStore.FindAsync(s, id));

        Assert.Equal((true, false), (first, stale));
        Assert.Equal((2, "Concluded", new LocalDate(2024, 10, 21), new LocalDate(2024, 10, 18), "{\"v\":2}"),
            (row!.Version, row.State, row.WindowDueOn!.Value, row.EndedOn!.Value, row.Data));
        await using var connection = await database.OpenAsync();
        Assert.Equal(2L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection,
            "SELECT COUNT(*) FROM consultation_participants WHERE consultation_id = @Id", new { Id = id.ToString() }));
    }

    public static async Task An_adviser_finds_only_the_consultations_of_their_agency_that_invite_them(Database database)
    {
        var (open, done, uninvited, otherAgency) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var r2 = Guid.NewGuid();
        await InTransactionAsync(database, async s =>
        {
            await ConsultationStore.InsertAsync(s, Consultation(done, "county", "r1", due: new LocalDate(2024, 10, 10), ended: new LocalDate(2024, 10, 9)), ["li.na"]);
            await ConsultationStore.InsertAsync(s, Consultation(open, "county", r2.ToString(), due: new LocalDate(2024, 10, 25)), ["li.na", "zhao"]);
            await ConsultationStore.InsertAsync(s, Consultation(uninvited, "county", r2.ToString()), ["zhao"]);
            await ConsultationStore.InsertAsync(s, Consultation(otherAgency, "city", "r3"), ["li.na"]);
            return 0;
        });
        await using var connection = await database.OpenAsync();

        var inbox = await ConsultationStore.ForParticipantAsync(connection, "county", "li.na");

        Assert.Equal([open.ToString(), done.ToString()], inbox.Select(r => r.Id));
        Assert.NotNull(await ConsultationStore.FindForParticipantAsync(connection, open, "county", "li.na"));
        Assert.Null(await ConsultationStore.FindForParticipantAsync(connection, uninvited, "county", "li.na"));
        Assert.Null(await ConsultationStore.FindForParticipantAsync(connection, otherAgency, "county", "li.na"));
        Assert.Equal(new[] { open.ToString(), uninvited.ToString() }.Order(), (await ConsultationStore.ForRequestAsync(connection, r2)).Select(r => r.Id).Order());
    }

    /// <summary>Issue 17 item 2: another agency of the installation finds the consultations addressed to it (any of its users)
    /// or inviting one of its users by name, and nothing else.</summary>
    public static async Task Another_agency_finds_only_what_is_addressed_to_it_or_its_invited_user(Database database)
    {
        var (toAgency, toColleague, toOther, ended) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await InTransactionAsync(database, async s =>
        {
            await ConsultationStore.InsertAsync(s, Consultation(ended, "county", "r1", due: new LocalDate(2024, 10, 10), ended: new LocalDate(2024, 10, 9)),
                ["县自然资源局"], [new ConsultationAddressee("nature", null)]);
            await ConsultationStore.InsertAsync(s, Consultation(toAgency, "county", "r1", due: new LocalDate(2024, 10, 28)), ["县自然资源局"],
                [new ConsultationAddressee("nature", null)]);
            await ConsultationStore.InsertAsync(s, Consultation(toColleague, "county", "r2", due: new LocalDate(2024, 10, 21)), ["chen"],
                [new ConsultationAddressee("nature", "chen")]);
            await ConsultationStore.InsertAsync(s, Consultation(toOther, "county", "r3"), ["县财政局"], [new ConsultationAddressee("finance", null)]);
            return 0;
        });
        await using var connection = await database.OpenAsync();

        Assert.Equal([toColleague.ToString(), toAgency.ToString(), ended.ToString()],
            (await ConsultationStore.AddressedToAsync(connection, "nature", "chen")).Select(r => r.Id));
        Assert.Equal([toAgency.ToString(), ended.ToString()], (await ConsultationStore.AddressedToAsync(connection, "nature", "liu")).Select(r => r.Id));
        Assert.Empty(await ConsultationStore.AddressedToAsync(connection, "county", "chen"));
        Assert.NotNull(await ConsultationStore.FindAddressedToAsync(connection, toColleague, "nature", "chen"));
        Assert.Null(await ConsultationStore.FindAddressedToAsync(connection, toColleague, "nature", "liu"));
        Assert.Null(await ConsultationStore.FindAddressedToAsync(connection, toOther, "nature", "chen"));
        Assert.Equal("nature", await InTransactionAsync(database, s => ConsultationStore.ColleagueAgencyAsync(s, toColleague, "chen")));
    }
}
