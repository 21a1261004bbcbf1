-- Dashboard speed (issue 7, ADR workflows/adr/0002-dashboard-queries.md): counts maintained by a trigger on requests, in
-- the transaction of the row change, so the platform's all-agency dashboard and annual report read a few thousand
-- counter rows instead of a year of requests. Every write to requests (saga, deadline recomputation, reassignment,
-- import, bench) keeps them exact; the equivalence with a recount over the rows is tested on every database.

-- Replies (close reason 1, Art. 36–39) per agency, day of service and handler ('' when none): on time when served by
-- the reply due date as extended (Art. 33 ¶2), on time without extension when also no extension was approved.
CREATE TABLE timeliness_counts (
    agency_code               TEXT   NOT NULL,
    closed_on                 DATE   NOT NULL,
    handler                   TEXT   NOT NULL,
    replied                   BIGINT NOT NULL,
    on_time                   BIGINT NOT NULL,
    on_time_without_extension BIGINT NOT NULL,
    extended                  BIGINT NOT NULL,
    PRIMARY KEY (agency_code, closed_on, handler)
);
CREATE INDEX ix_timeliness_counts_closed ON timeliness_counts (closed_on, agency_code, handler) INCLUDE (replied, on_time, on_time_without_extension, extended);

-- The 督办 list "replied late" (Art. 33): one agency's replies in a period, the due date checked in the index, so only the
-- late ones are read from the table (ix_requests_open_received, chosen before, read every closed row of the period).
CREATE INDEX ix_requests_replied ON requests (agency_code, close_reason, closed_on, reply_due_on);

-- The 10 oldest open requests of one agency (dashboard): PostgreSQL does not take `closed_on IS NULL` as an equality, so
-- ix_requests_open_received (agency_code, closed_on, received_on) gave no order and the planner walked
-- ix_requests_report_received in date order through every agency's closed requests. A partial index gives the order.
CREATE INDEX ix_requests_open_oldest ON requests (agency_code, received_on) WHERE closed_on IS NULL;

-- Requests per agency, applicant type, year received, year closed (0 while open) and outcome as counted in table 三
-- (0 while open): tables 三 and 四 of a year read these (Art. 50, OGI-RULES §4–5). Requests without a receipt date
-- are not counted, as in the report.
CREATE TABLE report_request_counts (
    received_year  INTEGER NOT NULL,
    agency_code    TEXT    NOT NULL,
    applicant_type INTEGER NOT NULL,
    closed_year    INTEGER NOT NULL,
    outcome        INTEGER NOT NULL,
    requests       BIGINT  NOT NULL,
    PRIMARY KEY (received_year, agency_code, applicant_type, closed_year, outcome)
);

INSERT INTO timeliness_counts (agency_code, closed_on, handler, replied, on_time, on_time_without_extension, extended)
SELECT agency_code, closed_on, COALESCE(handler, ''), COUNT(*),
       SUM(CASE WHEN closed_on <= reply_due_on THEN 1 ELSE 0 END),
       SUM(CASE WHEN closed_on <= reply_due_on AND extension_days = 0 THEN 1 ELSE 0 END),
       SUM(CASE WHEN extension_days > 0 THEN 1 ELSE 0 END)
FROM requests WHERE close_reason = 1 AND closed_on IS NOT NULL
GROUP BY agency_code, closed_on, COALESCE(handler, '');

INSERT INTO report_request_counts (received_year, agency_code, applicant_type, closed_year, outcome, requests)
SELECT EXTRACT(YEAR FROM received_on)::INTEGER, agency_code, applicant_type,
       CASE WHEN closed_on IS NULL THEN 0 ELSE EXTRACT(YEAR FROM closed_on)::INTEGER END,
       CASE WHEN closed_on IS NULL THEN 0 ELSE COALESCE(outcome, CASE close_reason WHEN 2 THEN 601 WHEN 4 THEN 501 ELSE 603 END) END,
       COUNT(*)
FROM requests WHERE received_on IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;

