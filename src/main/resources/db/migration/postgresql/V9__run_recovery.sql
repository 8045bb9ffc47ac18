-- PostgreSQL's copy of h2/V9__run_recovery.sql: TEXT where H2 has CLOB, BYTEA where H2 has BLOB.
-- Crash and restart (docs/scheduling.md, "Interrupted, stopped and restarted runs").
-- Which process runs a RUNNING run and when it last showed it was alive: a run whose process is gone is INTERRUPTED.
ALTER TABLE kv_run ADD COLUMN owner VARCHAR(400);
ALTER TABLE kv_run ADD COLUMN heartbeat_at TIMESTAMP WITH TIME ZONE;
-- how often `kvaudit scan --restart` resumed the run, and the options it was started with (never a secret)
ALTER TABLE kv_run ADD COLUMN restarts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE kv_run ADD COLUMN request_json TEXT;
-- What an unfinished run has collected: discovery (part 'discovery', idx 0) and the vaults' inventories in batches
-- (part 'vault', idx = the place in discovery order of the batch's first vault, vaults = how many it holds), as
-- gzip-compressed JSON. Deleted when the run completes or is pruned.
CREATE TABLE kv_checkpoint (
    run_id  VARCHAR(64) NOT NULL,
    part    VARCHAR(16) NOT NULL,
    idx     INTEGER     NOT NULL,
    vaults  INTEGER     NOT NULL,
    payload BYTEA       NOT NULL,
    PRIMARY KEY (run_id, part, idx)
);
