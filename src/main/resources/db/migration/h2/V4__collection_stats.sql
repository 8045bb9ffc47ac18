-- How a run collected its data: API calls by kind, throttled calls, retries, requests in flight, wall time per stage.
ALTER TABLE kv_run ADD COLUMN collection_json CLOB;
