-- What became of the scan's end-of-run notification (`kvaudit scan --notify-webhook`): delivered or failed, to which
-- host, after how many attempts, with the last HTTP status or I/O error. Never the webhook's path or query string,
-- which carry its key. NULL when no notification was asked for. Portable SQL (H2, PostgreSQL).
ALTER TABLE kv_run ADD COLUMN notification VARCHAR(1000);
