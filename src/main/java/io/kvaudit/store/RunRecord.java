package io.kvaudit.store;

import java.time.Instant;

/** A stored run's metadata and totals (one row of kv_run). JSON columns hold coverage, rule tallies,
 * exceptions, the rule metadata and framework mappings in force, and how the data was collected (so a stored run renders without rules/).
 * {@code manifestSha256} is the SHA-256 of the manifest.json its scan wrote (null before the report stage, and for runs
 * stored by a kvaudit that did not record it). {@code prunedAt} is when {@code kvaudit history prune} deleted the run's
 * results (null while they are there): the totals, tallies, coverage and trend stay, the results and the rule catalogue
 * are gone. {@code notification} is what became of the end-of-scan webhook notification (null when none was asked for).
 * {@code restarts} is how often {@code kvaudit scan --restart} resumed the run. {@code status} is RUNNING, COMPLETED,
 * FAILED, INTERRUPTED (its process went away without finishing) or STOPPED (SIGTERM: stopped gracefully). */
public record RunRecord(String runId, String status, Instant startedAt, Instant finishedAt, Instant asOf, String source,
                        String sourceLocation, String tenantId, String cloud, String toolVersion, String rulesDigest,
                        String identity, String failOn, String outDir, Integer exitCode, String errorMessage,
                        long passCount, long failCount, long errorCount, long mutedCount,
                        String coverageJson, String rulesJson, String exceptionsJson, String ruleCatalogJson,
                        String frameworksJson, String collectionJson, String manifestSha256, Instant prunedAt,
                        String notification, int restarts) {

    /** Whether {@code kvaudit history prune} deleted this run's results. */
    public boolean pruned() { return prunedAt != null; }
}
