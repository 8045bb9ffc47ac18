package io.kvaudit.store;

import java.util.Optional;

/**
 * The run a new scan compares with for its trend and first-seen dates: the newest earlier completed run on the same
 * tenant that still has its results. Runs between it and the new scan whose results were pruned are skipped, and
 * named in {@code pruned}, so the reports can say that new and fixed are counted against an older run (or against
 * nothing, when every earlier run was pruned).
 *
 * @param pruned null when no completed run was skipped
 */
public record Comparison(Optional<RunRecord> previous, Trend.Pruned pruned) {

    public static final Comparison NONE = new Comparison(Optional.empty(), null);
}
