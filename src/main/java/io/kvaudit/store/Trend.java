package io.kvaudit.store;

import java.time.Instant;
import java.util.Map;

/**
 * What changed since the previous completed run on the same tenant: open results (FAIL or MUTED) that are new, fixed
 * (open then, not now) and still open, plus when each open result was first seen. Null previous run = first run.
 */
public record Trend(String previousRunId, Instant previousStartedAt, int newCount, int fixedCount, int stillOpenCount,
                    Map<String, Instant> firstSeen) {}
