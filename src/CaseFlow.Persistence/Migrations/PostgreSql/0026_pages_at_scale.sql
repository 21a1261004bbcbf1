-- Pages at scale (issue 15 item 3, ADR workflows/adr/0004-pages-at-scale.md).
-- The 督办 due-soon and overdue lists are paged: their filter (agency, open, clock running, due date) and their full order
-- (reply_due_on, tracking_number: tie-break included) come from one partial index of the open requests only, so a page
-- and its count read the open requests of the agency, never the closed ones. The dashboard's open-by-days-left reads it too.
DROP INDEX ix_requests_running_due;
CREATE INDEX ix_requests_running_due ON requests (agency_code, clock_running, reply_due_on, tracking_number) WHERE closed_on IS NULL;
