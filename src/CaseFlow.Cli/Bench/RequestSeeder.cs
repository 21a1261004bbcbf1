using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using CaseFlow.Contracts;
using CaseFlow.Domain.Replies;
using CaseFlow.Domain.Requests;
using CaseFlow.Persistence.Audit;
using CaseFlow.Persistence.Requests;
using CaseFlow.Workflows.DisclosureRequest;
using CaseFlow.Workflows.Infrastructure;
using NodaTime;
using NodaTime.Text;

namespace CaseFlow.Cli.Bench;

/// <summary>One seeded request: its saga row and audit entries as the product writes them, and when it last changed.</summary>
internal sealed record SeededRequest(RequestRow Row, IReadOnlyList<AuditEntry> Audit, Instant LastActivity);

/// <summary>The requests <c>bench pages</c> seeds. <see cref="Compose"/> builds a request through the product's own code
/// (<see cref="DisclosureRequestState"/>, <c>Decide()</c>, <see cref="SagaJson.ToRow"/>, <see cref="SagaJson.Initial"/>,
/// <see cref="SagaJson.Diff"/>): ~3 JSON serialisations and 3 parses a request, the seeding's main CPU cost. Requests that
/// differ only in who and when (id, agency, tracking number, names, phone, handler, letter number, and every date shifted
/// by the same number of days) have the same shape: <see cref="Seed"/> composes each shape once, with placeholders, and
/// renders it for each request by replacing the placeholders and shifting the dates. <see cref="ComposeDirect"/> is the
/// reference a test compares the rendered rows with.</summary>
internal sealed class RequestSeeder(int requests)
{
    /// <summary>What a request's random draws decide, apart from who and when (normalised: an open request has no
    /// extension, closing day or outcome; a withdrawn one no outcome).</summary>
    internal readonly record struct Shape(bool Open, bool Overdue, int Extension, int ClosedAfterDays, int Outcome, bool Withdrawn, ApplicantType Type, Channel Channel);

    /// <summary>Who and when.</summary>
    private sealed record Person(Guid Id, string Agency, string TrackingNumber, string Name, string Phone, string Handler, string Supervisor, string? Letter,
        LocalDate Received, Instant RegisteredAt);

    private readonly ConcurrentDictionary<Shape, Template> _templates = new();

    /// <summary>Distinct shapes composed so far.</summary>
    public int Shapes => _templates.Count;

    /// <summary>Request <paramref name="index"/> rendered from its shape's template.</summary>
    public SeededRequest Seed(int index, bool open)
    {
        var (shape, person) = Draw(index, open);
        return _templates.GetOrAdd(shape, s => Template.Compile(Compose(s, Placeholder))).Render(person);
    }

    /// <summary>Request <paramref name="index"/> composed by the product's code directly (the reference).</summary>
    public SeededRequest ComposeDirect(int index, bool open)
    {
        var (shape, person) = Draw(index, open);
        return Compose(shape, person);
    }

    private (Shape, Person) Draw(int index, bool open)
    {
        var (id, agency, number) = PagesBench.Identity(index, requests);
        var random = new Random(index);
        var received = PagesBench.ReceivedOn(index, requests);
        var registeredAt = received.At(new LocalTime(9, 0).PlusMinutes(index % 480)).InZoneLeniently(ChinaTime.Zone).ToInstant();
        var extension = random.Next(10) == 0 ? random.Next(1, 21) : 0;
        var type = random.Next(6) == 0 ? ApplicantType.Business : ApplicantType.NaturalPerson;
        var channel = (Channel)random.Next(1, 4);
        var handler = $"handler-{index % PagesBench.AgencyCount}-{random.Next(PagesBench.HandlersPerAgency)}";
        var due = received.PlusDays(28);
        string? letter = null;
        Shape shape;
        if (open)
            shape = new Shape(true, due < PagesBench.Today, 0, 0, -1, false, type, channel);
        else
        {
            if (extension > 0)
                due = due.PlusDays(extension * 7 / 5);
            var closedOn = received.PlusDays(random.Next(1, Math.Max(2, Period.DaysBetween(received, due) + (random.Next(10) == 0 ? 8 : 1))));
            if (closedOn > PagesBench.Today)
                closedOn = PagesBench.Today;
            var outcome = random.Next(Outcomes.All.Count);
            var withdrawn = random.Next(20) == 0;
            letter = withdrawn ? null : $"〔{closedOn.Year}〕{index % 10_000}号";
            shape = new Shape(false, false, extension, Period.DaysBetween(received, closedOn), withdrawn ? -1 : outcome, withdrawn, type, channel);
        }
        return (shape, new Person(id, agency, number, $"申请人{index % 50_000}", PagesBench.Phone(index), handler, $"handler-{index % PagesBench.AgencyCount}-0",
            letter, received, registeredAt));
    }

