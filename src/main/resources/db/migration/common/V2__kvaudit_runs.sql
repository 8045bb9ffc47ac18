-- kvaudit run history, portable SQL (H2, PostgreSQL): one row per scan run; one row per FAIL, ERROR or MUTED result;
-- PASS results, the bulk of a large tenant and carrying nothing but a rule and a resource, in compressed chunks.
CREATE TABLE kv_run (
    run_id           VARCHAR(64)   NOT NULL PRIMARY KEY,
    job_execution_id BIGINT,
    status           VARCHAR(16)   NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at      TIMESTAMP WITH TIME ZONE,
    as_of            TIMESTAMP WITH TIME ZONE NOT NULL,
    source           VARCHAR(16)   NOT NULL,
    source_location  VARCHAR(2048),
    tenant_id        VARCHAR(64),
    cloud            VARCHAR(32),
    tool_version     VARCHAR(32),
    rules_digest     VARCHAR(80),
    identity         VARCHAR(256),
    fail_on          VARCHAR(16),
    out_dir          VARCHAR(2048),
    exit_code        INTEGER,
    error_message    VARCHAR(4000),
    pass_count       INTEGER,
    fail_count       INTEGER,
    error_count      INTEGER,
    muted_count      INTEGER,
    coverage_json    CLOB,
    rules_json       CLOB,
    exceptions_json  CLOB
);

-- Results are appended in a deterministic order (seq) and read back in it: an append-only key keeps bulk inserts
-- cheap. Controls are not repeated per row: they come from the run's stored rule catalogue.
CREATE TABLE kv_result (
    run_id          VARCHAR(64)   NOT NULL,
    seq             BIGINT        NOT NULL,
    rule_id         VARCHAR(128)  NOT NULL,
    status          VARCHAR(8)    NOT NULL,
    severity        VARCHAR(16)   NOT NULL,
    resource_id     VARCHAR(2048) NOT NULL,
    resource_type   VARCHAR(32),
    subscription_id VARCHAR(64),
    vault_name      VARCHAR(128),
    message         VARCHAR(4000),
    evidence_json   VARCHAR(100000),
    fingerprint     CHAR(64)      NOT NULL,
    first_seen      TIMESTAMP WITH TIME ZONE,
    exception_json  VARCHAR(4000),
    PRIMARY KEY (run_id, seq)
);

-- PASS results of one rule: the resource ids, newline-separated and gzip-compressed, in chunks of up to 10,000.
-- Everything else about a PASS result (fingerprint, vault, subscription, severity) derives from rule and resource.
CREATE TABLE kv_pass (
    run_id       VARCHAR(64)  NOT NULL,
    rule_id      VARCHAR(128) NOT NULL,
    chunk        INTEGER      NOT NULL,
    resources    INTEGER      NOT NULL,
    resource_ids BLOB         NOT NULL,
    PRIMARY KEY (run_id, rule_id, chunk)
);
