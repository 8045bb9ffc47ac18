package io.kvaudit.store;

import java.time.Instant;

/** A stored run's metadata and totals (one row of kv_run). JSON columns hold coverage, rule tallies,
 * exceptions, the rule metadata and framework mappings in force, and how the data was collected (so a stored run renders without rules/).
 * {@code manifestSha256} is the SHA-256 of the manifest.json its scan wrote (null before the report stage, and for runs
 * stored by a kvaudit that did not record it). */
public record RunRecord(String runId, String status, Instant startedAt, Instant finishedAt, Instant asOf, String source,
                        String sourceLocation, String tenantId, String cloud, String toolVersion, String rulesDigest,
                        String identity, String failOn, String outDir, Integer exitCode, String errorMessage,
                        long passCount, long failCount, long errorCount, long mutedCount,
                        String coverageJson, String rulesJson, String exceptionsJson, String ruleCatalogJson,
                        String frameworksJson, String collectionJson, String manifestSha256) {}
