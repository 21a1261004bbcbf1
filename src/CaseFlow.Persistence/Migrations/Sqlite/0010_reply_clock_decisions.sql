-- Decisions in one place (issue 12 item 5): ReplyClockStatus (src/CaseFlow.Domain/Deadlines) decides whether the reply
-- clock runs, since when it stopped, on time (with and without extension) and the outcome a closed request counts under;
-- the workflow stores its decisions in these columns, and SQL only filters and sums them.
ALTER TABLE requests ADD COLUMN clock_running INTEGER NOT NULL DEFAULT 0;
ALTER TABLE requests ADD COLUMN stopped_since TEXT NULL;
ALTER TABLE requests ADD COLUMN on_time INTEGER NULL;
ALTER TABLE requests ADD COLUMN on_time_without_extension INTEGER NULL;
ALTER TABLE requests ADD COLUMN counted_outcome INTEGER NULL;

-- Back-fill from what the rows hold, with the meaning the statements of 0001–0008 gave these facts: the clock runs in an
-- open request received, not awaiting correction and with no excluded span open (the saga's clockStopped); on time is
-- served by the reply due date (replies, and Art. 39 ¶1 answers); the counted outcome is the recorded one, else by the
-- close reason. stopped_since is left to the workflow: the open requests whose clock is stopped are marked for the
-- recomputation at start-up (RecomputeOnCalendarChange, calendar_version NULL), which stores it as the domain decides.
UPDATE requests SET
    clock_running = CASE WHEN closed_on IS NULL AND received_on IS NOT NULL AND state NOT IN ('Registered', 'AwaitingCorrection')
                          AND COALESCE(json_extract(data, '$.clockStopped'), 0) = 0 THEN 1 ELSE 0 END,
    on_time = CASE WHEN closed_on IS NOT NULL AND close_reason IN (1, 4) THEN CASE WHEN closed_on <= reply_due_on THEN 1 ELSE 0 END END,
    on_time_without_extension = CASE WHEN closed_on IS NOT NULL AND close_reason IN (1, 4)
                                     THEN CASE WHEN closed_on <= reply_due_on AND extension_days = 0 THEN 1 ELSE 0 END END,
    counted_outcome = CASE WHEN closed_on IS NOT NULL THEN COALESCE(outcome, CASE close_reason WHEN 2 THEN 601 WHEN 4 THEN 501 ELSE 603 END) END;
UPDATE requests SET calendar_version = NULL WHERE closed_on IS NULL AND clock_running = 0;

-- The 督办 lists and the dashboard read open requests whose clock runs, by due date.
CREATE INDEX ix_requests_running_due ON requests (agency_code, closed_on, clock_running, reply_due_on);

-- The counters of 0008 keep their meaning and are recreated to sum the stored decisions (the back-fill above gives every
-- row the values the old expressions gave, so the counts stay as they are).
DROP TRIGGER tr_requests_counts_insert;
DROP TRIGGER tr_requests_counts_delete;
DROP TRIGGER tr_requests_counts_update;

CREATE TRIGGER tr_requests_counts_insert AFTER INSERT ON requests
BEGIN
    INSERT INTO timeliness_counts (agency_code, closed_on, handler, replied, on_time, on_time_without_extension, extended)
    SELECT NEW.agency_code, NEW.closed_on, COALESCE(NEW.handler, ''), 1, COALESCE(NEW.on_time, 0), COALESCE(NEW.on_time_without_extension, 0),
           CASE WHEN NEW.extension_days > 0 THEN 1 ELSE 0 END
    WHERE NEW.close_reason = 1 AND NEW.closed_on IS NOT NULL
    ON CONFLICT (agency_code, closed_on, handler) DO UPDATE SET replied = replied + excluded.replied, on_time = on_time + excluded.on_time,
        on_time_without_extension = on_time_without_extension + excluded.on_time_without_extension, extended = extended + excluded.extended;
    INSERT INTO report_request_counts (received_year, agency_code, applicant_type, closed_year, outcome, requests)
    SELECT CAST(substr(NEW.received_on, 1, 4) AS INTEGER), NEW.agency_code, NEW.applicant_type,
           CASE WHEN NEW.closed_on IS NULL THEN 0 ELSE CAST(substr(NEW.closed_on, 1, 4) AS INTEGER) END,
           CASE WHEN NEW.closed_on IS NULL THEN 0 ELSE NEW.counted_outcome END, 1
    WHERE NEW.received_on IS NOT NULL
    ON CONFLICT (received_year, agency_code, applicant_type, closed_year, outcome) DO UPDATE SET requests = requests + 1;
END;

CREATE TRIGGER tr_requests_counts_delete AFTER DELETE ON requests
BEGIN
    UPDATE timeliness_counts SET replied = replied - 1, on_time = on_time - COALESCE(OLD.on_time, 0),
        on_time_without_extension = on_time_without_extension - COALESCE(OLD.on_time_without_extension, 0),
        extended = extended - CASE WHEN OLD.extension_days > 0 THEN 1 ELSE 0 END
    WHERE OLD.close_reason = 1 AND agency_code = OLD.agency_code AND closed_on = OLD.closed_on AND handler = COALESCE(OLD.handler, '');
    UPDATE report_request_counts SET requests = requests - 1
    WHERE received_year = CAST(substr(OLD.received_on, 1, 4) AS INTEGER) AND agency_code = OLD.agency_code AND applicant_type = OLD.applicant_type
      AND closed_year = CASE WHEN OLD.closed_on IS NULL THEN 0 ELSE CAST(substr(OLD.closed_on, 1, 4) AS INTEGER) END
      AND outcome = CASE WHEN OLD.closed_on IS NULL THEN 0 ELSE OLD.counted_outcome END;
END;

-- Only when a counted column changes: the saga rewrites its row on every message.
CREATE TRIGGER tr_requests_counts_update AFTER UPDATE ON requests
WHEN OLD.agency_code IS NOT NEW.agency_code OR OLD.handler IS NOT NEW.handler OR OLD.closed_on IS NOT NEW.closed_on
  OR OLD.close_reason IS NOT NEW.close_reason OR OLD.on_time IS NOT NEW.on_time OR OLD.on_time_without_extension IS NOT NEW.on_time_without_extension
  OR OLD.extension_days IS NOT NEW.extension_days OR OLD.received_on IS NOT NEW.received_on OR OLD.applicant_type IS NOT NEW.applicant_type
  OR OLD.counted_outcome IS NOT NEW.counted_outcome
BEGIN
    UPDATE timeliness_counts SET replied = replied - 1, on_time = on_time - COALESCE(OLD.on_time, 0),
        on_time_without_extension = on_time_without_extension - COALESCE(OLD.on_time_without_extension, 0),
        extended = extended - CASE WHEN OLD.extension_days > 0 THEN 1 ELSE 0 END
    WHERE OLD.close_reason = 1 AND agency_code = OLD.agency_code AND closed_on = OLD.closed_on AND handler = COALESCE(OLD.handler, '');
    UPDATE report_request_counts SET requests = requests - 1
    WHERE received_year = CAST(substr(OLD.received_on, 1, 4) AS INTEGER) AND agency_code = OLD.agency_code AND applicant_type = OLD.applicant_type
      AND closed_year = CASE WHEN OLD.closed_on IS NULL THEN 0 ELSE CAST(substr(OLD.closed_on, 1, 4) AS INTEGER) END
      AND outcome = CASE WHEN OLD.closed_on IS NULL THEN 0 ELSE OLD.counted_outcome END;
    INSERT INTO timeliness_counts (agency_code, closed_on, handler, replied, on_time, on_time_without_extension, extended)
    SELECT NEW.agency_code, NEW.closed_on, COALESCE(NEW.handler, ''), 1, COALESCE(NEW.on_time, 0), COALESCE(NEW.on_time_without_extension, 0),
           CASE WHEN NEW.extension_days > 0 THEN 1 ELSE 0 END
    WHERE NEW.close_reason = 1 AND NEW.closed_on IS NOT NULL
    ON CONFLICT (agency_code, closed_on, handler) DO UPDATE SET replied = replied + excluded.replied, on_time = on_time + excluded.on_time,
        on_time_without_extension = on_time_without_extension + excluded.on_time_without_extension, extended = extended + excluded.extended;
    INSERT INTO report_request_counts (received_year, agency_code, applicant_type, closed_year, outcome, requests)
    SELECT CAST(substr(NEW.received_on, 1, 4) AS INTEGER), NEW.agency_code, NEW.applicant_type,
           CASE WHEN NEW.closed_on IS NULL THEN 0 ELSE CAST(substr(NEW.closed_on, 1, 4) AS INTEGER) END,
           CASE WHEN NEW.closed_on IS NULL THEN 0 ELSE NEW.counted_outcome END, 1
    WHERE NEW.received_on IS NOT NULL
    ON CONFLICT (received_year, agency_code, applicant_type, closed_year, outcome) DO UPDATE SET requests = requests + 1;
END;

-- The 督办 list "replied late" filters the stored decision: the index of 0008 checked the due date, this one on_time.
DROP INDEX ix_requests_replied;
CREATE INDEX ix_requests_replied ON requests (agency_code, close_reason, closed_on, on_time);
