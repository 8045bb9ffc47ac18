-- PostgreSQL's copy of h2/V3__report_data.sql: TEXT where H2 has CLOB.
-- What reports need to render a stored run without the rules directory or a re-scan:
-- the rule metadata and framework mappings in force, and one summary row per vault for the inventory appendix.
ALTER TABLE kv_run ADD COLUMN rule_catalog_json TEXT;
ALTER TABLE kv_run ADD COLUMN frameworks_json TEXT;
-- new / fixed / still open since the previous completed run on the tenant, computed while results are recorded
ALTER TABLE kv_run ADD COLUMN trend_json VARCHAR(1000);

CREATE TABLE kv_vault (
    run_id                VARCHAR(64)   NOT NULL,
    vault_id              VARCHAR(2048) NOT NULL,
    name                  VARCHAR(128)  NOT NULL,
    subscription_id       VARCHAR(64),
    resource_group        VARCHAR(128),
    location              VARCHAR(64),
    rbac                  BOOLEAN,
    soft_delete           BOOLEAN,
    purge_protection      BOOLEAN,
    public_network_access VARCHAR(32),
    firewall_default      VARCHAR(16),
    private_endpoints     INTEGER,
    audit_logging         VARCHAR(32),
    secrets               INTEGER,
    keys                  INTEGER,
    certificates          INTEGER,
    tags_json             VARCHAR(4000),
    assessed              BOOLEAN       NOT NULL,
    reasons               VARCHAR(4000),
    PRIMARY KEY (run_id, vault_id)
);
