package io.kvaudit.activity.detectors;

import io.kvaudit.activity.ActivityContext;
import io.kvaudit.activity.Detector;
import io.kvaudit.activity.DetectorParams;
import io.kvaudit.activity.Evidence;
import io.kvaudit.activity.Finding;
import io.kvaudit.activity.Operations;
import io.kvaudit.activity.VaultActivity;
import io.kvaudit.model.ActivityWindow;
import io.kvaudit.model.LogFact;
import io.kvaudit.model.Principal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A secret that, in the baseline, only workload identities read (callers whose token carries no UPN: service
 * principals, managed identities), read by a user (a caller with a UPN) in the detection window. One finding per
 * secret and user. A read is a successful SecretGet, counted by the secret's name (any version; a certificate's
 * private key is read as its backing secret, under the same name). Refused reads in the baseline read nothing, and
 * a secret nobody read in the baseline has no workload to speak for.
 */
public final class HumanReadOfWorkloadSecret implements Detector {

    static final int LISTED = 10;

    @Override
    public String id() { return "activity-human-read-of-workload-secret"; }

    @Override
    public double historyDays(DetectorParams params, ActivityWindow window) { return Baseline.historyDays(params, window); }

    @Override
    public void detect(VaultActivity vault, ActivityContext context, DetectorParams params, List<Finding> out) {
        ActivityWindow window = context.window();
        Map<String, Map<String, Principal>> readers = new TreeMap<>();
        Map<String, Long> baselineReads = new TreeMap<>();
        Set<String> readByUsers = new HashSet<>();
        Map<String, List<LogFact>> userReads = new TreeMap<>();
        Map<String, Principal> users = new LinkedHashMap<>();
        for (LogFact f : vault.facts()) {
            if (!f.succeeded() || !Operations.isSecretRead(f.operation()) || !"secrets".equals(f.objectKind())
                    || f.objectName() == null || f.caller().isAnonymous()) continue;
            if (window.inBaseline(f.bucket())) {
                if (f.caller().isUser()) readByUsers.add(f.objectName());
                readers.computeIfAbsent(f.objectName(), k -> new TreeMap<>()).putIfAbsent(f.caller().key(), f.caller());
                baselineReads.merge(f.objectName(), f.count(), Long::sum);
            } else if (window.inDetection(f.bucket()) && f.caller().isUser()) {
                String key = f.objectName() + "\u0000" + f.caller().key();
                userReads.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
                users.putIfAbsent(key, f.caller());
            }
        }
        Baseline baseline = Baseline.of(vault.coverage(), window);
        for (Map.Entry<String, List<LogFact>> e : userReads.entrySet()) {
            String name = e.getKey().substring(0, e.getKey().indexOf('\u0000'));
            if (!readers.containsKey(name) || readByUsers.contains(name)) continue;
            Principal who = users.get(e.getKey());
            long reads = e.getValue().stream().mapToLong(LogFact::count).sum();
            List<String> workloads = readers.get(name).values().stream().map(Principal::display).toList();
            Evidence ev = Evidence.detection(window).principal(who).put("secret", name).put("reads", reads)
                    .put("baselineReads", baselineReads.get(name)).put("baselineReaders", workloads.size())
                    .put("workloads", workloads.size() <= LISTED ? workloads : workloads.subList(0, LISTED))
                    .put("baseline", baseline.evidence());
            out.add(new Finding(e.getValue().get(0).objectId(), "secret", who, null, who.display() + " read secrets/" + name
                    + " of " + vault.vault().name() + " (" + reads + " reads), which only " + workloads.size()
                    + (workloads.size() == 1 ? " workload identity" : " workload identities") + " read in the "
                    + baseline.days().size() + " baseline days", ev.examples(e.getValue()).vault(vault, context.sources()).map()));
        }
    }
}
