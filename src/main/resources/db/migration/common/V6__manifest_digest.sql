-- The SHA-256 of the manifest.json a scan wrote: the run's anchor outside its output directory, so
-- `kvaudit verify DIR --run ID` can tell a rewritten manifest from the genuine one. Set once, by the scan; a later
-- `kvaudit report --run ID` does not change it. NULL for runs stored before this column existed.
ALTER TABLE kv_run ADD COLUMN manifest_sha256 VARCHAR(64);