CREATE FUNCTION requests_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF OLD.close_reason = 1 AND OLD.closed_on IS NOT NULL THEN
            UPDATE timeliness_counts SET replied = replied - 1,
                on_time = on_time - CASE WHEN OLD.closed_on <= OLD.reply_due_on THEN 1 ELSE 0 END,
                on_time_without_extension = on_time_without_extension - CASE WHEN OLD.closed_on <= OLD.reply_due_on AND OLD.extension_days = 0 THEN 1 ELSE 0 END,
                extended = extended - CASE WHEN OLD.extension_days > 0 THEN 1 ELSE 0 END
            WHERE agency_code = OLD.agency_code AND closed_on = OLD.closed_on AND handler = COALESCE(OLD.handler, '');
        END IF;
        IF OLD.received_on IS NOT NULL THEN
            UPDATE report_request_counts SET requests = requests - 1
            WHERE received_year = EXTRACT(YEAR FROM OLD.received_on)::INTEGER AND agency_code = OLD.agency_code AND applicant_type = OLD.applicant_type
              AND closed_year = CASE WHEN OLD.closed_on IS NULL THEN 0 ELSE EXTRACT(YEAR FROM OLD.closed_on)::INTEGER END
              AND outcome = CASE WHEN OLD.closed_on IS NULL THEN 0 ELSE COALESCE(OLD.outcome, CASE OLD.close_reason WHEN 2 THEN 601 WHEN 4 THEN 501 ELSE 603 END) END;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF NEW.close_reason = 1 AND NEW.closed_on IS NOT NULL THEN
            INSERT INTO timeliness_counts AS t (agency_code, closed_on, handler, replied, on_time, on_time_without_extension, extended)
            VALUES (NEW.agency_code, NEW.closed_on, COALESCE(NEW.handler, ''), 1,
                    CASE WHEN NEW.closed_on <= NEW.reply_due_on THEN 1 ELSE 0 END,
                    CASE WHEN NEW.closed_on <= NEW.reply_due_on AND NEW.extension_days = 0 THEN 1 ELSE 0 END,
                    CASE WHEN NEW.extension_days > 0 THEN 1 ELSE 0 END)
            ON CONFLICT (agency_code, closed_on, handler) DO UPDATE SET replied = t.replied + EXCLUDED.replied, on_time = t.on_time + EXCLUDED.on_time,
                on_time_without_extension = t.on_time_without_extension + EXCLUDED.on_time_without_extension, extended = t.extended + EXCLUDED.extended;
        END IF;
        IF NEW.received_on IS NOT NULL THEN
            INSERT INTO report_request_counts AS c (received_year, agency_code, applicant_type, closed_year, outcome, requests)
            VALUES (EXTRACT(YEAR FROM NEW.received_on)::INTEGER, NEW.agency_code, NEW.applicant_type,
                    CASE WHEN NEW.closed_on IS NULL THEN 0 ELSE EXTRACT(YEAR FROM NEW.closed_on)::INTEGER END,
                    CASE WHEN NEW.closed_on IS NULL THEN 0 ELSE COALESCE(NEW.outcome, CASE NEW.close_reason WHEN 2 THEN 601 WHEN 4 THEN 501 ELSE 603 END) END, 1)
            ON CONFLICT (received_year, agency_code, applicant_type, closed_year, outcome) DO UPDATE SET requests = c.requests + 1;
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER tr_requests_counts_insert_delete AFTER INSERT OR DELETE ON requests FOR EACH ROW EXECUTE FUNCTION requests_counts();
-- Only when a counted column changes: the saga rewrites its row on every message.
CREATE TRIGGER tr_requests_counts_update AFTER UPDATE ON requests FOR EACH ROW
WHEN ((OLD.agency_code, OLD.handler, OLD.closed_on, OLD.close_reason, OLD.reply_due_on, OLD.extension_days, OLD.received_on, OLD.applicant_type, OLD.outcome)
      IS DISTINCT FROM (NEW.agency_code, NEW.handler, NEW.closed_on, NEW.close_reason, NEW.reply_due_on, NEW.extension_days, NEW.received_on, NEW.applicant_type, NEW.outcome))
EXECUTE FUNCTION requests_counts();
