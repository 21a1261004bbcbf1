-- Stored counts of open requests (issue 15 item 3, ADR workflows/adr/0004-pages-at-scale.md, "Fourth round"): the
-- workbench's and the API's "共 N 件" of the open list, the 督办 overdue and due-soon counts and the dashboard's open
-- requests by days left read these counters instead of counting the agency's open requests in an index on every view.
-- Triggers on requests keep them in the transaction of every row change (saga, deadline recomputation, reassignment,
-- import, bench seed), as migration 0008's timeliness_counts; the equality with a recount over the rows is tested on
-- every database. No rule moves here: the classes are the stored columns the pages filter on (clock_running, which
-- ReplyClockStatus decides and the workflow stores; reply_due_on; closed_on).

-- Open requests (closed_on IS NULL) per agency, in the three classes of the dashboard's open-by-days-left:
-- running = clock running with a due date in force, not_yet_due = no due date yet (receipt not confirmed, Art. 31),
-- stopped = clock stopped with a due date (correction Art. 30, consultation Art. 33 ¶3, fee Art. 42).
CREATE TABLE open_counts (
    agency_code   TEXT    NOT NULL PRIMARY KEY,
    open_requests INTEGER NOT NULL,
    running       INTEGER NOT NULL,
    not_yet_due   INTEGER NOT NULL,
    stopped       INTEGER NOT NULL
) WITHOUT ROWID;

-- Open requests whose clock runs, per agency and reply due date: overdue = running − those due today or later, due soon
-- and the days-left buckets = sums over a range of future dates, so a read visits a bounded number of dates. Rows brought
-- to zero stay (a later request due that day reuses them); reads sum them, so a zero adds nothing.
CREATE TABLE running_due_counts (
    agency_code  TEXT    NOT NULL,
    reply_due_on TEXT    NOT NULL,
    requests     INTEGER NOT NULL,
    PRIMARY KEY (agency_code, reply_due_on)
) WITHOUT ROWID;

INSERT INTO open_counts (agency_code, open_requests, running, not_yet_due, stopped)
SELECT agency_code, COUNT(*),
       SUM(CASE WHEN reply_due_on IS NOT NULL AND clock_running = 1 THEN 1 ELSE 0 END),
       SUM(CASE WHEN reply_due_on IS NULL THEN 1 ELSE 0 END),
       SUM(CASE WHEN reply_due_on IS NOT NULL AND clock_running = 0 THEN 1 ELSE 0 END)
FROM requests WHERE closed_on IS NULL
GROUP BY agency_code;

INSERT INTO running_due_counts (agency_code, reply_due_on, requests)
SELECT agency_code, reply_due_on, COUNT(*)
FROM requests WHERE closed_on IS NULL AND clock_running = 1 AND reply_due_on IS NOT NULL
GROUP BY agency_code, reply_due_on;

-- Per-agency totals: a request counts in its agency's row while open, in one class. Inserting, deleting, or moving a
-- request to another agency or class (receipt confirmed, clock stopped or resumed, closed, reopened) touches the row;
-- an extension, a reassignment and the saga's other updates do not.
CREATE TRIGGER tr_requests_open_counts_insert AFTER INSERT ON requests
WHEN NEW.closed_on IS NULL
BEGIN
    INSERT INTO open_counts (agency_code, open_requests, running, not_yet_due, stopped)
    SELECT NEW.agency_code, 1,
           CASE WHEN NEW.reply_due_on IS NOT NULL AND NEW.clock_running = 1 THEN 1 ELSE 0 END,
           CASE WHEN NEW.reply_due_on IS NULL THEN 1 ELSE 0 END,
           CASE WHEN NEW.reply_due_on IS NOT NULL AND NEW.clock_running = 0 THEN 1 ELSE 0 END
    WHERE 1
    ON CONFLICT (agency_code) DO UPDATE SET open_requests = open_requests + 1, running = running + excluded.running,
        not_yet_due = not_yet_due + excluded.not_yet_due, stopped = stopped + excluded.stopped;
END;

CREATE TRIGGER tr_requests_open_counts_delete AFTER DELETE ON requests
WHEN OLD.closed_on IS NULL
BEGIN
    UPDATE open_counts SET open_requests = open_requests - 1,
        running = running - CASE WHEN OLD.reply_due_on IS NOT NULL AND OLD.clock_running = 1 THEN 1 ELSE 0 END,
        not_yet_due = not_yet_due - CASE WHEN OLD.reply_due_on IS NULL THEN 1 ELSE 0 END,
        stopped = stopped - CASE WHEN OLD.reply_due_on IS NOT NULL AND OLD.clock_running = 0 THEN 1 ELSE 0 END
    WHERE agency_code = OLD.agency_code;
