package io.kvaudit.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which runs {@code kvaudit history prune} deletes the results of: a pure decision over the stored runs.
 *
 * <p>A run keeps its results when any of these holds: it is one of the {@code keepRuns} newest runs of its tenant
 * (whatever their status); it started less than {@code keepDays} days ago; it is still RUNNING; it is the latest
 * COMPLETED run of its tenant that has its results (the one the next scan compares with, so the trend always has a
 * base). Every other run
 * not already pruned is pruned. Tenants are judged apart, as the trend compares runs of one tenant only.
 */
public final class Retention {

    /** A stored run as retention sees it, newest first. */
    public record Run(String runId, String status, String tenantId, Instant startedAt, boolean pruned) {}

    /** Why a run stays, or that it goes. */
    public enum Verdict {
        PRUNE("prune"), ALREADY_PRUNED("already pruned"), RUNNING("running"), LATEST_COMPLETED("latest completed run of its tenant"),
        NEWEST_RUNS("among the newest runs of its tenant"), RECENT("started within the kept days");

        public final String label;

        Verdict(String label) { this.label = label; }
    }

    public record Decision(Run run, Verdict verdict) {
        public boolean prune() { return verdict == Verdict.PRUNE; }
    }

    /**
     * @param keepRuns how many of each tenant's newest runs keep their results, or null
     * @param keepDays runs started within this many days of {@code now} keep their results, or null
     */
    public record Policy(Integer keepRuns, Integer keepDays) {
        public Policy {
            if (keepRuns == null && keepDays == null) throw new IllegalArgumentException("a retention policy needs --keep-runs or --keep-days");
            if (keepRuns != null && keepRuns < 0 || keepDays != null && keepDays < 0)
                throw new IllegalArgumentException("retention counts cannot be negative");
        }

        public String describe() {
            List<String> keep = new ArrayList<>();
            if (keepRuns != null) keep.add("the " + keepRuns + " newest run" + (keepRuns == 1 ? "" : "s") + " of each tenant");
            if (keepDays != null) keep.add("runs started in the last " + keepDays + " day" + (keepDays == 1 ? "" : "s"));
            return String.join(" and ", keep);
        }
    }

    private Retention() {}

    /** One decision per run, in the order given (newest first). */
    public static List<Decision> decide(List<Run> newestFirst, Policy policy, Instant now) {
        Instant cutoff = policy.keepDays() == null ? null : now.minus(Duration.ofDays(policy.keepDays()));
        Map<String, Integer> seen = new HashMap<>();
        Map<String, Boolean> completedSeen = new HashMap<>();
        List<Decision> out = new ArrayList<>();
        for (Run r : newestFirst) {
            String tenant = Objects.requireNonNullElse(r.tenantId(), "");
            int position = seen.merge(tenant, 1, Integer::sum);
            // the newest completed run that still has its results: what the tenant's next scan compares with
            boolean base = "COMPLETED".equals(r.status()) && !r.pruned() && completedSeen.putIfAbsent(tenant, true) == null;
            Verdict v;
            if ("RUNNING".equals(r.status())) v = Verdict.RUNNING;
            else if (base) v = Verdict.LATEST_COMPLETED;
            else if (r.pruned()) v = Verdict.ALREADY_PRUNED;
            else if (policy.keepRuns() != null && position <= policy.keepRuns()) v = Verdict.NEWEST_RUNS;
            else if (cutoff != null && r.startedAt().isAfter(cutoff)) v = Verdict.RECENT;
            else v = Verdict.PRUNE;
            out.add(new Decision(r, v));
        }
        return out;
    }
}
