package io.kvaudit.activity.detectors;

import io.kvaudit.activity.ActivityContext;
import io.kvaudit.activity.Detector;
import io.kvaudit.activity.DetectorParams;
import io.kvaudit.activity.Evidence;
import io.kvaudit.activity.Finding;
import io.kvaudit.activity.IpRanges;
import io.kvaudit.activity.VaultActivity;
import io.kvaudit.model.LogFact;
import io.kvaudit.model.Principal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Calls from an address on the user's list ({@code --listed-ips}: threat intelligence, Tor exits), whatever their
 * status: one finding per caller. Requests without a token are nobody's: they are reported on the vault, once, for
 * listed addresses no identified caller used (an identified caller's own challenge requests are part of its calls).
 */
public final class ListedIp implements Detector {

    @Override
    public String id() { return "activity-listed-ip"; }

    @Override
    public Map<String, Object> passEvidence(ActivityContext context, DetectorParams params) {
        IpRanges listed = context.listedIps();
        if (listed == null || listed.isEmpty())
            return Map.of("listedRanges", "none: no --listed-ips list was given, so no call could match");
        return Map.of("listedRanges", listed.ranges().size());
    }

    @Override
    public void detect(VaultActivity vault, ActivityContext context, DetectorParams params, List<Finding> out) {
        IpRanges listed = context.listedIps();
        if (listed == null || listed.isEmpty()) return;
        Map<String, List<LogFact>> byCaller = new TreeMap<>();
        List<LogFact> anonymous = new ArrayList<>();
        Set<String> identifiedIps = new TreeSet<>();
        for (LogFact f : vault.facts()) {
            if (!context.window().inDetection(f.bucket()) || listed.find(f.callerIp()) == null) continue;
            if (f.caller().isAnonymous()) { anonymous.add(f); continue; }
            byCaller.computeIfAbsent(f.caller().key(), k -> new ArrayList<>()).add(f);
            identifiedIps.add(f.callerIp());
        }
        byCaller.forEach((key, facts) -> {
            Principal who = facts.get(facts.size() - 1).caller();
            Evidence e = evidence(facts, listed, context, who);
            long calls = (long) e.map().get("calls"), succeeded = (long) e.map().get("succeeded");
            out.add(new Finding(vault.id(), "vault", who, null, who.display() + " made " + Plural.of(calls, "call") + " to "
                    + vault.vault().name() + " from " + addresses(e) + ", " + succeeded + " of them successful",
                    e.examples(facts).vault(vault, context.sources()).map()));
        });
        anonymous.removeIf(f -> identifiedIps.contains(f.callerIp()));
        if (anonymous.isEmpty()) return;
        Evidence e = evidence(anonymous, listed, context, null);
        out.add(new Finding(vault.id(), "vault", null, null, Plural.of((long) e.map().get("calls"), "request") + " without a token reached "
                + vault.vault().name() + " from " + addresses(e) + ": no caller is known, but the address can reach the vault",
                e.examples(anonymous).vault(vault, context.sources()).map()));
    }

    private static Evidence evidence(List<LogFact> facts, IpRanges listed, ActivityContext context, Principal who) {
        Map<String, Map<String, Object>> byIp = new TreeMap<>();
        Map<String, Long> operations = new TreeMap<>(), statuses = new TreeMap<>();
        Set<String> objects = new TreeSet<>();
        long calls = 0, succeeded = 0;
        for (LogFact f : facts) {
            Map<String, Object> ip = byIp.computeIfAbsent(f.callerIp(), k -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ip", k);
                m.put("listedAs", listed.find(k).text());
                m.put("calls", 0L);
                m.put("succeeded", 0L);
                return m;
            });
            ip.merge("calls", f.count(), (a, b) -> (long) a + (long) b);
            if (f.succeeded()) ip.merge("succeeded", f.count(), (a, b) -> (long) a + (long) b);
            operations.merge(f.operation(), f.count(), Long::sum);
            statuses.merge(String.valueOf(f.httpStatus()), f.count(), Long::sum);
            if (f.succeeded() && f.objectName() != null) objects.add(f.objectKind() + "/" + f.objectName());
            calls += f.count();
            if (f.succeeded()) succeeded += f.count();
        }
        List<String> touched = List.copyOf(objects);
        return Evidence.detection(context.window()).principal(who).put("listedIps", List.copyOf(byIp.values()))
                .put("calls", calls).put("succeeded", succeeded).put("operations", operations).put("statuses", statuses)
                .put("objectsReturned", touched.size() <= 25 ? touched : touched.subList(0, 25));
    }

    @SuppressWarnings("unchecked")
    private static String addresses(Evidence e) {
        List<Map<String, Object>> ips = (List<Map<String, Object>>) e.map().get("listedIps");
        List<String> out = new ArrayList<>();
        for (Map<String, Object> ip : ips)
            out.add(ip.get("ip").equals(ip.get("listedAs")) ? String.valueOf(ip.get("ip")) : ip.get("ip") + " (listed " + ip.get("listedAs") + ")");
        return (ips.size() == 1 ? "listed IP " : ips.size() + " listed IPs: ") + String.join(", ", out);
    }
}
