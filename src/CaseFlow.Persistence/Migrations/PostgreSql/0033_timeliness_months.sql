-- The dashboard's on-time rates from monthly counters (issue 15 item 3, ADR 0004 "Fourth round"): every period the
-- supervisor's dashboard shows is whole months up to today (this month to date, this year to date, the 12-month trend),
-- so counters per agency, MONTH and handler serve all three with ~8 handlers × 13 months of rows whatever the volume,
-- where the day counters of timeliness_counts (migration 0008) grow with the days of a year.
-- The per-request logic stays where it is: the triggers of migrations 0008/0010 (requests) and 0031 (earlier_replies)
-- keep timeliness_counts, and the triggers below only roll its changes up into the month of closed_on, in the same
-- transaction: each adds NEW − OLD of the day row to its month row. PostgreSQL fires row triggers of a table written by
-- another table's trigger function as for any statement (no nesting option to set), and the DO UPDATE of the day
-- function's INSERT … ON CONFLICT fires the UPDATE trigger here.
-- month is the month's first day (a date, like closed_on); handler '' is none. Rows brought back to zero stay, as in
-- timeliness_counts; the reads skip them.
CREATE TABLE timeliness_months (
    agency_code               TEXT   NOT NULL,
    month                     DATE   NOT NULL,
    handler                   TEXT   NOT NULL,
    replied                   BIGINT NOT NULL,
    on_time                   BIGINT NOT NULL,
    on_time_without_extension BIGINT NOT NULL,
    extended                  BIGINT NOT NULL,
    PRIMARY KEY (agency_code, month, handler)
);
-- The dashboard of all agencies (the platform's supervisor) reads a range of months of every agency.
CREATE INDEX ix_timeliness_months_month ON timeliness_months (month, agency_code, handler) INCLUDE (replied, on_time, on_time_without_extension, extended);

INSERT INTO timeliness_months (agency_code, month, handler, replied, on_time, on_time_without_extension, extended)
SELECT agency_code, date_trunc('month', closed_on)::date, handler, SUM(replied), SUM(on_time), SUM(on_time_without_extension), SUM(extended)
FROM timeliness_counts
GROUP BY agency_code, date_trunc('month', closed_on)::date, handler;

-- The old day row leaves its month and the new one enters its own, netted per month in one upsert (the day triggers only
-- change the counts, so this is one row: NEW − OLD).
CREATE FUNCTION timeliness_counts_months() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE timeliness_months SET replied = replied - OLD.replied, on_time = on_time - OLD.on_time,
            on_time_without_extension = on_time_without_extension - OLD.on_time_without_extension, extended = extended - OLD.extended
        WHERE agency_code = OLD.agency_code AND month = date_trunc('month', OLD.closed_on)::date AND handler = OLD.handler;
    ELSIF TG_OP = 'INSERT' THEN
        INSERT INTO timeliness_months AS m (agency_code, month, handler, replied, on_time, on_time_without_extension, extended)
        VALUES (NEW.agency_code, date_trunc('month', NEW.closed_on)::date, NEW.handler, NEW.replied, NEW.on_time, NEW.on_time_without_extension, NEW.extended)
        ON CONFLICT (agency_code, month, handler) DO UPDATE SET replied = m.replied + EXCLUDED.replied, on_time = m.on_time + EXCLUDED.on_time,
            on_time_without_extension = m.on_time_without_extension + EXCLUDED.on_time_without_extension, extended = m.extended + EXCLUDED.extended;
    ELSE
        INSERT INTO timeliness_months AS m (agency_code, month, handler, replied, on_time, on_time_without_extension, extended)
        SELECT agency_code, month, handler, SUM(replied), SUM(on_time), SUM(on_time_without_extension), SUM(extended)
        FROM (VALUES
            (NEW.agency_code, date_trunc('month', NEW.closed_on)::date, NEW.handler, NEW.replied, NEW.on_time, NEW.on_time_without_extension, NEW.extended),
            (OLD.agency_code, date_trunc('month', OLD.closed_on)::date, OLD.handler, -OLD.replied, -OLD.on_time, -OLD.on_time_without_extension, -OLD.extended)
        ) AS changed (agency_code, month, handler, replied, on_time, on_time_without_extension, extended)
        GROUP BY agency_code, month, handler
        ON CONFLICT (agency_code, month, handler) DO UPDATE SET replied = m.replied + EXCLUDED.replied, on_time = m.on_time + EXCLUDED.on_time,
            on_time_without_extension = m.on_time_without_extension + EXCLUDED.on_time_without_extension, extended = m.extended + EXCLUDED.extended;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER tr_timeliness_counts_months AFTER INSERT OR UPDATE OR DELETE ON timeliness_counts FOR EACH ROW EXECUTE FUNCTION timeliness_counts_months();
