package io.kvaudit.activity.detectors;

import io.kvaudit.activity.ActivityContext;
import io.kvaudit.activity.Detector;
import io.kvaudit.activity.DetectorParams;
import io.kvaudit.activity.Evidence;
import io.kvaudit.activity.Finding;
import io.kvaudit.activity.VaultActivity;
import io.kvaudit.model.LogFact;
import io.kvaudit.model.Principal;
import io.kvaudit.model.Severity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Successful destructive or exfiltrating operations in the detection window: deleting the vault, purging an object
 * (high), backing one up or changing the vault's access policies (medium). One finding per object (the vault, for
 * vault operations) and caller, with every such operation it made.
 */
public final class SensitiveOperation implements Detector {

    @Override
    public String id() { return "activity-sensitive-operation"; }

    @Override
    public void detect(VaultActivity vault, ActivityContext context, DetectorParams params, List<Finding> out) {
        List<String> high = params.strings("highOperations"), medium = params.strings("mediumOperations");
        Map<String, List<LogFact>> byResourceAndCaller = new TreeMap<>();
        Map<String, Principal> callers = new LinkedHashMap<>();
        for (LogFact f : vault.facts()) {
            if (!context.window().inDetection(f.bucket()) || !f.succeeded()) continue;
            if (!high.contains(f.operation()) && !medium.contains(f.operation())) continue;
            String resource = f.objectId() != null ? f.objectId() : vault.id();
            String key = resource + "\u0000" + f.caller().key();
            byResourceAndCaller.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
            callers.put(key, f.caller());
        }
        byResourceAndCaller.forEach((key, facts) -> {
            String resource = key.substring(0, key.indexOf('\u0000'));
            Map<String, Long> operations = new TreeMap<>();
            boolean destructive = false;
            for (LogFact f : facts) {
                operations.merge(f.operation(), f.count(), Long::sum);
                destructive |= high.contains(f.operation());
            }
            Principal who = callers.get(key);
            String kind = facts.get(0).objectKind();
            out.add(new Finding(resource, kind == null ? "vault" : kind.substring(0, kind.length() - 1), who,
                    destructive ? Severity.HIGH : Severity.MEDIUM,
                    who.display() + " ran " + String.join(", ", operations.keySet()) + " on "
                            + (facts.get(0).objectName() == null ? "vault " + vault.vault().name() : kind + "/" + facts.get(0).objectName()),
                    Evidence.detection(context.window()).principal(who).put("operations", operations)
                            .examples(facts).vault(vault, context.sources()).map()));
        });
    }
}
