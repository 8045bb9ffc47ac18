package io.kvaudit.activity;

import io.kvaudit.model.LogCoverage;
import io.kvaudit.model.LogFact;
import io.kvaudit.model.Vault;
import io.kvaudit.model.VaultInventory;
import io.kvaudit.rules.AccessAnalysis;

import java.util.List;

/** One vault as detectors see it: its inventory, its log coverage, its facts (sorted) and the assignments that apply to it. */
public record VaultActivity(VaultInventory inventory, LogCoverage coverage, List<LogFact> facts,
                            List<AccessAnalysis.EffectiveAssignment> assignments) {

    public Vault vault() { return inventory.vault(); }

    public String id() { return inventory.vault().id(); }
}
