-- On-time rates count every reply of a reopened request (follow-up of issue 14): each earlier reply period of a request
-- reopened after a challenge is its own reply in the supervisors' on-time rates (督办, dashboard), in the day it was served,
-- on time or late by its own clock. ReplyTimeliness (src/CaseFlow.Domain/Deadlines, Art. 33) decides, the workflow stores
-- its decision with the period (replied, on_time, on_time_without_extension, extended, and the handler who answered), and
-- the counters of timeliness_counts (migration 0008) add the period by these triggers, in the reopening's transaction, as
-- the request row's own triggers take its reply out when it opens again.
ALTER TABLE earlier_replies ADD COLUMN handler TEXT NULL;
ALTER TABLE earlier_replies ADD COLUMN replied INTEGER NOT NULL DEFAULT 0;
ALTER TABLE earlier_replies ADD COLUMN on_time_without_extension INTEGER NULL;
ALTER TABLE earlier_replies ADD COLUMN extended INTEGER NOT NULL DEFAULT 0;

-- Back-fill of the periods kept before this migration, from what their rows hold: on_time is set only for a period
-- answered (ReplyClockStatus: a reply, or an Art. 39 ¶1 answer, which counts as 501); the extension of the period is not
-- in the row, so none is assumed (on time without extension = on time); the handler is the request's.
UPDATE earlier_replies SET
    replied = CASE WHEN on_time IS NOT NULL AND outcome <> 501 THEN 1 ELSE 0 END,
    on_time_without_extension = on_time,
    handler = (SELECT r.handler FROM requests r WHERE r.id = earlier_replies.request_id);

INSERT INTO timeliness_counts (agency_code, closed_on, handler, replied, on_time, on_time_without_extension, extended)
SELECT agency_code, replied_on, COALESCE(handler, ''), COUNT(*), SUM(COALESCE(on_time, 0)), SUM(COALESCE(on_time_without_extension, 0)), SUM(extended)
FROM earlier_replies WHERE replied = 1
GROUP BY agency_code, replied_on, COALESCE(handler, '')
ON CONFLICT (agency_code, closed_on, handler) DO UPDATE SET replied = replied + excluded.replied, on_time = on_time + excluded.on_time,
    on_time_without_extension = on_time_without_extension + excluded.on_time_without_extension, extended = extended + excluded.extended;

CREATE TRIGGER tr_earlier_replies_counts_insert AFTER INSERT ON earlier_replies
BEGIN
    INSERT INTO timeliness_counts (agency_code, closed_on, handler, replied, on_time, on_time_without_extension, extended)
    SELECT NEW.agency_code, NEW.replied_on, COALESCE(NEW.handler, ''), 1, COALESCE(NEW.on_time, 0), COALESCE(NEW.on_time_without_extension, 0), NEW.extended
    WHERE NEW.replied = 1
    ON CONFLICT (agency_code, closed_on, handler) DO UPDATE SET replied = replied + excluded.replied, on_time = on_time + excluded.on_time,
        on_time_without_extension = on_time_without_extension + excluded.on_time_without_extension, extended = extended + excluded.extended;
END;

CREATE TRIGGER tr_earlier_replies_counts_delete AFTER DELETE ON earlier_replies
BEGIN
    UPDATE timeliness_counts SET replied = replied - 1, on_time = on_time - COALESCE(OLD.on_time, 0),
        on_time_without_extension = on_time_without_extension - COALESCE(OLD.on_time_without_extension, 0), extended = extended - OLD.extended
    WHERE OLD.replied = 1 AND agency_code = OLD.agency_code AND closed_on = OLD.replied_on AND handler = COALESCE(OLD.handler, '');
END;

CREATE TRIGGER tr_earlier_replies_counts_update AFTER UPDATE ON earlier_replies
WHEN OLD.agency_code IS NOT NEW.agency_code OR OLD.handler IS NOT NEW.handler OR OLD.replied_on IS NOT NEW.replied_on OR OLD.replied IS NOT NEW.replied
  OR OLD.on_time IS NOT NEW.on_time OR OLD.on_time_without_extension IS NOT NEW.on_time_without_extension OR OLD.extended IS NOT NEW.extended
BEGIN
    UPDATE timeliness_counts SET replied = replied - 1, on_time = on_time - COALESCE(OLD.on_time, 0),
        on_time_without_extension = on_time_without_extension - COALESCE(OLD.on_time_without_extension, 0), extended = extended - OLD.extended
    WHERE OLD.replied = 1 AND agency_code = OLD.agency_code AND closed_on = OLD.replied_on AND handler = COALESCE(OLD.handler, '');
    INSERT INTO timeliness_counts (agency_code, closed_on, handler, replied, on_time, on_time_without_extension, extended)
    SELECT NEW.agency_code, NEW.replied_on, COALESCE(NEW.handler, ''), 1, COALESCE(NEW.on_time, 0), COALESCE(NEW.on_time_without_extension, 0), NEW.extended
    WHERE NEW.replied = 1
    ON CONFLICT (agency_code, closed_on, handler) DO UPDATE SET replied = replied + excluded.replied, on_time = on_time + excluded.on_time,
        on_time_without_extension = on_time_without_extension + excluded.on_time_without_extension, extended = extended + excluded.extended;
END;