END;

-- Only when the request changes agency or class (closed = none, not yet due, running, stopped).
CREATE TRIGGER tr_requests_open_counts_update AFTER UPDATE ON requests
WHEN OLD.agency_code IS NOT NEW.agency_code
  OR CASE WHEN OLD.closed_on IS NOT NULL THEN 0 WHEN OLD.reply_due_on IS NULL THEN 2 WHEN OLD.clock_running = 1 THEN 1 ELSE 3 END
     <> CASE WHEN NEW.closed_on IS NOT NULL THEN 0 WHEN NEW.reply_due_on IS NULL THEN 2 WHEN NEW.clock_running = 1 THEN 1 ELSE 3 END
BEGIN
    UPDATE open_counts SET open_requests = open_requests - 1,
        running = running - CASE WHEN OLD.reply_due_on IS NOT NULL AND OLD.clock_running = 1 THEN 1 ELSE 0 END,
        not_yet_due = not_yet_due - CASE WHEN OLD.reply_due_on IS NULL THEN 1 ELSE 0 END,
        stopped = stopped - CASE WHEN OLD.reply_due_on IS NOT NULL AND OLD.clock_running = 0 THEN 1 ELSE 0 END
    WHERE OLD.closed_on IS NULL AND agency_code = OLD.agency_code;
    INSERT INTO open_counts (agency_code, open_requests, running, not_yet_due, stopped)
    SELECT NEW.agency_code, 1,
           CASE WHEN NEW.reply_due_on IS NOT NULL AND NEW.clock_running = 1 THEN 1 ELSE 0 END,
           CASE WHEN NEW.reply_due_on IS NULL THEN 1 ELSE 0 END,
           CASE WHEN NEW.reply_due_on IS NOT NULL AND NEW.clock_running = 0 THEN 1 ELSE 0 END
    WHERE NEW.closed_on IS NULL
    ON CONFLICT (agency_code) DO UPDATE SET open_requests = open_requests + 1, running = running + excluded.running,
        not_yet_due = not_yet_due + excluded.not_yet_due, stopped = stopped + excluded.stopped;
END;

-- Running open requests per due date: touched when a request starts or stops counting there or its due date moves
-- (extension, recomputation).
CREATE TRIGGER tr_requests_running_due_counts_insert AFTER INSERT ON requests
WHEN NEW.closed_on IS NULL AND NEW.clock_running = 1 AND NEW.reply_due_on IS NOT NULL
BEGIN
    INSERT INTO running_due_counts (agency_code, reply_due_on, requests) VALUES (NEW.agency_code, NEW.reply_due_on, 1)
    ON CONFLICT (agency_code, reply_due_on) DO UPDATE SET requests = requests + 1;
END;

CREATE TRIGGER tr_requests_running_due_counts_delete AFTER DELETE ON requests
WHEN OLD.closed_on IS NULL AND OLD.clock_running = 1 AND OLD.reply_due_on IS NOT NULL
BEGIN
    UPDATE running_due_counts SET requests = requests - 1 WHERE agency_code = OLD.agency_code AND reply_due_on = OLD.reply_due_on;
END;

CREATE TRIGGER tr_requests_running_due_counts_update AFTER UPDATE ON requests
WHEN (OLD.closed_on IS NULL AND OLD.clock_running = 1 AND OLD.reply_due_on IS NOT NULL
      OR NEW.closed_on IS NULL AND NEW.clock_running = 1 AND NEW.reply_due_on IS NOT NULL)
 AND (OLD.agency_code IS NOT NEW.agency_code OR OLD.reply_due_on IS NOT NEW.reply_due_on
      OR OLD.closed_on IS NOT NEW.closed_on OR OLD.clock_running IS NOT NEW.clock_running)
BEGIN
    UPDATE running_due_counts SET requests = requests - 1
    WHERE OLD.closed_on IS NULL AND OLD.clock_running = 1 AND agency_code = OLD.agency_code AND reply_due_on = OLD.reply_due_on;
    INSERT INTO running_due_counts (agency_code, reply_due_on, requests)
    SELECT NEW.agency_code, NEW.reply_due_on, 1
    WHERE NEW.closed_on IS NULL AND NEW.clock_running = 1 AND NEW.reply_due_on IS NOT NULL
    ON CONFLICT (agency_code, reply_due_on) DO UPDATE SET requests = requests + 1;
END;
