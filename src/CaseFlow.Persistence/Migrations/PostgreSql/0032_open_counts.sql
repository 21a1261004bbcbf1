-- Stored counts of open requests (issue 15 item 3, ADR workflows/adr/0004-pages-at-scale.md, "Fourth round"): the
-- workbench's and the API's "共 N 件" of the open list, the 督办 overdue and due-soon counts and the dashboard's open
-- requests by days left read these counters instead of counting the agency's open requests in an index on every view.
-- A trigger on requests keeps them in the transaction of every row change (saga, deadline recomputation, reassignment,
-- import, bench seed), as migration 0008's timeliness_counts; the equality with a recount over the rows is tested on
-- every database. No rule moves here: the classes are the stored columns the pages filter on (clock_running, which
-- ReplyClockStatus decides and the workflow stores; reply_due_on; closed_on).

-- Open requests (closed_on IS NULL) per agency, in the three classes of the dashboard's open-by-days-left:
-- running = clock running with a due date in force, not_yet_due = no due date yet (receipt not confirmed, Art. 31),
-- stopped = clock stopped with a due date (correction Art. 30, consultation Art. 33 ¶3, fee Art. 42).
CREATE TABLE open_counts (
    agency_code   TEXT   NOT NULL PRIMARY KEY,
    open_requests BIGINT NOT NULL,
    running       BIGINT NOT NULL,
    not_yet_due   BIGINT NOT NULL,
    stopped       BIGINT NOT NULL
);

-- Open requests whose clock runs, per agency and reply due date: overdue = running − those due today or later, due soon
-- and the days-left buckets = sums over a range of future dates, so a read visits a bounded number of dates. Rows brought
-- to zero stay (a later request due that day reuses them); reads sum them, so a zero adds nothing.
CREATE TABLE running_due_counts (
    agency_code  TEXT   NOT NULL,
    reply_due_on DATE   NOT NULL,
    requests     BIGINT NOT NULL,
    PRIMARY KEY (agency_code, reply_due_on)
);

INSERT INTO open_counts (agency_code, open_requests, running, not_yet_due, stopped)
SELECT agency_code, COUNT(*),
       COUNT(*) FILTER (WHERE reply_due_on IS NOT NULL AND clock_running),
       COUNT(*) FILTER (WHERE reply_due_on IS NULL),
       COUNT(*) FILTER (WHERE reply_due_on IS NOT NULL AND NOT clock_running)
FROM requests WHERE closed_on IS NULL
GROUP BY agency_code;

INSERT INTO running_due_counts (agency_code, reply_due_on, requests)
SELECT agency_code, reply_due_on, COUNT(*)
FROM requests WHERE closed_on IS NULL AND clock_running AND reply_due_on IS NOT NULL
GROUP BY agency_code, reply_due_on;

-- The agency's row is updated (and, on PostgreSQL, locked until commit) only when a request enters, leaves or changes
-- class or agency: registration, receipt confirmed, clock stopped or resumed, closing, reopening, deletion. An extension
-- or a recomputed due date touches only the due-date rows; a reassignment and the saga's other updates touch nothing
-- (the trigger's WHEN skips them).
CREATE FUNCTION requests_open_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    -- 0 = not counted (closed, or no row), 1 = running, 2 = not yet due, 3 = stopped.
    old_class INTEGER := 0;
    new_class INTEGER := 0;
    old_agency TEXT;
    new_agency TEXT;
    old_due DATE;
    new_due DATE;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        old_agency := OLD.agency_code;
        old_due := OLD.reply_due_on;
        IF OLD.closed_on IS NULL THEN
            old_class := CASE WHEN OLD.reply_due_on IS NULL THEN 2 WHEN OLD.clock_running THEN 1 ELSE 3 END;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        new_agency := NEW.agency_code;
        new_due := NEW.reply_due_on;
        IF NEW.closed_on IS NULL THEN
            new_class := CASE WHEN NEW.reply_due_on IS NULL THEN 2 WHEN NEW.clock_running THEN 1 ELSE 3 END;
        END IF;
    END IF;
    IF old_agency IS DISTINCT FROM new_agency OR old_class <> new_class THEN
        IF old_class > 0 THEN
            UPDATE open_counts SET open_requests = open_requests - 1,
                running = running - CASE WHEN old_class = 1 THEN 1 ELSE 0 END,
                not_yet_due = not_yet_due - CASE WHEN old_class = 2 THEN 1 ELSE 0 END,
                stopped = stopped - CASE WHEN old_class = 3 THEN 1 ELSE 0 END
            WHERE agency_code = old_agency;
        END IF;
        IF new_class > 0 THEN
            INSERT INTO open_counts AS c (agency_code, open_requests, running, not_yet_due, stopped)
            VALUES (new_agency, 1, CASE WHEN new_class = 1 THEN 1 ELSE 0 END, CASE WHEN new_class = 2 THEN 1 ELSE 0 END,
                    CASE WHEN new_class = 3 THEN 1 ELSE 0 END)
            ON CONFLICT (agency_code) DO UPDATE SET open_requests = c.open_requests + 1, running = c.running + EXCLUDED.running,
                not_yet_due = c.not_yet_due + EXCLUDED.not_yet_due, stopped = c.stopped + EXCLUDED.stopped;
        END IF;
    END IF;
    IF (old_class = 1 OR new_class = 1)
       AND (old_class <> new_class OR old_agency IS DISTINCT FROM new_agency OR old_due IS DISTINCT FROM new_due) THEN
        IF old_class = 1 THEN
            UPDATE running_due_counts SET requests = requests - 1 WHERE agency_code = old_agency AND reply_due_on = old_due;
        END IF;
        IF new_class = 1 THEN
            INSERT INTO running_due_counts AS d (agency_code, reply_due_on, requests) VALUES (new_agency, new_due, 1)
            ON CONFLICT (agency_code, reply_due_on) DO UPDATE SET requests = d.requests + 1;
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER tr_requests_open_counts_insert_delete AFTER INSERT OR DELETE ON requests FOR EACH ROW EXECUTE FUNCTION requests_open_counts();
CREATE TRIGGER tr_requests_open_counts_update AFTER UPDATE ON requests FOR EACH ROW
WHEN ((OLD.agency_code, OLD.closed_on, OLD.clock_running, OLD.reply_due_on)
      IS DISTINCT FROM (NEW.agency_code, NEW.closed_on, NEW.clock_running, NEW.reply_due_on))
EXECUTE FUNCTION requests_open_counts();
