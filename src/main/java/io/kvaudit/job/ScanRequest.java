package io.kvaudit.job;

import io.kvaudit.model.Severity;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** What the user asked one scan to do (the parsed options of {@code kvaudit scan}). */
public record ScanRequest(Path snapshot, Set<String> subscriptions, Path rulesDir, Path exceptionsFile, Instant asOf,
                          Path outDir, List<String> formats, Severity failOn, boolean failOnIncomplete, Path baselineFile,
                          boolean includePassed) {}
