package io.kvaudit.activity.detectors;

import io.kvaudit.activity.ActivityContext;
import io.kvaudit.activity.Detector;
import io.kvaudit.activity.DetectorParams;
import io.kvaudit.activity.Evidence;
import io.kvaudit.activity.Finding;
import io.kvaudit.activity.IpRanges;
import io.kvaudit.activity.VaultActivity;
import io.kvaudit.model.ActivityWindow;
import io.kvaudit.model.LogFact;
import io.kvaudit.model.Principal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A caller known on a vault (it made any call to it in the baseline) that, in the detection window, made a
 * successful call to it from a network (/24 for IPv4, /64 for IPv6) it used nowhere in the baseline. One finding per
 * vault and caller, listing the new networks.
 *
 * <p>The networks a caller is known from are those of all its baseline calls on every vault of the run, any
 * operation and any status: an identity's networks are where its tokens are used, not a property of one vault, so a
 * workload that reaches a second vault from its usual NAT gateway is not flagged there (new-principal speaks for a
 * caller new to a vault). A call without an IP in the log is not judged, nor a caller none of whose baseline calls
 * carried one; text that is not an IP address is compared as written.
 */
public final class NewIp implements Detector {

    static final int LISTED = 10;

    @Override
    public String id() { return "activity-new-ip"; }

    @Override
    public double historyDays(DetectorParams params, ActivityWindow window) { return Baseline.historyDays(params, window); }

    @Override
    public void detect(VaultActivity vault, ActivityContext context, DetectorParams params, List<Finding> out) {
        ActivityWindow window = context.window();
        Set<String> known = new HashSet<>();
        Map<String, List<LogFact>> calls = new TreeMap<>();
        Map<String, Principal> callers = new LinkedHashMap<>();
        for (LogFact f : vault.facts()) {
            if (f.caller().isAnonymous()) continue;
            if (window.inBaseline(f.bucket())) known.add(f.caller().key());
            else if (window.inDetection(f.bucket()) && f.succeeded() && f.callerIp() != null) {
                calls.computeIfAbsent(f.caller().key(), k -> new ArrayList<>()).add(f);
                callers.putIfAbsent(f.caller().key(), f.caller());
            }
        }
        Map<String, Set<String>> usual = null;
        Baseline baseline = Baseline.of(vault.coverage(), window);
        for (Map.Entry<String, List<LogFact>> e : calls.entrySet()) {
            if (!known.contains(e.getKey())) continue;
            if (usual == null) usual = baselineNetworks(context);
            Set<String> before = usual.getOrDefault(e.getKey(), Set.of());
            if (before.isEmpty()) continue; // its baseline calls carried no IP: nothing to compare with
            Map<String, List<LogFact>> fresh = new TreeMap<>();
            for (LogFact f : e.getValue()) {
                String net = IpRanges.network(f.callerIp());
                if (!before.contains(net)) fresh.computeIfAbsent(net, k -> new ArrayList<>()).add(f);
            }
            if (fresh.isEmpty()) continue;
            Principal who = callers.get(e.getKey());
            List<Map<String, Object>> networksSeen = new ArrayList<>();
            List<LogFact> examples = new ArrayList<>();
            fresh.forEach((net, facts) -> {
                Set<String> ips = new TreeSet<>();
                long n = 0;
                for (LogFact f : facts) {
                    ips.add(f.callerIp());
                    n += f.count();
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("network", net);
                m.put("ips", List.copyOf(ips));
                m.put("calls", n);
                networksSeen.add(m);
                examples.addAll(facts);
            });
            List<String> old = List.copyOf(new TreeSet<>(before));
            Evidence ev = Evidence.detection(window).principal(who).put("newNetworks", networksSeen)
                    .put("baselineNetworks", old.size() <= LISTED ? old : old.subList(0, LISTED))
                    .put("baselineNetworkCount", old.size()).put("baseline", baseline.evidence());
            out.add(new Finding(vault.id(), "vault", who, null, who.display() + " called " + vault.vault().name() + " from "
                    + String.join(", ", fresh.keySet()) + ", " + (fresh.size() == 1 ? "a network" : "networks")
                    + " it used for no vault in the baseline (" + old.size() + " known)",
                    ev.examples(examples).vault(vault, context.sources()).map()));
        }
    }

    /** The baseline networks of every caller, computed once per run (the stage asks vault by vault). */
    private static Map<String, Set<String>> baselineNetworks(ActivityContext context) {
        return context.memo("new-ip/baseline-networks", () -> {
            Map<String, Set<String>> byCaller = new HashMap<>();
            for (LogFact f : context.allFacts())
                if (context.window().inBaseline(f.bucket()) && f.callerIp() != null && !f.caller().isAnonymous())
                    byCaller.computeIfAbsent(f.caller().key(), k -> new HashSet<>()).add(IpRanges.network(f.callerIp()));
            return byCaller;
        });
    }
}
