package io.kvaudit.activity;

import io.kvaudit.model.ActivityWindow;
import io.kvaudit.model.LogFact;
import io.kvaudit.rules.AccessAnalysis;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What every detector may read besides its own vault: the windows, every vault's activity (for the detectors that
 * compare vaults or follow a caller across them), who is granted what, the listed IPs, and where the logs came from.
 */
public record ActivityContext(ActivityWindow window, Map<String, VaultActivity> vaults, AccessAnalysis access,
                              IpRanges listedIps, List<String> sources, Map<String, Object> memo) {

    public ActivityContext(ActivityWindow window, Map<String, VaultActivity> vaults, AccessAnalysis access, IpRanges listedIps,
                           List<String> sources) {
        this(window, vaults, access, listedIps, sources, new java.util.concurrent.ConcurrentHashMap<>());
    }

    /**
     * A value derived once per run from the whole run (an index over every vault's facts or every assignment), for the
     * detectors that look across vaults: detect runs once per vault, and rebuilding it each time grows with the square
     * of the vaults. Keyed by a name its detector chooses.
     */
    @SuppressWarnings("unchecked")
    public <T> T memo(String name, java.util.function.Supplier<T> make) {
        return (T) memo.computeIfAbsent(name, k -> make.get());
    }

    public Collection<VaultActivity> allVaults() { return vaults.values(); }

    /** Every fact of the run, vault by vault. */
    public Iterable<LogFact> allFacts() {
        return () -> vaults.values().stream().flatMap(v -> v.facts().stream()).iterator();
    }
}
