package io.kvaudit.store;

import java.time.Instant;

/**
 * What changed since the run a scan compared with: the newest earlier completed run on the same tenant that still had
 * its results when the scan was recorded. Open results (FAIL or MUTED) that are new, fixed (open then, not now) and
 * still open. Null previous run = nothing to compare with: the first run, or every earlier run pruned.
 *
 * @param pruned the newer earlier runs that could not be compared with because {@code kvaudit history prune} had
 *               deleted their results, or null when there were none (the usual case: the latest completed run of a
 *               tenant is never pruned)
 */
public record Trend(String previousRunId, Instant previousStartedAt, int newCount, int fixedCount, int stillOpenCount,
                    Pruned pruned) {

    /**
     * Completed runs newer than the compared one (all earlier runs when there is none) whose results had been pruned.
     *
     * @param runs            how many
     * @param latestRunId     the newest of them: the run the scan would have compared with
     * @param latestStartedAt when it started
     */
    public record Pruned(int runs, String latestRunId, Instant latestStartedAt) {}
}