    /// <summary>One request as the workflow leaves it: registered (the registration's audit entry lists what it set), and
    /// unless open, replied or withdrawn (that entry is the diff).</summary>
    private static SeededRequest Compose(Shape shape, Person person)
    {
        var received = person.Received;
        var due = received.PlusDays(28);
        var state = new DisclosureRequestState
        {
            CorrelationId = person.Id, Version = 1, CurrentState = "InProgress", AgencyCode = person.Agency, TrackingNumber = person.TrackingNumber,
            Applicant = new Applicant
            {
                Type = shape.Type, Name = person.Name, IdDocument = "居民身份证 11010519491231002X", Phone = person.Phone, Address = "某市某区某路1号",
            },
            Channel = shape.Channel, Description = "申请公开本县2024年财政预算执行情况及有关会议纪要", FormOfProvision = "Electronic",
            Handler = person.Handler, RegisteredAt = person.RegisteredAt, ReceivedOn = received,
            ReplyDueOn = due, CalendarVersion = "cn-2025.1", ClockRunning = true,
        };
        var registeredJson = SagaJson.Serialize(state);
        var audit = new List<AuditEntry>
        {
            new()
            {
                RequestId = person.Id.ToString(), MessageId = Guid.NewGuid().ToString(), OccurredAt = person.RegisteredAt, Actor = person.Handler,
                Activity = nameof(RegisterRequest), ToState = "InProgress", Changes = SagaJson.Initial(registeredJson),
            },
        };
        var lastActivity = person.RegisteredAt;
        if (shape.Open)
            state.Overdue = shape.Overdue;
        else
        {
            if (shape.Extension > 0)
            {
                state.Extension = new Extension(received.PlusDays(15), shape.Extension, "检索量大")
                    { Approved = true, ApprovedDays = shape.Extension, DecidedOn = received.PlusDays(16), DecidedBy = person.Supervisor };
                state.ReplyDueOn = due.PlusDays(shape.Extension * 7 / 5);
            }
            var closedOn = received.PlusDays(shape.ClosedAfterDays);
            if (!shape.Withdrawn)
            {
                var outcome = Outcomes.All[shape.Outcome];
                state.Reply = new Reply(outcome, "", "第三十六条第（二）项", closedOn, false, closedOn <= state.ReplyDueOn) { LetterDocumentNumber = person.Letter };
                state.Outcome = outcome;
            }
            state.CurrentState = shape.Withdrawn ? "Withdrawn" : "Replied";
            state.Version = 2;
            state.CloseReason = shape.Withdrawn ? CloseReason.Withdrawn : CloseReason.Replied;
            state.ClosedOn = closedOn;
            state.ClockRunning = false;
            state.Decide();
            lastActivity = closedOn.At(new LocalTime(15, 0)).InZoneLeniently(ChinaTime.Zone).ToInstant();
            audit.Add(new AuditEntry
            {
                RequestId = person.Id.ToString(), MessageId = Guid.NewGuid().ToString(), OccurredAt = lastActivity, Actor = person.Handler,
                Activity = shape.Withdrawn ? "RecordWithdrawal" : "RecordLetterService", FromState = "InProgress", ToState = state.CurrentState,
                Changes = SagaJson.Diff(registeredJson, SagaJson.Serialize(state)),
            });
        }
        return new SeededRequest(SagaJson.ToRow(state, lastActivity), audit, lastActivity);
    }

    // ---------------------------------------------------------------- templates

    private static readonly LocalDate PlaceholderReceived = new(2000, 1, 3);
    private static readonly Guid PlaceholderId = Guid.Parse("fedcba98-7654-3210-fedc-ba9876543210");

    private static readonly Person Placeholder = new(PlaceholderId, "ZZAGENCYZZ", "ZZNUMBERZZ", "ZZNAMEZZ", "ZZPHONEZZ", "ZZHANDLERZZ", "ZZSUPERVISORZZ", "ZZLETTERZZ",
        PlaceholderReceived, PlaceholderReceived.At(new LocalTime(9, 0)).InZoneLeniently(ChinaTime.Zone).ToInstant());

