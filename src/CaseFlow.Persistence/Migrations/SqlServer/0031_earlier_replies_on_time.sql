-- On-time rates count every reply of a reopened request (follow-up of issue 14): each earlier reply period of a request
-- reopened after a challenge is its own reply in the supervisors' on-time rates (督办, dashboard), in the day it was served,
-- on time or late by its own clock. ReplyTimeliness (src/CaseFlow.Domain/Deadlines, Art. 33) decides, the workflow stores
-- its decision with the period (replied, on_time, on_time_without_extension, extended, and the handler who answered), and
-- the counters of timeliness_counts (migration 0008) add the period by this trigger, in the reopening's transaction, as
-- the request row's own trigger takes its reply out when it opens again.
ALTER TABLE earlier_replies ADD handler NVARCHAR(100) NULL;
ALTER TABLE earlier_replies ADD replied BIT NOT NULL CONSTRAINT df_earlier_replies_replied DEFAULT 0;
ALTER TABLE earlier_replies ADD on_time_without_extension BIT NULL;
ALTER TABLE earlier_replies ADD extended BIT NOT NULL CONSTRAINT df_earlier_replies_extended DEFAULT 0;
GO
-- Back-fill of the periods kept before this migration, from what their rows hold: on_time is set only for a period
-- answered (ReplyClockStatus: a reply, or an Art. 39 ¶1 answer, which counts as 501); the extension of the period is not
-- in the row, so none is assumed (on time without extension = on time); the handler is the request's.
UPDATE e SET
    replied = CASE WHEN e.on_time IS NOT NULL AND e.outcome <> 501 THEN 1 ELSE 0 END,
    on_time_without_extension = e.on_time,
    handler = r.handler
FROM earlier_replies e LEFT JOIN requests r ON r.id = e.request_id;

MERGE timeliness_counts WITH (HOLDLOCK) AS t
USING (
    SELECT agency_code, replied_on AS closed_on, COALESCE(handler, N'') AS handler, COUNT(*) AS replied,
           SUM(CASE WHEN on_time = 1 THEN 1 ELSE 0 END) AS on_time,
           SUM(CASE WHEN on_time_without_extension = 1 THEN 1 ELSE 0 END) AS on_time_without_extension,
           SUM(CASE WHEN extended = 1 THEN 1 ELSE 0 END) AS extended
    FROM earlier_replies WHERE replied = 1
    GROUP BY agency_code, replied_on, COALESCE(handler, N'')
) AS s
ON t.agency_code = s.agency_code AND t.closed_on = s.closed_on AND t.handler = s.handler
WHEN MATCHED THEN UPDATE SET replied = t.replied + s.replied, on_time = t.on_time + s.on_time,
    on_time_without_extension = t.on_time_without_extension + s.on_time_without_extension, extended = t.extended + s.extended
WHEN NOT MATCHED THEN INSERT (agency_code, closed_on, handler, replied, on_time, on_time_without_extension, extended)
    VALUES (s.agency_code, s.closed_on, s.handler, s.replied, s.on_time, s.on_time_without_extension, s.extended);
GO
-- One statement-level trigger: the periods removed (deleted) count −1 and the periods written (inserted) +1, netted per key.
CREATE TRIGGER tr_earlier_replies_counts ON earlier_replies AFTER INSERT, UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    MERGE timeliness_counts WITH (HOLDLOCK) AS t
    USING (
        SELECT agency_code, closed_on, handler, SUM(replied) AS replied, SUM(on_time) AS on_time,
               SUM(on_time_without_extension) AS on_time_without_extension, SUM(extended) AS extended
        FROM (
            SELECT agency_code, replied_on AS closed_on, COALESCE(handler, N'') AS handler, 1 AS replied,
                   CASE WHEN on_time = 1 THEN 1 ELSE 0 END AS on_time,
                   CASE WHEN on_time_without_extension = 1 THEN 1 ELSE 0 END AS on_time_without_extension,
                   CASE WHEN extended = 1 THEN 1 ELSE 0 END AS extended
            FROM inserted WHERE replied = 1
            UNION ALL
            SELECT agency_code, replied_on, COALESCE(handler, N''), -1,
                   CASE WHEN on_time = 1 THEN -1 ELSE 0 END,
                   CASE WHEN on_time_without_extension = 1 THEN -1 ELSE 0 END,
                   CASE WHEN extended = 1 THEN -1 ELSE 0 END
            FROM deleted WHERE replied = 1
        ) changed
        GROUP BY agency_code, closed_on, handler
    ) AS s
    ON t.agency_code = s.agency_code AND t.closed_on = s.closed_on AND t.handler = s.handler
    WHEN MATCHED THEN UPDATE SET replied = t.replied + s.replied, on_time = t.on_time + s.on_time,
        on_time_without_extension = t.on_time_without_extension + s.on_time_without_extension, extended = t.extended + s.extended
    WHEN NOT MATCHED THEN INSERT (agency_code, closed_on, handler, replied, on_time, on_time_without_extension, extended)
        VALUES (s.agency_code, s.closed_on, s.handler, s.replied, s.on_time, s.on_time_without_extension, s.extended);
END;
