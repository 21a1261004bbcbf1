-- The dashboard's on-time rates from monthly counters (issue 15 item 3, ADR 0004 "Fourth round"): every period the
-- supervisor's dashboard shows is whole months up to today (this month to date, this year to date, the 12-month trend),
-- so counters per agency, MONTH and handler serve all three with ~8 handlers × 13 months of rows whatever the volume,
-- where the day counters of timeliness_counts (migration 0008) grow with the days of a year.
-- The per-request logic stays where it is: the triggers of migrations 0008/0010 (requests) and 0031 (earlier_replies)
-- keep timeliness_counts, and the trigger below only rolls its changes up into the month of closed_on, in the same
-- transaction: inserted − deleted of the day rows, netted per month. It fires from within those triggers' MERGE: the
-- server option "nested triggers" is on by default (up to 32 levels; these are 2) and must stay on — with it off the
-- month counters would silently stop following; the database option RECURSIVE_TRIGGERS is not involved (another table).
-- month is the month's first day (a date, like closed_on); handler '' is none. Rows brought back to zero stay, as in
-- timeliness_counts; the reads skip them.
CREATE TABLE timeliness_months (
    agency_code               NVARCHAR(64)  NOT NULL,
    month                     DATE          NOT NULL,
    handler                   NVARCHAR(100) NOT NULL,
    replied                   BIGINT        NOT NULL,
    on_time                   BIGINT        NOT NULL,
    on_time_without_extension BIGINT        NOT NULL,
    extended                  BIGINT        NOT NULL,
    CONSTRAINT pk_timeliness_months PRIMARY KEY (agency_code, month, handler)
);
-- The dashboard of all agencies (the platform's supervisor) reads a range of months of every agency.
CREATE INDEX ix_timeliness_months_month ON timeliness_months (month, agency_code, handler) INCLUDE (replied, on_time, on_time_without_extension, extended);

INSERT INTO timeliness_months (agency_code, month, handler, replied, on_time, on_time_without_extension, extended)
SELECT agency_code, DATEFROMPARTS(YEAR(closed_on), MONTH(closed_on), 1), handler, SUM(replied), SUM(on_time), SUM(on_time_without_extension), SUM(extended)
FROM timeliness_counts
GROUP BY agency_code, DATEFROMPARTS(YEAR(closed_on), MONTH(closed_on), 1), handler;
GO
-- One statement-level trigger: the day rows removed (deleted) leave their month and those written (inserted) enter
-- theirs, netted per key.
CREATE TRIGGER tr_timeliness_counts_months ON timeliness_counts AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    MERGE timeliness_months WITH (HOLDLOCK) AS m
    USING (
        SELECT agency_code, month, handler, SUM(replied) AS replied, SUM(on_time) AS on_time,
               SUM(on_time_without_extension) AS on_time_without_extension, SUM(extended) AS extended
        FROM (
            SELECT agency_code, DATEFROMPARTS(YEAR(closed_on), MONTH(closed_on), 1) AS month, handler, replied, on_time,
                   on_time_without_extension, extended
            FROM inserted
            UNION ALL
            SELECT agency_code, DATEFROMPARTS(YEAR(closed_on), MONTH(closed_on), 1), handler, -replied, -on_time,
                   -on_time_without_extension, -extended
            FROM deleted
        ) changed
        GROUP BY agency_code, month, handler
    ) AS s
    ON m.agency_code = s.agency_code AND m.month = s.month AND m.handler = s.handler
    WHEN MATCHED THEN UPDATE SET replied = m.replied + s.replied, on_time = m.on_time + s.on_time,
        on_time_without_extension = m.on_time_without_extension + s.on_time_without_extension, extended = m.extended + s.extended
    WHEN NOT MATCHED THEN INSERT (agency_code, month, handler, replied, on_time, on_time_without_extension, extended)
        VALUES (s.agency_code, s.month, s.handler, s.replied, s.on_time, s.on_time_without_extension, s.extended);
END;
