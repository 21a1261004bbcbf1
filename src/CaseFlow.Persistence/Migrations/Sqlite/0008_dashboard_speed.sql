-- Dashboard speed (issue 7, ADR workflows/adr/0002-dashboard-queries.md): counts maintained by triggers on requests, in
-- the transaction of the row change, so the platform's all-agency dashboard and annual report read a few thousand
-- counter rows instead of a year of requests. Every write to requests (saga, deadline recomputation, reassignment,
-- import, bench) keeps them exact; the equivalence with a recount over the rows is tested on every database.

-- Replies (close reason 1, Art. 36–39) per agency, day of service and handler ('' when none): on time when served by
-- the reply due date as extended (Art. 33 ¶2), on time without extension when also no extension was approved.
CREATE TABLE timeliness_counts (
    agency_code               TEXT    NOT NULL,
    closed_on                 TEXT    NOT NULL,
    handler                   TEXT    NOT NULL,
    replied                   INTEGER NOT NULL,
    on_time                   INTEGER NOT NULL,
    on_time_without_extension INTEGER NOT NULL,
    extended                  INTEGER NOT NULL,
    PRIMARY KEY (agency_code, closed_on, handler)
) WITHOUT ROWID;
CREATE INDEX ix_timeliness_counts_closed ON timeliness_counts (closed_on, agency_code, handler, replied, on_time, on_time_without_extension, extended);

-- The 督办 list "replied late" (Art. 33): one agency's replies in a period, the due date checked in the index, so only the
-- late ones are read from the table (ix_requests_open_received, chosen before, read every closed row of the period).
CREATE INDEX ix_requests_replied ON requests (agency_code, close_reason, closed_on, reply_due_on);

-- Requests per agency, applicant type, year received, year closed (0 while open) and outcome as counted in table 三
-- (0 while open): tables 三 and 四 of a year read these (Art. 50, OGI-RULES §4–5). Requests without a receipt date
-- are not counted, as in the report.
CREATE TABLE report_request_counts (
    received_year  INTEGER NOT NULL,
    agency_code    TEXT    NOT NULL,
    applicant_type INTEGER NOT NULL,
    closed_year    INTEGER NOT NULL,
    outcome        INTEGER NOT NULL,
    requests       INTEGER NOT NULL,
    PRIMARY KEY (received_year, agency_code, applicant_type, closed_year, outcome)
) WITHOUT ROWID;

INSERT INTO timeliness_counts (agency_code, closed_on, handler, replied, on_time, on_time_without_extension, extended)
SELECT agency_code, closed_on, COALESCE(handler, ''), COUNT(*),
       SUM(CASE WHEN closed_on <= reply_due_on THEN 1 ELSE 0 END),
       SUM(CASE WHEN closed_on <= reply_due_on AND extension_days = 0 THEN 1 ELSE 0 END),
       SUM(CASE WHEN extension_days > 0 THEN 1 ELSE 0 END)
FROM requests WHERE close_reason = 1 AND closed_on IS NOT NULL
GROUP BY agency_code, closed_on, COALESCE(handler, '');

INSERT INTO report_request_counts (received_year, agency_code, applicant_type, closed_year, outcome, requests)
SELECT CAST(substr(received_on, 1, 4) AS INTEGER), agency_code, applicant_type,
       CASE WHEN closed_on IS NULL THEN 0 ELSE CAST(substr(closed_on, 1, 4) AS INTEGER) END,
       CASE WHEN closed_on IS NULL THEN 0 ELSE COALESCE(outcome, CASE close_reason WHEN 2 THEN 601 WHEN 4 THEN 501 ELSE 603 END) END,
       COUNT(*)
FROM requests WHERE received_on IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;

CREATE TRIGGER tr_requests_counts_insert AFTER INSERT ON requests
BEGIN
    INSERT INTO timeliness_counts (agency_code, closed_on, handler, replied, on_time, on_time_without_extension, extended)
    SELECT NEW.agency_code, NEW.closed_on, COALESCE(NEW.handler, ''), 1,
           CASE WHEN NEW.closed_on <= NEW.reply_due_on THEN 1 ELSE 0 END,
           CASE WHEN NEW.closed_on <= NEW.reply_due_on AND NEW.extension_days = 0 THEN 1 ELSE 0 END,
           CASE WHEN NEW.extension_days > 0 THEN 1 ELSE 0 END
    WHERE NEW.close_reason = 1 AND NEW.closed_on IS NOT NULL
    ON CONFLICT (agency_code, closed_on, handler) DO UPDATE SET replied = replied + excluded.replied, on_time = on_time + excluded.on_time,
        on_time_without_extension = on_time_without_extension + excluded.on_time_without_extension, extended = extended + excluded.extended;
    INSERT INTO report_request_counts (received_year, agency_code, applicant_type, closed_year, outcome, requests)
    SELECT CAST(substr(NEW.received_on, 1, 4) AS INTEGER), NEW.agency_code, NEW.applicant_type,
           CASE WHEN NEW.closed_on IS NULL THEN 0 ELSE CAST(substr(NEW.closed_on, 1, 4) AS INTEGER) END,
           CASE WHEN NEW.closed_on IS NULL THEN 0 ELSE COALESCE(NEW.outcome, CASE NEW.close_reason WHEN 2 THEN 601 WHEN 4 THEN 501 ELSE 603 END) END, 1
    WHERE NEW.received_on IS NOT NULL
    ON CONFLICT (received_year, agency_code, applicant_type, closed_year, outcome) DO UPDATE SET requests = requests + 1;
