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
    agency_code   NVARCHAR(64) NOT NULL CONSTRAINT pk_open_counts PRIMARY KEY,
    open_requests BIGINT       NOT NULL,
    running       BIGINT       NOT NULL,
    not_yet_due   BIGINT       NOT NULL,
    stopped       BIGINT       NOT NULL
);

-- Open requests whose clock runs, per agency and reply due date: overdue = running − those due today or later, due soon
-- and the days-left buckets = sums over a range of future dates, so a read visits a bounded number of dates. Rows brought
-- to zero stay (a later request due that day reuses them); reads sum them, so a zero adds nothing.
CREATE TABLE running_due_counts (
    agency_code  NVARCHAR(64) NOT NULL,
    reply_due_on DATE         NOT NULL,
    requests     BIGINT       NOT NULL,
    CONSTRAINT pk_running_due_counts PRIMARY KEY (agency_code, reply_due_on)
);
GO
INSERT INTO open_counts (agency_code, open_requests, running, not_yet_due, stopped)
SELECT agency_code, COUNT_BIG(*),
       SUM(CASE WHEN reply_due_on IS NOT NULL AND clock_running = 1 THEN CAST(1 AS BIGINT) ELSE 0 END),
       SUM(CASE WHEN reply_due_on IS NULL THEN CAST(1 AS BIGINT) ELSE 0 END),
       SUM(CASE WHEN reply_due_on IS NOT NULL AND clock_running = 0 THEN CAST(1 AS BIGINT) ELSE 0 END)
FROM requests WHERE closed_on IS NULL
GROUP BY agency_code;

INSERT INTO running_due_counts (agency_code, reply_due_on, requests)
SELECT agency_code, reply_due_on, COUNT_BIG(*)
FROM requests WHERE closed_on IS NULL AND clock_running = 1 AND reply_due_on IS NOT NULL
GROUP BY agency_code, reply_due_on;
GO
-- One statement-level trigger: the rows removed (deleted) count −1 and the rows written (inserted) +1 in their class,
-- netted per key; a key whose net change is zero (a saga update that changes no counted column, an extension for the
-- agency's row, a reassignment) is not touched, so the agency's row is written only when a request enters, leaves or
-- changes class or agency: registration, receipt confirmed, clock stopped or resumed, closing, reopening, deletion.
-- Classes: 1 = running, 2 = not yet due, 3 = stopped.
CREATE TRIGGER tr_requests_open_counts ON requests AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    IF NOT (UPDATE(agency_code) OR UPDATE(closed_on) OR UPDATE(clock_running) OR UPDATE(reply_due_on))
       AND EXISTS (SELECT 1 FROM inserted) AND EXISTS (SELECT 1 FROM deleted)
        RETURN;

    MERGE open_counts WITH (HOLDLOCK) AS t
    USING (
        SELECT agency_code, SUM(n) AS open_requests,
               SUM(CASE WHEN kind = 1 THEN n ELSE 0 END) AS running,
               SUM(CASE WHEN kind = 2 THEN n ELSE 0 END) AS not_yet_due,
               SUM(CASE WHEN kind = 3 THEN n ELSE 0 END) AS stopped
        FROM (
            SELECT agency_code, CAST(1 AS BIGINT) AS n,
                   CASE WHEN reply_due_on IS NULL THEN 2 WHEN clock_running = 1 THEN 1 ELSE 3 END AS kind
            FROM inserted WHERE closed_on IS NULL
            UNION ALL
            SELECT agency_code, CAST(-1 AS BIGINT),
                   CASE WHEN reply_due_on IS NULL THEN 2 WHEN clock_running = 1 THEN 1 ELSE 3 END
            FROM deleted WHERE closed_on IS NULL
        ) changed
        GROUP BY agency_code
        HAVING SUM(CASE WHEN kind = 1 THEN n ELSE 0 END) <> 0 OR SUM(CASE WHEN kind = 2 THEN n ELSE 0 END) <> 0
            OR SUM(CASE WHEN kind = 3 THEN n ELSE 0 END) <> 0
    ) AS s
    ON t.agency_code = s.agency_code
    WHEN MATCHED THEN UPDATE SET open_requests = t.open_requests + s.open_requests, running = t.running + s.running,
        not_yet_due = t.not_yet_due + s.not_yet_due, stopped = t.stopped + s.stopped
    WHEN NOT MATCHED THEN INSERT (agency_code, open_requests, running, not_yet_due, stopped)
        VALUES (s.agency_code, s.open_requests, s.running, s.not_yet_due, s.stopped);

    MERGE running_due_counts WITH (HOLDLOCK) AS d
    USING (
        SELECT agency_code, reply_due_on, SUM(n) AS requests
        FROM (
            SELECT agency_code, reply_due_on, CAST(1 AS BIGINT) AS n
            FROM inserted WHERE closed_on IS NULL AND clock_running = 1 AND reply_due_on IS NOT NULL
            UNION ALL
            SELECT agency_code, reply_due_on, CAST(-1 AS BIGINT)
            FROM deleted WHERE closed_on IS NULL AND clock_running = 1 AND reply_due_on IS NOT NULL
        ) changed
        GROUP BY agency_code, reply_due_on
        HAVING SUM(n) <> 0
    ) AS s
    ON d.agency_code = s.agency_code AND d.reply_due_on = s.reply_due_on
    WHEN MATCHED THEN UPDATE SET requests = d.requests + s.requests
    WHEN NOT MATCHED THEN INSERT (agency_code, reply_due_on, requests) VALUES (s.agency_code, s.reply_due_on, s.requests);
END;
