-- Decisions in one place (issue 12 item 5): ReplyClockStatus (src/CaseFlow.Domain/Deadlines) decides whether the reply
-- clock runs, since when it stopped, on time (with and without extension) and the outcome a closed request counts under;
-- the workflow stores its decisions in these columns, and SQL only filters and sums them.
ALTER TABLE requests ADD COLUMN clock_running BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE requests ADD COLUMN stopped_since DATE NULL;
ALTER TABLE requests ADD COLUMN on_time BOOLEAN NULL;
ALTER TABLE requests ADD COLUMN on_time_without_extension BOOLEAN NULL;
ALTER TABLE requests ADD COLUMN counted_outcome INTEGER NULL;

-- Back-fill from what the rows hold, with the meaning the statements of 0001–0008 gave these facts: the clock runs in an
-- open request received, not awaiting correction and with no excluded span open (the saga's clockStopped); on time is
-- served by the reply due date (replies, and Art. 39 ¶1 answers); the counted outcome is the recorded one, else by the
-- close reason. stopped_since is left to the workflow: the open requests whose clock is stopped are marked for the
-- recomputation at start-up (RecomputeOnCalendarChange, calendar_version NULL), which stores it as the domain decides.
UPDATE requests SET
    clock_running = (closed_on IS NULL AND received_on IS NOT NULL AND state NOT IN ('Registered', 'AwaitingCorrection')
                     AND COALESCE((data::jsonb ->> 'clockStopped')::boolean, FALSE) = FALSE),
    on_time = CASE WHEN closed_on IS NOT NULL AND close_reason IN (1, 4) THEN COALESCE(closed_on <= reply_due_on, FALSE) END,
    on_time_without_extension = CASE WHEN closed_on IS NOT NULL AND close_reason IN (1, 4)
                                     THEN COALESCE(closed_on <= reply_due_on AND extension_days = 0, FALSE) END,
    counted_outcome = CASE WHEN closed_on IS NOT NULL THEN COALESCE(outcome, CASE close_reason WHEN 2 THEN 601 WHEN 4 THEN 501 ELSE 603 END) END;
UPDATE requests SET calendar_version = NULL WHERE closed_on IS NULL AND NOT clock_running;

-- The 督办 lists and the dashboard read open requests whose clock runs, by due date.
CREATE INDEX ix_requests_running_due ON requests (agency_code, closed_on, clock_running, reply_due_on);

-- The counters of 0008 keep their meaning; the function is replaced to sum the stored decisions (the back-fill above gives
-- every row the values the old expressions gave, so the counts stay as they are).
DROP TRIGGER tr_requests_counts_update ON requests;
DROP TRIGGER tr_requests_counts_insert_delete ON requests;
DROP FUNCTION requests_counts();

CREATE FUNCTION requests_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF OLD.close_reason = 1 AND OLD.closed_on IS NOT NULL THEN
            UPDATE timeliness_counts SET replied = replied - 1,
                on_time = on_time - CASE WHEN OLD.on_time THEN 1 ELSE 0 END,
                on_time_without_extension = on_time_without_extension - CASE WHEN OLD.on_time_without_extension THEN 1 ELSE 0 END,
                extended = extended - CASE WHEN OLD.extension_days > 0 THEN 1 ELSE 0 END
            WHERE agency_code = OLD.agency_code AND closed_on = OLD.closed_on AND handler = COALESCE(OLD.handler, '');
        END IF;
        IF OLD.received_on IS NOT NULL THEN
            UPDATE report_request_counts SET requests = requests - 1
            WHERE received_year = EXTRACT(YEAR FROM OLD.received_on)::INTEGER AND agency_code = OLD.agency_code AND applicant_type = OLD.applicant_type
              AND closed_year = CASE WHEN OLD.closed_on IS NULL THEN 0 ELSE EXTRACT(YEAR FROM OLD.closed_on)::INTEGER END
              AND outcome = CASE WHEN OLD.closed_on IS NULL THEN 0 ELSE OLD.counted_outcome END;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF NEW.close_reason = 1 AND NEW.closed_on IS NOT NULL THEN
            INSERT INTO timeliness_counts AS t (agency_code, closed_on, handler, replied, on_time, on_time_without_extension, extended)
            VALUES (NEW.agency_code, NEW.closed_on, COALESCE(NEW.handler, ''), 1,
                    CASE WHEN NEW.on_time THEN 1 ELSE 0 END,
                    CASE WHEN NEW.on_time_without_extension THEN 1 ELSE 0 END,
                    CASE WHEN NEW.extension_days > 0 THEN 1 ELSE 0 END)
            ON CONFLICT (agency_code, closed_on, handler) DO UPDATE SET replied = t.replied + EXCLUDED.replied, on_time = t.on_time + EXCLUDED.on_time,
                on_time_without_extension = t.on_time_without_extension + EXCLUDED.on_time_without_extension, extended = t.extended + EXCLUDED.extended;
        END IF;
        IF NEW.received_on IS NOT NULL THEN
            INSERT INTO report_request_counts AS c (received_year, agency_code, applicant_type, closed_year, outcome, requests)
            VALUES (EXTRACT(YEAR FROM NEW.received_on)::INTEGER, NEW.agency_code, NEW.applicant_type,
                    CASE WHEN NEW.closed_on IS NULL THEN 0 ELSE EXTRACT(YEAR FROM NEW.closed_on)::INTEGER END,
                    CASE WHEN NEW.closed_on IS NULL THEN 0 ELSE NEW.counted_outcome END, 1)
            ON CONFLICT (received_year, agency_code, applicant_type, closed_year, outcome) DO UPDATE SET requests = c.requests + 1;
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER tr_requests_counts_insert_delete AFTER INSERT OR DELETE ON requests FOR EACH ROW EXECUTE FUNCTION requests_counts();
-- Only when a counted column changes: the saga rewrites its row on every message.
CREATE TRIGGER tr_requests_counts_update AFTER UPDATE ON requests FOR EACH ROW
WHEN ((OLD.agency_code, OLD.handler, OLD.closed_on, OLD.close_reason, OLD.on_time, OLD.on_time_without_extension, OLD.extension_days,
       OLD.received_on, OLD.applicant_type, OLD.counted_outcome)
      IS DISTINCT FROM (NEW.agency_code, NEW.handler, NEW.closed_on, NEW.close_reason, NEW.on_time, NEW.on_time_without_extension, NEW.extension_days,
       NEW.received_on, NEW.applicant_type, NEW.counted_outcome))
EXECUTE FUNCTION requests_counts();

-- The 督办 list "replied late" filters the stored decision: the index of 0008 checked the due date, this one on_time.
DROP INDEX ix_requests_replied;
CREATE INDEX ix_requests_replied ON requests (agency_code, close_reason, closed_on, on_time);