END;

CREATE TRIGGER tr_requests_counts_delete AFTER DELETE ON requests
BEGIN
    UPDATE timeliness_counts SET replied = replied - 1,
        on_time = on_time - CASE WHEN OLD.closed_on <= OLD.reply_due_on THEN 1 ELSE 0 END,
        on_time_without_extension = on_time_without_extension - CASE WHEN OLD.closed_on <= OLD.reply_due_on AND OLD.extension_days = 0 THEN 1 ELSE 0 END,
        extended = extended - CASE WHEN OLD.extension_days > 0 THEN 1 ELSE 0 END
    WHERE OLD.close_reason = 1 AND agency_code = OLD.agency_code AND closed_on = OLD.closed_on AND handler = COALESCE(OLD.handler, '');
    UPDATE report_request_counts SET requests = requests - 1
    WHERE received_year = CAST(substr(OLD.received_on, 1, 4) AS INTEGER) AND agency_code = OLD.agency_code AND applicant_type = OLD.applicant_type
      AND closed_year = CASE WHEN OLD.closed_on IS NULL THEN 0 ELSE CAST(substr(OLD.closed_on, 1, 4) AS INTEGER) END
      AND outcome = CASE WHEN OLD.closed_on IS NULL THEN 0 ELSE COALESCE(OLD.outcome, CASE OLD.close_reason WHEN 2 THEN 601 WHEN 4 THEN 501 ELSE 603 END) END;
END;

-- Only when a counted column changes: the saga rewrites its row on every message.
CREATE TRIGGER tr_requests_counts_update AFTER UPDATE ON requests
WHEN OLD.agency_code IS NOT NEW.agency_code OR OLD.handler IS NOT NEW.handler OR OLD.closed_on IS NOT NEW.closed_on
  OR OLD.close_reason IS NOT NEW.close_reason OR OLD.reply_due_on IS NOT NEW.reply_due_on OR OLD.extension_days IS NOT NEW.extension_days
  OR OLD.received_on IS NOT NEW.received_on OR OLD.applicant_type IS NOT NEW.applicant_type OR OLD.outcome IS NOT NEW.outcome
BEGIN
    UPDATE timeliness_counts SET replied = replied - 1,
        on_time = on_time - CASE WHEN OLD.closed_on <= OLD.reply_due_on THEN 1 ELSE 0 END,
        on_time_without_extension = on_time_without_extension - CASE WHEN OLD.closed_on <= OLD.reply_due_on AND OLD.extension_days = 0 THEN 1 ELSE 0 END,
        extended = extended - CASE WHEN OLD.extension_days > 0 THEN 1 ELSE 0 END
    WHERE OLD.close_reason = 1 AND agency_code = OLD.agency_code AND closed_on = OLD.closed_on AND handler = COALESCE(OLD.handler, '');
    UPDATE report_request_counts SET requests = requests - 1
    WHERE received_year = CAST(substr(OLD.received_on, 1, 4) AS INTEGER) AND agency_code = OLD.agency_code AND applicant_type = OLD.applicant_type
      AND closed_year = CASE WHEN OLD.closed_on IS NULL THEN 0 ELSE CAST(substr(OLD.closed_on, 1, 4) AS INTEGER) END
      AND outcome = CASE WHEN OLD.closed_on IS NULL THEN 0 ELSE COALESCE(OLD.outcome, CASE OLD.close_reason WHEN 2 THEN 601 WHEN 4 THEN 501 ELSE 603 END) END;
    INSERT INTO timeliness_counts (agency_code, closed_on, handler, replied, on_time, on_time_without_extension, extended)
    SELECT NEW.agency_code, NEW.closed_on, COALESCE(NEW.handler, ''), 1,
           CASE WHEN NEW.closed_on <= NEW.reply_due_on THEN 1 ELSE 0 END,
           CASE WHEN NEW.closed_on <= NEW.reply_due_on AND NEW.extension_days = 0 THEN 1 ELSE 0 END,
           CASE WHEN NEW.extension_days > 0 THEN 1 ELSE 0 END
    WHERE NEW.close_reason = 1 AND NEW.closed_on IS NOT NULL
    ON CONFLICT (agency_code, closed_on, handler) DO UPDATE SET replied = replied + excluded.replied, on_time = on_time + excluded.on_time,
        on_time_without_extension = on_time_without_extension + excluded.on_time_without_extension, extended = extended + excluded.extended;
    INSERT INTO report_request_counts (received_year, agency_code, applicant_type, closed_year, outcome, requests)
    SELECT CAST(substr(NEW.received_on, 1, 4) AS INTEGER), NEW.agency_code, NEW.applicant_type,
           CASE WHEN NEW.closed_on IS NULL THEN 0 ELSE CAST(substr(NEW.closed_on, 1, 4) AS INTEGER) END,
           CASE WHEN NEW.closed_on IS NULL THEN 0 ELSE COALESCE(NEW.outcome, CASE NEW.close_reason WHEN 2 THEN 601 WHEN 4 THEN 501 ELSE 603 END) END, 1
    WHERE NEW.received_on IS NOT NULL
    ON CONFLICT (received_year, agency_code, applicant_type, closed_year, outcome) DO UPDATE SET requests = requests + 1;
END;
