-- PostgreSQL's copy of h2/V4__collection_stats.sql: TEXT where H2 has CLOB.
-- How a run collected its data: API calls by kind, throttled calls, retries, requests in flight, wall time per stage.
ALTER TABLE kv_run ADD COLUMN collection_json TEXT;
