-- kvaudit run history, portable SQL (H2, PostgreSQL): one row per scan run; its results, every one with its status, in
-- compressed per-rule chunks (FAIL / ERROR / MUTED in full, PASS as the resource ids they carry).
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

-- FAIL, ERROR and MUTED results of one rule, in evaluation order: JSON lines (one result each, with its first-seen
-- time), gzip-compressed, in chunks. A large tenant gives hundreds of thousands of results; one row per result cost
-- more than the evaluation itself, while a run is only ever read whole (reports, the next run's trend).
CREATE TABLE kv_result (
    run_id   VARCHAR(64)  NOT NULL,
    rule_id  VARCHAR(128) NOT NULL,
    chunk    INTEGER      NOT NULL,
    results  INTEGER      NOT NULL,
    payload  BLOB         NOT NULL,
    PRIMARY KEY (run_id, rule_id, chunk)
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
