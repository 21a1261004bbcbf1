-- Time per stage (各环节用时, issue 15 item 3): what each closed request adds to the dashboard's time per stage, stored
-- when it closes instead of reading the whole audit history of the month's closed requests at every view. The workflow
-- (RequestSagaTable, in the transaction that closes a request) adds StageDurations.Contribution of its audit history to
-- the counters of its agency and closing day, and takes it back when the request is reopened; the dashboard sums them.
-- spent_ms is the summed time in whole milliseconds; requests the requests that spent time in the state.
-- Requests already closed are counted by the C# step registered for version 34 in Migrator (StageTimeBackfill), run after
-- this script in the same transaction: the rule lives in the Domain, not in SQL.
CREATE TABLE stage_time_counts (
    agency_code TEXT   NOT NULL,
    closed_on   DATE   NOT NULL,
    state       TEXT   NOT NULL,
    requests    BIGINT NOT NULL,
    spent_ms    BIGINT NOT NULL,
    PRIMARY KEY (agency_code, closed_on, state)
);
CREATE INDEX ix_stage_time_counts_closed ON stage_time_counts (closed_on, agency_code, state) INCLUDE (requests, spent_ms);
