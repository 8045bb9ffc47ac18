package io.kvaudit.model;

import java.util.List;

/**
 * What the activity stage saw, for results.json ({@code coverage.activity}) and the report: whether it ran (and why
 * not), its windows, how many audit rows it read, folded, dropped (platform and service events) or could not read,
 * where the logs came from, which answers were partial, and each vault's log coverage.
 *
 * @param skipped null when the stage ran; otherwise why it did not ("--no-activity", "the snapshot has no logs/")
 */
public record ActivityCoverage(String skipped, ActivityWindow window, long rows, long events, long dropped,
                               long unreadableRows, List<String> unreadableExamples, List<String> sources,
                               List<String> incomplete, List<LogCoverage> vaults) {

    public static ActivityCoverage skipped(String why, ActivityWindow window) {
        return new ActivityCoverage(why, window, 0, 0, 0, 0, List.of(), List.of(), List.of(), List.of());
    }

    /** Vaults whose audit logs go nowhere queryable. */
    public List<LogCoverage> notAssessable() { return vaults.stream().filter(v -> v.notAssessable() != null).toList(); }
}
