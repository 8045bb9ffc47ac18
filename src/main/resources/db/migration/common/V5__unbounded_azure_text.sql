-- Text that comes from Azure (or a snapshot) is stored whole: a vault may carry 50 tags of 256 characters, and a
-- bounded column made kvaudit cut the tags' JSON and fail parsing it back. VARCHAR without a length is unbounded in
-- H2 2.x and in PostgreSQL alike; kvaudit never truncates a value it reads back.
ALTER TABLE kv_vault ALTER COLUMN tags_json SET DATA TYPE VARCHAR;
ALTER TABLE kv_vault ALTER COLUMN reasons SET DATA TYPE VARCHAR;
ALTER TABLE kv_vault ALTER COLUMN vault_id SET DATA TYPE VARCHAR;
ALTER TABLE kv_vault ALTER COLUMN name SET DATA TYPE VARCHAR;
ALTER TABLE kv_vault ALTER COLUMN subscription_id SET DATA TYPE VARCHAR;
ALTER TABLE kv_vault ALTER COLUMN resource_group SET DATA TYPE VARCHAR;
ALTER TABLE kv_vault ALTER COLUMN location SET DATA TYPE VARCHAR;
ALTER TABLE kv_vault ALTER COLUMN public_network_access SET DATA TYPE VARCHAR;
ALTER TABLE kv_vault ALTER COLUMN firewall_default SET DATA TYPE VARCHAR;
ALTER TABLE kv_run ALTER COLUMN tenant_id SET DATA TYPE VARCHAR;
ALTER TABLE kv_run ALTER COLUMN cloud SET DATA TYPE VARCHAR;
ALTER TABLE kv_run ALTER COLUMN identity SET DATA TYPE VARCHAR;
