package io.kvaudit.activity.detectors;

import io.kvaudit.activity.ActivityContext;
import io.kvaudit.activity.Detector;
import io.kvaudit.activity.DetectorParams;
import io.kvaudit.activity.Evidence;
import io.kvaudit.activity.Finding;
import io.kvaudit.activity.Operations;
import io.kvaudit.activity.VaultActivity;
import io.kvaudit.model.ActivityWindow;
import io.kvaudit.model.Certificate;
import io.kvaudit.model.Collected;
import io.kvaudit.model.Key;
import io.kvaudit.model.LogFact;
import io.kvaudit.model.ObjectAttributes;
import io.kvaudit.model.Secret;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Enabled, unexpired secrets, keys and certificates older than {@code days} that nothing read or used in the last
 * {@code days} days before --as-of. A read or use is a successful {@link Operations#READS} call naming the object;
 * listing, writing and denied reads are not use. A certificate and the key and secret Key Vault keeps under its
 * name are one object: a read of any of the three counts for all, and the certificate stands for them in results.
 */
public final class DormantObject implements Detector {

    private static final List<String> KINDS = List.of("certificates", "secrets", "keys");

    @Override
    public String id() { return "activity-dormant-object"; }

    @Override
    public double historyDays(DetectorParams params, ActivityWindow window) { return params.integer("days"); }

    /** One object as judged here. */
    private record Item(String kind, String name, String id, ObjectAttributes attributes, boolean certificateBacked) {}

    @Override
    public void detect(VaultActivity vault, ActivityContext context, DetectorParams params, List<Finding> out) {
        long days = params.integer("days");
        Instant asOf = context.window().asOf(), since = asOf.minus(Duration.ofDays(days));
        Map<String, LogFact> lastRead = new HashMap<>();
        Map<String, List<LogFact>> otherCalls = new HashMap<>();
        Set<String> certificateNames = new HashSet<>();
        for (LogFact f : vault.facts()) {
            if (f.objectName() == null) continue;
            String object = f.objectKind() + "/" + f.objectName();
            if (f.succeeded() && Operations.isRead(f.operation())) {
                LogFact seen = lastRead.get(object);
                if (seen == null || f.lastSeen().isAfter(seen.lastSeen())) lastRead.put(object, f);
                // a certificate read proves a certificate of that name, so its key and secret are the certificate's
                if (f.objectKind().equals("certificates")) certificateNames.add(f.objectName());
            } else if (!f.lastSeen().isBefore(since)) {
                otherCalls.computeIfAbsent(object, k -> new ArrayList<>()).add(f);
            }
        }
        List<Item> items = new ArrayList<>();
        Map<String, String> notCollected = new LinkedHashMap<>();
        Collected<List<Certificate>> certificates = vault.inventory().certificates();
        Collected<List<Secret>> secrets = vault.inventory().secrets();
        Collected<List<Key>> keys = vault.inventory().keys();
        if (certificates.isPresent()) {
            for (Certificate c : certificates.orNull()) {
                certificateNames.add(lower(c.name()));
                items.add(new Item("certificates", c.name(), c.id(), c.attributes(), true));
            }
        } else notCollected.put("certificates", certificates.reason());
        if (secrets.isPresent()) secrets.orNull().forEach(s -> { if (s.managed()) certificateNames.add(lower(s.name())); });
        if (keys.isPresent()) keys.orNull().forEach(k -> { if (k.managed()) certificateNames.add(lower(k.name())); });
        // a certificate's own key and secret are judged as the certificate (not at all when certificates are unknown:
        // the vault is then not assessed for them); a look-alike of a certificate only the logs show is judged itself
        if (secrets.isPresent()) {
            for (Secret s : secrets.orNull())
                if (!s.managed() && !(certificates.isPresent() && certificateNames.contains(lower(s.name()))))
                    items.add(new Item("secrets", s.name(), s.id(), s.attributes(), certificateNames.contains(lower(s.name()))));
        } else notCollected.put("secrets", secrets.reason());
        if (keys.isPresent()) {
            for (Key k : keys.orNull())
                if (!k.managed() && !(certificates.isPresent() && certificateNames.contains(lower(k.name()))))
                    items.add(new Item("keys", k.name(), k.id(), k.attributes(), certificateNames.contains(lower(k.name()))));
        } else notCollected.put("keys", keys.reason());

        for (Item item : items) {
            ObjectAttributes a = item.attributes();
            // disabled and expired objects are other rules' findings; a young one has not had the time to be used
            if (Boolean.FALSE.equals(a.enabled()) || (a.expires() != null && !a.expires().isAfter(asOf))
                    || (a.created() != null && a.created().isAfter(since))) continue;
            String name = lower(item.name());
            List<String> counted = item.certificateBacked() ? KINDS.stream().map(k -> k + "/" + name).toList()
                    : List.of(item.kind() + "/" + name);
            LogFact last = null;
            List<LogFact> other = new ArrayList<>();
            for (String object : counted) {
                LogFact f = lastRead.get(object);
                if (f != null && (last == null || f.lastSeen().isAfter(last.lastSeen()))) last = f;
                other.addAll(otherCalls.getOrDefault(object, List.of()));
            }
            if (last != null && !last.lastSeen().isBefore(since)) continue;
            Map<String, Long> calls = new TreeMap<>();
            Set<String> callers = new TreeSet<>();
            for (LogFact f : other) {
                calls.merge(f.operation() + (f.succeeded() ? "" : " (" + f.httpStatus() + ")"), f.count(), Long::sum);
                callers.add(f.caller().display());
            }
            String lastText = last == null ? "none in the logs (from " + vault.coverage().from() + ")"
                    : last.lastSeen() + " " + last.operation() + " by " + last.caller().display();
            String kind = item.kind().substring(0, item.kind().length() - 1);
            Evidence e = Evidence.of(context.window(), since, asOf).put("days", days).put("objectKind", kind)
                    .put("created", text(a.created())).put("updated", text(a.updated()))
                    .put("expires", a.expires() == null ? "none" : a.expires().toString())
                    .put("lastRead", lastText).put("readsCounted", counted).put("otherCalls", calls)
                    .put("otherCallers", List.copyOf(callers));
            out.add(new Finding(item.id(), kind, null, null, kind + " " + item.name() + " in " + vault.vault().name()
                    + " is enabled and was not read or used in the last " + days + " days (created " + text(a.created())
                    + "; last read: " + lastText + ")", e.examples(other).vault(vault, context.sources()).map()));
        }
        if (!notCollected.isEmpty()) {
            List<String> reasons = new ArrayList<>();
            notCollected.forEach((kind, why) -> reasons.add(why));
            out.add(Finding.notAssessed(vault.id(), "vault", null, "not assessed for " + String.join(", ", notCollected.keySet())
                    + ": " + String.join("; ", reasons), Evidence.of(context.window(), since, asOf).put("notCollected", notCollected)
                    .vault(vault, context.sources()).map()));
        }
    }

    private static String lower(String s) { return s.toLowerCase(Locale.ROOT); }

    private static String text(Instant t) { return t == null ? "unknown" : t.toString(); }
}
