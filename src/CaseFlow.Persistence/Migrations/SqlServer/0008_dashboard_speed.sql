-- Dashboard speed (issue 7, ADR workflows/adr/0002-dashboard-queries.md): counts maintained by a trigger on requests, in
-- the transaction of the row change, so the platform's all-agency dashboard and annual report read a few thousand
-- counter rows instead of a year of requests. Every write to requests (saga, deadline recomputation, reassignment,
-- import, bench) keeps them exact; the equivalence with a recount over the rows is tested on every database.

-- Replies (close reason 1, Art. 36–39) per agency, day of service and handler ('' when none): on time when served by
-- the reply due date as extended (Art. 33 ¶2), on time without extension when also no extension was approved.
CREATE TABLE timeliness_counts (
    agency_code               NVARCHAR(64)  NOT NULL,
    closed_on                 DATE          NOT NULL,
    handler                   NVARCHAR(100) NOT NULL,
    replied                   BIGINT        NOT NULL,
    on_time                   BIGINT        NOT NULL,
    on_time_without_extension BIGINT        NOT NULL,
    extended                  BIGINT        NOT NULL,
    CONSTRAINT pk_timeliness_counts PRIMARY KEY (agency_code, closed_on, handler)
);
CREATE INDEX ix_timeliness_counts_closed ON timeliness_counts (closed_on, agency_code, handler) INCLUDE (replied, on_time, on_time_without_extension, extended);

-- The 督办 list "replied late" (Art. 33): one agency's replies in a period, the due date checked in the index, so only the
-- late ones are read from the table (ix_requests_open_received, chosen before, read every closed row of the period).
CREATE INDEX ix_requests_replied ON requests (agency_code, close_reason, closed_on, reply_due_on);

-- Requests per agency, applicant type, year received, year closed (0 while open) and outcome as counted in table 三
-- (0 while open): tables 三 and 四 of a year read these (Art. 50, OGI-RULES §4–5). Requests without a receipt date
-- are not counted, as in the report.
CREATE TABLE report_request_counts (
    received_year  INT          NOT NULL,
    agency_code    NVARCHAR(64) NOT NULL,
    applicant_type INT          NOT NULL,
    closed_year    INT          NOT NULL,
    outcome        INT          NOT NULL,
    requests       BIGINT       NOT NULL,
    CONSTRAINT pk_report_request_counts PRIMARY KEY (received_year, agency_code, applicant_type, closed_year, outcome)
);

INSERT INTO timeliness_counts (agency_code, closed_on, handler, replied, on_time, on_time_without_extension, extended)
SELECT agency_code, closed_on, COALESCE(handler, N''), COUNT_BIG(*),
       SUM(CASE WHEN closed_on <= reply_due_on THEN 1 ELSE 0 END),
       SUM(CASE WHEN closed_on <= reply_due_on AND extension_days = 0 THEN 1 ELSE 0 END),
       SUM(CASE WHEN extension_days > 0 THEN 1 ELSE 0 END)
FROM requests WHERE close_reason = 1 AND closed_on IS NOT NULL
GROUP BY agency_code, closed_on, COALESCE(handler, N'');

INSERT INTO report_request_counts (received_year, agency_code, applicant_type, closed_year, outcome, requests)
SELECT received_year, agency_code, applicant_type, closed_year, outcome, COUNT_BIG(*)
FROM (
    SELECT YEAR(received_on) AS received_year, agency_code, applicant_type,
           CASE WHEN closed_on IS NULL THEN 0 ELSE YEAR(closed_on) END AS closed_year,
           CASE WHEN closed_on IS NULL THEN 0 ELSE COALESCE(outcome, CASE close_reason WHEN 2 THEN 601 WHEN 4 THEN 501 ELSE 603 END) END AS outcome
    FROM requests WHERE received_on IS NOT NULL
) counted
GROUP BY received_year, agency_code, applicant_type, closed_year, outcome;
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
                   CASE WHEN closed_on <= reply_due_on THEN 1 ELSE 0 END AS on_time,
                   CASE WHEN closed_on <= reply_due_on AND extension_days = 0 THEN 1 ELSE 0 END AS on_time_without_extension,
                   CASE WHEN extension_days > 0 THEN 1 ELSE 0 END AS extended
            FROM inserted WHERE close_reason = 1 AND closed_on IS NOT NULL
            UNION ALL
            SELECT agency_code, closed_on, COALESCE(handler, N''), -1,
                   CASE WHEN closed_on <= reply_due_on THEN -1 ELSE 0 END,
                   CASE WHEN closed_on <= reply_due_on AND extension_days = 0 THEN -1 ELSE 0 END,
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
                   CASE WHEN closed_on IS NULL THEN 0 ELSE COALESCE(outcome, CASE close_reason WHEN 2 THEN 601 WHEN 4 THEN 501 ELSE 603 END) END AS outcome,
                   1 AS delta
            FROM inserted WHERE received_on IS NOT NULL
            UNION ALL
            SELECT YEAR(received_on), agency_code, applicant_type,
                   CASE WHEN closed_on IS NULL THEN 0 ELSE YEAR(closed_on) END,
                   CASE WHEN closed_on IS NULL THEN 0 ELSE COALESCE(outcome, CASE close_reason WHEN 2 THEN 601 WHEN 4 THEN 501 ELSE 603 END) END,
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
