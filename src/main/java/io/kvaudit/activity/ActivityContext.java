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
                              IpRanges listedIps, List<String> sources) {

    public Collection<VaultActivity> allVaults() { return vaults.values(); }

    /** Every fact of the run, vault by vault. */
    public Iterable<LogFact> allFacts() {
        return () -> vaults.values().stream().flatMap(v -> v.facts().stream()).iterator();
    }
}
