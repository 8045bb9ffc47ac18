package io.kvaudit.activity.detectors;

import io.kvaudit.activity.ActivityContext;
import io.kvaudit.activity.Detector;
import io.kvaudit.activity.DetectorParams;
import io.kvaudit.activity.Evidence;
import io.kvaudit.activity.Finding;
import io.kvaudit.activity.VaultActivity;
import io.kvaudit.model.Collected;
import io.kvaudit.model.LogFact;
import io.kvaudit.model.ObjectAttributes;
import io.kvaudit.model.Principal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Successful reads in the detection window of a secret, key or certificate after its expiry: a consumer still
 * depends on it. Reads are SecretGet, CertificateGet, and for keys KeyGet and the operations that protect new data
 * with the key or hand it out (sign, encrypt, wrap, release); decrypting, unwrapping and verifying with an expired key
 * is what Key Vault allows it for, and is not flagged. The expiry is the current version's, the only one the
 * inventory holds. One finding per object and caller.
 */
public final class ExpiredObjectRead implements Detector {

    static final Map<String, Set<String>> READS = Map.of(
            "secrets", Set.of("SecretGet"),
            "keys", Set.of("KeyGet", "KeySign", "KeyEncrypt", "KeyWrap", "KeyRelease"),
            "certificates", Set.of("CertificateGet"));

    /** An object as the inventory lists it: what this detector needs of a secret, key or certificate. */
    private record Listed(String name, String id, ObjectAttributes attributes) {}

    @Override
    public String id() { return "activity-expired-object-read"; }

    @Override
    public void detect(VaultActivity vault, ActivityContext context, DetectorParams params, List<Finding> out) {
        Map<String, Map<String, Listed>> inventory = new HashMap<>();
        Map<String, String> notCollected = new TreeMap<>();
        index(inventory, notCollected, "secrets", vault.inventory().secrets().map(l -> l.stream()
                .map(s -> new Listed(s.name(), s.id(), s.attributes())).toList()));
        index(inventory, notCollected, "keys", vault.inventory().keys().map(l -> l.stream()
                .map(k -> new Listed(k.name(), k.id(), k.attributes())).toList()));
        index(inventory, notCollected, "certificates", vault.inventory().certificates().map(l -> l.stream()
                .map(c -> new Listed(c.name(), c.id(), c.attributes())).toList()));
        Map<String, List<LogFact>> byObjectAndCaller = new TreeMap<>();
        Map<String, Long> unjudged = new TreeMap<>();
        for (LogFact f : vault.facts()) {
            if (!context.window().inDetection(f.bucket()) || !f.succeeded() || f.caller().isAnonymous() || f.objectName() == null
                    || !READS.getOrDefault(f.objectKind(), Set.of()).contains(f.operation())) continue;
            Map<String, Listed> known = inventory.get(f.objectKind());
            if (known == null) {
                unjudged.merge(f.objectKind(), f.count(), Long::sum);
                continue;
            }
            Listed object = known.get(f.objectName());
            // an object no longer listed has no expiry to judge against
            if (object == null) continue;
            Instant exp = object.attributes().expires();
            if (exp == null || !f.lastSeen().isAfter(exp)) continue;
            byObjectAndCaller.computeIfAbsent(object.id() + "\u0000" + f.caller().key(), k -> new ArrayList<>()).add(f);
        }
        byObjectAndCaller.forEach((key, facts) -> {
            LogFact first = facts.get(0);
            Listed object = inventory.get(first.objectKind()).get(first.objectName());
            ObjectAttributes a = object.attributes();
            Instant exp = a.expires();
            Principal who = first.caller();
            Map<String, Long> operations = new TreeMap<>();
            long events = 0;
            Instant firstAfter = null, last = null;
            for (LogFact f : facts) {
                operations.merge(f.operation(), f.count(), Long::sum);
                events += f.count();
                Instant after = f.firstSeen().isAfter(exp) ? f.firstSeen() : f.lastSeen();
                if (firstAfter == null || after.isBefore(firstAfter)) firstAfter = after;
                if (last == null || f.lastSeen().isAfter(last)) last = f.lastSeen();
            }
            String kind = first.objectKind().substring(0, first.objectKind().length() - 1);
            Duration past = Duration.between(exp, last);
            long daysPast = past.toDays();
            Evidence e = Evidence.detection(context.window()).principal(who).put("objectKind", kind).put("expires", exp.toString())
                    .put("enabled", a.enabled() == null ? "unknown" : a.enabled()).put("operations", operations)
                    .put("readEvents", events).put("firstReadAfterExpiry", firstAfter.toString()).put("lastRead", last.toString())
                    .put("daysPastExpiry", daysPast);
            out.add(new Finding(object.id(), kind, who, null, who.display() + " read " + kind + " " + object.name() + " in "
                    + vault.vault().name() + " " + events + " time(s) after it expired on " + exp + " (last read " + last + ", "
                    + (daysPast >= 1 ? daysPast + " days" : past.toHours() + " hours") + " past its expiry)",
                    e.examples(facts).vault(vault, context.sources()).map()));
        });
        if (!unjudged.isEmpty()) {
            List<String> parts = new ArrayList<>();
            unjudged.forEach((kind, n) -> parts.add(n + " read(s) of " + kind + ", " + notCollected.get(kind)));
            out.add(Finding.notAssessed(vault.id(), "vault", null, "not assessed: " + String.join("; ", parts),
                    Evidence.detection(context.window()).put("notCollected", notCollected).put("unjudgedReads", unjudged)
                            .vault(vault, context.sources()).map()));
        }
    }

    private static void index(Map<String, Map<String, Listed>> inventory, Map<String, String> notCollected, String kind,
                              Collected<List<Listed>> objects) {
        if (!objects.isPresent()) {
            notCollected.put(kind, objects.reason());
            return;
        }
        Map<String, Listed> byName = new HashMap<>();
        for (Listed o : objects.orNull()) byName.put(o.name().toLowerCase(Locale.ROOT), o);
        inventory.put(kind, byName);
    }
}
