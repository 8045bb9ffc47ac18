package io.kvaudit.job;

import io.kvaudit.model.Severity;
import io.kvaudit.report.ReportFormat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

/** What the user asked one scan to do (the parsed options of {@code kvaudit scan}). */
public record ScanRequest(Path snapshot, Set<String> subscriptions, Path rulesDir, Path exceptionsFile, Instant asOf,
                          Path outDir, Set<ReportFormat> formats, Severity failOn, boolean failOnIncomplete, Path baselineFile,
                          boolean includePassed) {}
