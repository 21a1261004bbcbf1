-- Scale (issue 15, ADR workflows/adr/0003-scale.md).
-- The outbox relay leases rows instead of holding the write transaction while it publishes; a row whose type this
-- node cannot read is parked (kept, with the reason) so the rows after it flow.
ALTER TABLE outbox ADD lease_owner VARCHAR(64) NULL, lease_until DATETIME2 NULL, parked_at DATETIME2 NULL, park_reason NVARCHAR(400) NULL;
-- Pruning: processed inbox ids by age.
CREATE INDEX ix_inbox_received ON inbox (received_at);

-- The public status lookup filters on tracking_number alone (across agencies): its own index.
CREATE INDEX ix_requests_tracking_number ON requests (tracking_number);
-- The open list's full order, tie-break included (a mass application registers thousands on one day).
DROP INDEX ix_requests_open_due ON requests;
CREATE INDEX ix_requests_open_due ON requests (agency_code, closed_on, reply_due_on, tracking_number);
-- "All" in registration order, tie-break included.
DROP INDEX ix_requests_agency_received ON requests;
CREATE INDEX ix_requests_agency_received ON requests (agency_code, registered_at, tracking_number);
-- The workbench's handler choices come from the agency's users, not from its requests.
CREATE INDEX ix_users_agency ON users (agency_code, user_name);
