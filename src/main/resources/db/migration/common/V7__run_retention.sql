-- Retention (`kvaudit history prune`): when a run's bulky per-result data was deleted. The run row itself stays, with
-- its totals, per-rule tallies (rules_json), coverage, trend and manifest digest; its kv_result, kv_pass and kv_vault
-- rows, its rule catalogue and framework mappings (rule_catalog_json, frameworks_json) and Spring Batch's records of
-- it are gone. NULL for a run whose results are all there. Portable SQL (H2, PostgreSQL).
ALTER TABLE kv_run ADD COLUMN pruned_at TIMESTAMP WITH TIME ZONE;