    /// <summary>What in a composed JSON text depends on who and when: the placeholders, and every date and moment.</summary>
    private static readonly Regex Slots = new(
        $@"(?<id>{PlaceholderId})|(?<token>ZZ[A-Z]+ZZ)|(?<instant>\d{{4}}-\d{{2}}-\d{{2}}T\d{{2}}:\d{{2}}:\d{{2}}(\.\d+)?Z)|(?<date>\d{{4}}-\d{{2}}-\d{{2}})",
        RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private enum SlotKind { Text, Id, Token, Instant, Date }

    private readonly record struct Part(SlotKind Kind, string Text, LocalDate Date, Instant At);

    private sealed class Template(SeededRequest prototype, Part[] data, Part[][] changes)
    {
        public static Template Compile(SeededRequest prototype) =>
            new(prototype, Parse(prototype.Row.Data), prototype.Audit.Select(a => Parse(a.Changes)).ToArray());

        private static Part[] Parse(string text)
        {
            var parts = new List<Part>();
            var at = 0;
            foreach (Match match in Slots.Matches(text))
            {
                if (match.Index > at)
                    parts.Add(new Part(SlotKind.Text, text[at..match.Index], default, default));
                parts.Add(match.Groups["id"].Success ? new Part(SlotKind.Id, "", default, default)
                    : match.Groups["token"].Success ? new Part(SlotKind.Token, match.Value, default, default)
                    : match.Groups["instant"].Success ? new Part(SlotKind.Instant, "", default, InstantPattern.ExtendedIso.Parse(match.Value).Value)
                    : new Part(SlotKind.Date, "", LocalDatePattern.Iso.Parse(match.Value).Value, default));
                at = match.Index + match.Length;
            }
            if (at < text.Length)
                parts.Add(new Part(SlotKind.Text, text[at..], default, default));
            return [.. parts];
        }

        public SeededRequest Render(Person person)
        {
            var days = Period.DaysBetween(PlaceholderReceived, person.Received);
            var id = person.Id.ToString();
            LocalDate? Shift(LocalDate? on) => on?.PlusDays(days);
            // China keeps no daylight saving time: a moment days later is the same wall-clock time.
            Instant Moment(Instant at) => at == Placeholder.RegisteredAt ? person.RegisteredAt : at + Duration.FromDays(days);
            string Fill(Part[] parts)
            {
                var text = new StringBuilder(2048);
                foreach (var part in parts)
                    text.Append(part.Kind switch
                    {
                        SlotKind.Text => part.Text,
                        SlotKind.Id => id,
                        SlotKind.Token => part.Text switch
                        {
                            "ZZAGENCYZZ" => person.Agency, "ZZNUMBERZZ" => person.TrackingNumber, "ZZNAMEZZ" => person.Name, "ZZPHONEZZ" => person.Phone,
                            "ZZHANDLERZZ" => person.Handler, "ZZSUPERVISORZZ" => person.Supervisor, "ZZLETTERZZ" => person.Letter,
                            _ => throw new InvalidOperationException($"Unknown placeholder {part.Text}."),
                        },
                        SlotKind.Instant => InstantPattern.ExtendedIso.Format(Moment(part.At)),
                        _ => LocalDatePattern.Iso.Format(part.Date.PlusDays(days)),
                    });
                return text.ToString();
            }
            var row = prototype.Row with
            {
                Id = id, AgencyCode = person.Agency, TrackingNumber = person.TrackingNumber, ApplicantName = person.Name, Handler = person.Handler,
                ReceivedOn = Shift(prototype.Row.ReceivedOn), CorrectionDueOn = Shift(prototype.Row.CorrectionDueOn), ReplyDueOn = Shift(prototype.Row.ReplyDueOn),
                StoppedSince = Shift(prototype.Row.StoppedSince), ClosedOn = Shift(prototype.Row.ClosedOn),
                RegisteredAt = person.RegisteredAt, UpdatedAt = Moment(prototype.Row.UpdatedAt), Data = Fill(data),
            };
            var audit = new AuditEntry[prototype.Audit.Count];
            for (var i = 0; i < audit.Length; i++)
                audit[i] = prototype.Audit[i] with
                {
                    RequestId = id, MessageId = Guid.NewGuid().ToString(), OccurredAt = Moment(prototype.Audit[i].OccurredAt), Actor = person.Handler,
                    Changes = Fill(changes[i]),
                };
            return new SeededRequest(row, audit, Moment(prototype.LastActivity));
        }
    }
}
