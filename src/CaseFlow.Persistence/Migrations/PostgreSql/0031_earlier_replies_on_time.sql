-- On-time rates count every reply of a reopened request (follow-up of issue 14): each earlier reply period of a request
-- reopened after a challenge is its own reply in the supervisors' on-time rates (督办, dashboard), in the day it was served,
-- on time or late by its own clock. ReplyTimeliness (src/CaseFlow.Domain/Deadlines, Art. 33) decides, the workflow stores
-- its decision with the period (replied, on_time, on_time_without_extension, extended, and the handler who answered), and
-- the counters of timeliness_counts (migration 0008) add the period by this trigger, in the reopening's transaction, as
-- the request row's own trigger takes its reply out when it opens again.
ALTER TABLE earlier_replies ADD COLUMN handler TEXT NULL;
ALTER TABLE earlier_replies ADD COLUMN replied BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE earlier_replies ADD COLUMN on_time_without_extension BOOLEAN NULL;
ALTER TABLE earlier_replies ADD COLUMN extended BOOLEAN NOT NULL DEFAULT FALSE;

-- Back-fill of the periods kept before this migration, from what their rows hold: on_time is set only for a period
-- answered (ReplyClockStatus: a reply, or an Art. 39 ¶1 answer, which counts as 501); the extension of the period is not
-- in the row, so none is assumed (on time without extension = on time); the handler is the request's.
UPDATE earlier_replies e SET
    replied = (e.on_time IS NOT NULL AND e.outcome <> 501),
    on_time_without_extension = e.on_time,
    handler = (SELECT r.handler FROM requests r WHERE r.id = e.request_id);

INSERT INTO timeliness_counts AS t (agency_code, closed_on, handler, replied, on_time, on_time_without_extension, extended)
SELECT agency_code, replied_on, COALESCE(handler, ''), COUNT(*), SUM(CASE WHEN on_time THEN 1 ELSE 0 END),
       SUM(CASE WHEN on_time_without_extension THEN 1 ELSE 0 END), SUM(CASE WHEN extended THEN 1 ELSE 0 END)
FROM earlier_replies WHERE replied
GROUP BY agency_code, replied_on, COALESCE(handler, '')
ON CONFLICT (agency_code, closed_on, handler) DO UPDATE SET replied = t.replied + EXCLUDED.replied, on_time = t.on_time + EXCLUDED.on_time,
    on_time_without_extension = t.on_time_without_extension + EXCLUDED.on_time_without_extension, extended = t.extended + EXCLUDED.extended;

CREATE FUNCTION earlier_replies_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.replied THEN
        UPDATE timeliness_counts SET replied = replied - 1,
            on_time = on_time - CASE WHEN OLD.on_time THEN 1 ELSE 0 END,
            on_time_without_extension = on_time_without_extension - CASE WHEN OLD.on_time_without_extension THEN 1 ELSE 0 END,
            extended = extended - CASE WHEN OLD.extended THEN 1 ELSE 0 END
        WHERE agency_code = OLD.agency_code AND closed_on = OLD.replied_on AND handler = COALESCE(OLD.handler, '');
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.replied THEN
        INSERT INTO timeliness_counts AS t (agency_code, closed_on, handler, replied, on_time, on_time_without_extension, extended)
        VALUES (NEW.agency_code, NEW.replied_on, COALESCE(NEW.handler, ''), 1,
                CASE WHEN NEW.on_time THEN 1 ELSE 0 END,
                CASE WHEN NEW.on_time_without_extension THEN 1 ELSE 0 END,
                CASE WHEN NEW.extended THEN 1 ELSE 0 END)
        ON CONFLICT (agency_code, closed_on, handler) DO UPDATE SET replied = t.replied + EXCLUDED.replied, on_time = t.on_time + EXCLUDED.on_time,
            on_time_without_extension = t.on_time_without_extension + EXCLUDED.on_time_without_extension, extended = t.extended + EXCLUDED.extended;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER tr_earlier_replies_counts_insert_delete AFTER INSERT OR DELETE ON earlier_replies FOR EACH ROW EXECUTE FUNCTION earlier_replies_counts();
CREATE TRIGGER tr_earlier_replies_counts_update AFTER UPDATE ON earlier_replies FOR EACH ROW
WHEN ((OLD.agency_code, OLD.handler, OLD.replied_on, OLD.replied, OLD.on_time, OLD.on_time_without_extension, OLD.extended)
      IS DISTINCT FROM (NEW.agency_code, NEW.handler, NEW.replied_on, NEW.replied, NEW.on_time, NEW.on_time_without_extension, NEW.extended))
EXECUTE FUNCTION earlier_replies_counts();
