-- Decisions in one place (issue 12 item 5): ReplyClockStatus (src/CaseFlow.Domain/Deadlines) decides whether the reply
-- clock runs, since when it stopped, on time (with and without extension) and the outcome a closed request counts under;
-- the workflow stores its decisions in these columns, and SQL only filters and sums them.
ALTER TABLE requests ADD clock_running BIT NOT NULL CONSTRAINT df_requests_clock_running DEFAULT 0,
    stopped_since DATE NULL,
    on_time BIT NULL,
    on_time_without_extension BIT NULL,
    counted_outcome INT NULL;
GO
-- Back-fill from what the rows hold, with the meaning the statements of 0001–0008 gave these facts: the clock runs in an
-- open request received, not awaiting correction and with no excluded span open (the saga's clockStopped); on time is
-- served by the reply due date (replies, and Art. 39 ¶1 answers); the counted outcome is the recorded one, else by the
-- close reason. stopped_since is left to the workflow: the open requests whose clock is stopped are marked for the
-- recomputation at start-up (RecomputeOnCalendarChange, calendar_version NULL), which stores it as the domain decides.
UPDATE requests SET
    clock_running = CASE WHEN closed_on IS NULL AND received_on IS NOT NULL AND state NOT IN (N'Registered', N'AwaitingCorrection')
                          AND COALESCE(JSON_VALUE(data, '$.clockStopped'), 'false') = 'false' THEN 1 ELSE 0 END,
    on_time = CASE WHEN closed_on IS NOT NULL AND close_reason IN (1, 4) THEN CASE WHEN closed_on <= reply_due_on THEN 1 ELSE 0 END END,
    on_time_without_extension = CASE WHEN closed_on IS NOT NULL AND close_reason IN (1, 4)
                                     THEN CASE WHEN closed_on <= reply_due_on AND extension_days = 0 THEN 1 ELSE 0 END END,
    counted_outcome = CASE WHEN closed_on IS NOT NULL THEN COALESCE(outcome, CASE close_reason WHEN 2 THEN 601 WHEN 4 THEN 501 ELSE 603 END) END;
UPDATE requests SET calendar_version = NULL WHERE closed_on IS NULL AND clock_running = 0;

-- The 督办 lists and the dashboard read open requests whose clock runs, by due date.
CREATE INDEX ix_requests_running_due ON requests (agency_code, closed_on, clock_running, reply_due_on);

-- The counters of 0008 keep their meaning; the trigger is recreated to sum the stored decisions (the back-fill above gives
-- every row the values the old expressions gave, so the counts stay as they are).
-- The 督办 list "replied late" filters the stored decision: the index of 0008 checked the due date, this one on_time.
DROP INDEX ix_requests_replied ON requests;
CREATE INDEX ix_requests_replied ON requests (agency_code, close_reason, closed_on, on_time);

DROP TRIGGER tr_requests_counts;
GO
-- One statement-level trigger: the rows removed (deleted) count −1 and the rows written (inserted) +1, netted per key.
CREATE TRIGGER tr_requests_counts ON requests AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    MERGE timeliness_counts WITH (HOLDLOCK) AS t
    USING (
        SELECT agency_code, closed_on, handler, SUM(replied) AS replied, SUM(on_time) AS on_time,
               SUM(on_time_without_extension) AS on_time_without_extension, SUM(extended) AS extended
        FROM (
            SELECT agency_code, closed_on, COALESCE(handler, N'') AS handler, 1 AS replied,
                   CASE WHEN on_time = 1 THEN 1 ELSE 0 END AS on_time,
                   CASE WHEN on_time_without_extension = 1 THEN 1 ELSE 0 END AS on_time_without_extension,
                   CASE WHEN extension_days > 0 THEN 1 ELSE 0 END AS extended
            FROM inserted WHERE close_reason = 1 AND closed_on IS NOT NULL
            UNION ALL
            SELECT agency_code, closed_on, COALESCE(handler, N''), -1,
                   CASE WHEN on_time = 1 THEN -1 ELSE 0 END,
                   CASE WHEN on_time_without_extension = 1 THEN -1 ELSE 0 END,
                   CASE WHEN extension_days > 0 THEN -1 ELSE 0 END
            FROM deleted WHERE close_reason = 1 AND closed_on IS NOT NULL
        ) changed
        GROUP BY agency_code, closed_on, handler
    ) AS s
    ON t.agency_code = s.agency_code AND t.closed_on = s.closed_on AND t.handler = s.handler
    WHEN MATCHED THEN UPDATE SET replied = t.replied + s.replied, on_time = t.on_time + s.on_time,
        on_time_without_extension = t.on_time_without_extension + s.on_time_without_extension, extended = t.extended + s.extended
    WHEN NOT MATCHED THEN INSERT (agency_code, closed_on, handler, replied, on_time, on_time_without_extension, extended)
        VALUES (s.agency_code, s.closed_on, s.handler, s.replied, s.on_time, s.on_time_without_extension, s.extended);

    MERGE report_request_counts WITH (HOLDLOCK) AS c
    USING (
        SELECT received_year, agency_code, applicant_type, closed_year, outcome, SUM(delta) AS requests
        FROM (
            SELECT YEAR(received_on) AS received_year, agency_code, applicant_type,
                   CASE WHEN closed_on IS NULL THEN 0 ELSE YEAR(closed_on) END AS closed_year,
                   CASE WHEN closed_on IS NULL THEN 0 ELSE counted_outcome END AS outcome,
                   1 AS delta
            FROM inserted WHERE received_on IS NOT NULL
            UNION ALL
            SELECT YEAR(received_on), agency_code, applicant_type,
                   CASE WHEN closed_on IS NULL THEN 0 ELSE YEAR(closed_on) END,
                   CASE WHEN closed_on IS NULL THEN 0 ELSE counted_outcome END,
                   -1
            FROM deleted WHERE received_on IS NOT NULL
        ) changed
        GROUP BY received_year, agency_code, applicant_type, closed_year, outcome
    ) AS s
    ON c.received_year = s.received_year AND c.agency_code = s.agency_code AND c.applicant_type = s.applicant_type
       AND c.closed_year = s.closed_year AND c.outcome = s.outcome
    WHEN MATCHED THEN UPDATE SET requests = c.requests + s.requests
    WHEN NOT MATCHED THEN INSERT (received_year, agency_code, applicant_type, closed_year, outcome, requests)
        VALUES (s.received_year, s.agency_code, s.applicant_type, s.closed_year, s.outcome, s.requests);
END;
