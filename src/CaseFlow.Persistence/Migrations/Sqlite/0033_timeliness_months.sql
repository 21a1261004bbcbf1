-- The dashboard's on-time rates from monthly counters (issue 15 item 3, ADR 0004 "Fourth round"): every period the
-- supervisor's dashboard shows is whole months up to today (this month to date, this year to date, the 12-month trend),
-- so counters per agency, MONTH and handler serve all three with ~8 handlers × 13 months of rows whatever the volume,
-- where the day counters of timeliness_counts (migration 0008) grow with the days of a year.
-- The per-request logic stays where it is: the triggers of migrations 0008/0010 (requests) and 0031 (earlier_replies)
-- keep timeliness_counts, and the triggers below only roll its changes up into the month of closed_on, in the same
-- transaction: each adds NEW − OLD of the day row to its month row. A trigger fired from a trigger on another table is not
-- recursion: SQLite runs it with recursive_triggers off (the default, which only stops a trigger from firing itself), and
-- the DO UPDATE of the day triggers' upsert fires the UPDATE trigger here as an UPDATE does.
-- month is the month's first day, as text like closed_on; handler '' is none. Rows brought back to zero stay, as in
-- timeliness_counts; the reads skip them.
CREATE TABLE timeliness_months (
    agency_code               TEXT    NOT NULL,
    month                     TEXT    NOT NULL,
    handler                   TEXT    NOT NULL,
    replied                   INTEGER NOT NULL,
    on_time                   INTEGER NOT NULL,
    on_time_without_extension INTEGER NOT NULL,
    extended                  INTEGER NOT NULL,
    PRIMARY KEY (agency_code, month, handler)
) WITHOUT ROWID;
-- The dashboard of all agencies (the platform's supervisor) reads a range of months of every agency.
CREATE INDEX ix_timeliness_months_month ON timeliness_months (month, agency_code, handler, replied, on_time, on_time_without_extension, extended);

INSERT INTO timeliness_months (agency_code, month, handler, replied, on_time, on_time_without_extension, extended)
SELECT agency_code, substr(closed_on, 1, 8) || '01', handler, SUM(replied), SUM(on_time), SUM(on_time_without_extension), SUM(extended)
FROM timeliness_counts
GROUP BY agency_code, substr(closed_on, 1, 8) || '01', handler;

CREATE TRIGGER tr_timeliness_counts_months_insert AFTER INSERT ON timeliness_counts
BEGIN
    INSERT INTO timeliness_months (agency_code, month, handler, replied, on_time, on_time_without_extension, extended)
    VALUES (NEW.agency_code, substr(NEW.closed_on, 1, 8) || '01', NEW.handler, NEW.replied, NEW.on_time, NEW.on_time_without_extension, NEW.extended)
    ON CONFLICT (agency_code, month, handler) DO UPDATE SET replied = replied + excluded.replied, on_time = on_time + excluded.on_time,
        on_time_without_extension = on_time_without_extension + excluded.on_time_without_extension, extended = extended + excluded.extended;
END;

CREATE TRIGGER tr_timeliness_counts_months_delete AFTER DELETE ON timeliness_counts
BEGIN
    UPDATE timeliness_months SET replied = replied - OLD.replied, on_time = on_time - OLD.on_time,
        on_time_without_extension = on_time_without_extension - OLD.on_time_without_extension, extended = extended - OLD.extended
    WHERE agency_code = OLD.agency_code AND month = substr(OLD.closed_on, 1, 8) || '01' AND handler = OLD.handler;
END;

-- The old day row leaves its month and the new one enters its own, netted per month in one upsert (the day triggers only
-- change the counts, so this is one row: NEW − OLD).
CREATE TRIGGER tr_timeliness_counts_months_update AFTER UPDATE ON timeliness_counts
BEGIN
    INSERT INTO timeliness_months (agency_code, month, handler, replied, on_time, on_time_without_extension, extended)
    SELECT agency_code, month, handler, SUM(replied), SUM(on_time), SUM(on_time_without_extension), SUM(extended)
    FROM (
        SELECT NEW.agency_code AS agency_code, substr(NEW.closed_on, 1, 8) || '01' AS month, NEW.handler AS handler, NEW.replied AS replied,
               NEW.on_time AS on_time, NEW.on_time_without_extension AS on_time_without_extension, NEW.extended AS extended
        UNION ALL
        SELECT OLD.agency_code, substr(OLD.closed_on, 1, 8) || '01', OLD.handler, -OLD.replied, -OLD.on_time, -OLD.on_time_without_extension, -OLD.extended
    ) changed
    GROUP BY agency_code, month, handler
    ON CONFLICT (agency_code, month, handler) DO UPDATE SET replied = replied + excluded.replied, on_time = on_time + excluded.on_time,
        on_time_without_extension = on_time_without_extension + excluded.on_time_without_extension, extended = extended + excluded.extended;
END;
