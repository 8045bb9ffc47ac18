package io.kvaudit.notify;

import io.kvaudit.model.RuleTally;
import io.kvaudit.store.Trend;

import java.time.Instant;
import java.util.List;

/**
 * What a scan's end-of-run notification says (docs/notifications.md): the run, its counts, the gate's verdict and
 * exit code, the trend and where the reports are. Nothing secret reaches it: no credential, no identity, no webhook
 * URL, no snapshot or database location.
 *
 * @param status      COMPLETED or FAILED
 * @param tallies     per rule and detector (empty when the run failed before they were counted)
 * @param verdict     the gate's explanation, or the first line of the error of a failed run
 * @param trend       null when the run failed
 * @param outDir      the --out directory, as given
 * @param files       the files written into it (report.html, results.json, manifest.json...)
 * @param error       the first line of a failed run's error, else null
 */
public record ScanNotification(String runId, String status, String tenantId, String source, Instant asOf, Instant startedAt,
                               Instant finishedAt, String toolVersion, List<RuleTally> tallies, long passCount,
                               long failCount, long errorCount, long mutedCount, String failOn, boolean failOnIncomplete,
                               int exitCode, String verdict, Trend trend, String outDir, List<String> files,
                               String manifestSha256, String error) {}
