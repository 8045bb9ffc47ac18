package io.kvaudit.activity.detectors;

import io.kvaudit.activity.ActivityContext;
import io.kvaudit.activity.Detector;
import io.kvaudit.activity.DetectorParams;
import io.kvaudit.activity.Evidence;
import io.kvaudit.activity.Finding;
import io.kvaudit.activity.VaultActivity;
import io.kvaudit.model.LogFact;
import io.kvaudit.model.Principal;
import io.kvaudit.model.Secret;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One caller retrieving many of a vault's secrets and keys in the detection window (Sentinel's "Mass secret
 * retrieval"): more than {@code distinctObjectsAbove} distinct objects and more than {@code readEventsAbove} read
 * events, or at least {@code vaultShare} of the vault's secrets when it holds {@code minVaultSecrets} or more.
 * Retrievals are successful SecretGet and KeyGet calls; objects are counted by name, not version, per vault.
 */
public final class MassSecretRead implements Detector {

    static final Set<String> RETRIEVALS = Set.of("SecretGet", "KeyGet");

    @Override
    public String id() { return "activity-mass-secret-read"; }

    @Override
    public void detect(VaultActivity vault, ActivityContext context, DetectorParams params, List<Finding> out) {
        long distinctAbove = params.integer("distinctObjectsAbove"), eventsAbove = params.integer("readEventsAbove");
        double share = params.decimal("vaultShare");
        long minSecrets = params.integer("minVaultSecrets");
        Map<String, List<LogFact>> byCaller = new TreeMap<>();
        Map<String, Principal> callers = new LinkedHashMap<>();
        for (LogFact f : vault.facts()) {
            if (!context.window().inDetection(f.bucket()) || !f.succeeded() || !RETRIEVALS.contains(f.operation())
                    || f.objectName() == null || f.caller().isAnonymous()) continue;
            byCaller.computeIfAbsent(f.caller().key(), k -> new ArrayList<>()).add(f);
            callers.put(f.caller().key(), f.caller());
        }
        List<Secret> secrets = vault.inventory().secrets().orNull();
        Set<String> vaultSecrets = new TreeSet<>();
        if (secrets != null) secrets.forEach(s -> vaultSecrets.add(s.name().toLowerCase(java.util.Locale.ROOT)));
        byCaller.forEach((key, facts) -> {
            Set<String> objects = new TreeSet<>(), secretsRead = new TreeSet<>();
            long events = 0;
            for (LogFact f : facts) {
                objects.add(f.objectKind() + "/" + f.objectName());
                if (f.objectKind().equals("secrets") && vaultSecrets.contains(f.objectName())) secretsRead.add(f.objectName());
                events += f.count();
            }
            boolean volume = objects.size() > distinctAbove && events > eventsAbove;
            boolean mostOfVault = vaultSecrets.size() >= minSecrets && secretsRead.size() >= share * vaultSecrets.size();
            if (!volume && !mostOfVault) return;
            Principal who = callers.get(key);
            Evidence e = Evidence.detection(context.window()).principal(who)
                    .put("distinctObjects", objects.size()).put("distinctObjectsAbove", distinctAbove)
                    .put("readEvents", events).put("readEventsAbove", eventsAbove)
                    .put("vaultSecrets", secrets == null ? "not collected" : vaultSecrets.size())
                    .put("vaultSecretsRead", secretsRead.size()).put("vaultShare", share)
                    .put("objects", objects.size() <= 25 ? List.copyOf(objects) : List.copyOf(objects).subList(0, 25));
            out.add(new Finding(vault.id(), "vault", who, null, who.display() + " retrieved " + objects.size()
                    + " distinct secrets and keys (" + events + " reads) from " + vault.vault().name()
                    + (mostOfVault ? ", " + secretsRead.size() + " of its " + vaultSecrets.size() + " secrets" : ""),
                    e.examples(facts).vault(vault, context.sources()).map()));
        });
    }
}
