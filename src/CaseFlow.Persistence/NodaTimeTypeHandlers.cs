using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;
using NodaTime.Text;

namespace CaseFlow.Persistence;

/// <summary>Dapper type handlers for NodaTime: <see cref="LocalDate"/> as a date (ISO text on SQLite) and
/// <see cref="Instant"/> as a UTC timestamp (fixed-width ISO text on SQLite, so text order is time order).</summary>
public static class NodaTimeTypeHandlers
{
    private static int _registered;

    /// <summary>Fixed width, so that comparing the text compares the instants.</summary>
    public static readonly InstantPattern SqliteInstant = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'");

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
            return;
        // Columns are snake_case, properties PascalCase.
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new LocalDateHandler());
        SqlMapper.AddTypeHandler(new InstantHandler());
    }

    public static object ToDbValue(LocalDate date, bool sqlite) =>
        sqlite ? date.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture) : date.ToDateOnly();

    public static object ToDbValue(Instant instant, bool sqlite) =>
        sqlite ? SqliteInstant.Format(instant) : instant.ToDateTimeUtc();

    public static LocalDate ToLocalDate(object value) => value switch
    {
        string text => LocalDatePattern.Iso.Parse(text).GetValueOrThrow(),
        DateOnly date => LocalDate.FromDateOnly(date),
        DateTime dateTime => LocalDate.FromDateTime(dateTime),
        _ => throw new InvalidCastException($"Cannot read a LocalDate from {value.GetType().Name}."),
    };

    public static Instant ToInstant(object value) => value switch
    {
        string text => SqliteInstant.Parse(text).GetValueOrThrow(),
        DateTime dateTime => Instant.FromDateTimeUtc(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)),
        DateTimeOffset offset => Instant.FromDateTimeOffset(offset),
        _ => throw new InvalidCastException($"Cannot read an Instant from {value.GetType().Name}."),
    };

    private sealed class LocalDateHandler : SqlMapper.TypeHandler<LocalDate>
    {
        public override void SetValue(IDbDataParameter parameter, LocalDate value)
        {
            var sqlite = parameter is SqliteParameter;
            parameter.Value = ToDbValue(value, sqlite);
            if (!sqlite)
                parameter.DbType = DbType.Date;
        }

        public override LocalDate Parse(object value) => ToLocalDate(value);
    }

    private sealed class InstantHandler : SqlMapper.TypeHandler<Instant>
    {
        public override void SetValue(IDbDataParameter parameter, Instant value)
        {
            var sqlite = parameter is SqliteParameter;
            parameter.Value = ToDbValue(value, sqlite);
            // Npgsql maps a UTC DateTime to timestamptz by itself; SQL Server needs datetime2 for full precision.
            if (parameter is Microsoft.Data.SqlClient.SqlParameter)
                parameter.DbType = DbType.DateTime2;
        }

        public override Instant Parse(object value) => ToInstant(value);
    }
}
