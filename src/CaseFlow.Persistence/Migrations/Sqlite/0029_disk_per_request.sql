-- Disk per request (issue 15 item 5; README "caseflow bench disk", which measures every table and index).
-- Indexes on requests that hold every request for statements that read a few or none of them:
-- ix_requests_closed_timeliness (migration 0006) served the dashboard's timeliness counts of every agency, which read
-- timeliness_counts since migration 0008; what else used it (the recount that checks those counters, the open requests of
-- a calendar, the state history of every agency) reads the same closed_on range of ix_requests_report_open.
-- (ix_requests_timeliness stays: the workbench's count of a handler's requests reads it alone.) The dashboard's oldest
-- open requests read only open rows: its index keeps only them. The fee figures read the few requests with a fee of the
-- year asked: their indexes keep only those, the year first (so the figure of every agency reads one range too) and the
-- amount in it (the sum reads the index only).
DROP INDEX ix_requests_closed_timeliness;
DROP INDEX ix_requests_open_received;
CREATE INDEX ix_requests_open_received ON requests (agency_code, closed_on, received_on) WHERE closed_on IS NULL;
DROP INDEX ix_requests_fee_charged;
CREATE INDEX ix_requests_fee_charged ON requests (fee_charged_year, agency_code, fee_amount_fen) WHERE fee_charged_year IS NOT NULL;
DROP INDEX ix_requests_fee_collected;
CREATE INDEX ix_requests_fee_collected ON requests (fee_collected_year, agency_code, fee_amount_fen) WHERE fee_collected_year IS NOT NULL;
