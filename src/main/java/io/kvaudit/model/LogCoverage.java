package io.kvaudit.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the logs can say about one vault. {@code from}..{@code to} is the span the logs cover (null when none):
 * from the workspace's queried window where it is known, else from the vault's own first event to the end of the
 * window. {@code events} counts every audit row of the vault in the windows, platform and service events included;
 * {@code firstEvent}/{@code lastEvent} are the first and last of them. {@code workspaces} are the workspaces its
 * diagnostic settings send AuditEvent to. {@code notAssessable} is set when nothing queryable holds its audit logs,
 * with the reason; {@code incomplete} when the logs were read only in part (a partial Log Analytics answer).
 */
public record LogCoverage(String vaultId, List<String> workspaces, Instant from, Instant to, long events,
                          Instant firstEvent, Instant lastEvent, String notAssessable, String incomplete) {

    /** Days of history the logs hold before {@code asOf}, 0 when none. */
    public double days(Instant asOf) {
        if (from == null) return 0;
        return Math.max(0, Duration.between(from, asOf).toSeconds() / 86_400.0);
    }
}
