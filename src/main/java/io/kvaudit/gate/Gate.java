package io.kvaudit.gate;

import io.kvaudit.model.Coverage;
import io.kvaudit.model.Severity;

import java.util.Map;

/**
 * The CI gate: exit 3 when un-excepted FAIL results at or above the threshold exist (only those new since the
 * baseline, when one is given), else 4 when --fail-on-incomplete and something was not assessed, else 0.
 */
public final class Gate {

    public static final int PASSED = 0, INTERNAL_ERROR = 1, USAGE = 2, FAILED = 3, INCOMPLETE = 4;
    /** A scan stopped before its end (SIGTERM): 128 + 15, what a shell and Kubernetes report for SIGTERM. */
    public static final int STOPPED = 143;

    /** The verdict and the numbers behind it. */
    public record Verdict(int exitCode, long gatingFailures, long errors, String explanation) {}

    private Gate() {}

    /**
     * @param failsBySeverity un-excepted FAIL results per severity that count for the gate (baseline already applied)
     * @param errors          ERROR results of the run
     */
    public static Verdict decide(Severity failOn, boolean failOnIncomplete, Map<Severity, Long> failsBySeverity,
                                 long errors, Coverage coverage) {
        long gating = failsBySeverity.entrySet().stream().filter(e -> e.getKey().atOrAbove(failOn))
                .mapToLong(Map.Entry::getValue).sum();
        if (gating > 0)
            return new Verdict(FAILED, gating, errors, gating + " un-excepted FAIL result(s) at or above " + failOn.label());
        boolean incomplete = errors > 0 || !coverage.complete();
        if (failOnIncomplete && incomplete)
            return new Verdict(INCOMPLETE, 0, errors, "incomplete: " + coverage.vaultsNotAssessed() + " vault(s) and "
                    + coverage.subscriptionsFailed() + " subscription(s) not assessed, " + errors + " ERROR result(s)");
        String note = failOn == Severity.NONE ? "gate disabled (--fail-on none)" : "no un-excepted FAIL at or above " + failOn.label();
        return new Verdict(PASSED, 0, errors, note + (incomplete ? "; note: " + errors + " ERROR result(s), see coverage" : ""));
    }
}
