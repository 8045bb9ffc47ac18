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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A caller with successful data-plane reads ({@link Operations#READS}) on a vault in the detection window that was
 * not a data-plane user of that vault in the baseline. One finding per vault and caller.
 *
 * <p>A baseline call "touches" the vault when it is a data-plane call (any operation on secrets, keys or
 * certificates, lists and writes included) that the vault did not refuse: any status but 401 and 403. A caller
 * that was only refused in the baseline had no access then, so reading now means it was granted (or took) access:
 * exactly the change this detector is for; the evidence says how often it was refused. A 404 or a throttled call
 * passed authorization and touches; control-plane calls (VaultGet...) never do.
 */
public final class NewPrincipal implements Detector {

    static final int OBJECTS = 25;

    @Override
    public String id() { return "activity-new-principal"; }

    @Override
    public double historyDays(DetectorParams params, ActivityWindow window) { return Baseline.historyDays(params, window); }

    @Override
    public void detect(VaultActivity vault, ActivityContext context, DetectorParams params, List<Finding> out) {
        ActivityWindow window = context.window();
        Set<String> touched = new HashSet<>();
        Map<String, Long> refused = new HashMap<>();
        Map<String, List<LogFact>> reads = new TreeMap<>();
        Map<String, Principal> callers = new LinkedHashMap<>();
        for (LogFact f : vault.facts()) {
            if (f.caller().isAnonymous()) continue;
            String key = f.caller().key();
            if (window.inBaseline(f.bucket())) {
                if (!Operations.isDataPlane(f.operation())) continue;
                if (f.denied()) refused.merge(key, f.count(), Long::sum);
                else touched.add(key);
            } else if (window.inDetection(f.bucket()) && f.succeeded() && Operations.isRead(f.operation())) {
                reads.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
                callers.putIfAbsent(key, f.caller());
            }
        }
        Baseline baseline = Baseline.of(vault.coverage(), window);
        for (Map.Entry<String, List<LogFact>> e : reads.entrySet()) {
            if (touched.contains(e.getKey())) continue;
            Principal who = callers.get(e.getKey());
            long events = 0;
            Set<String> objects = new TreeSet<>();
            for (LogFact f : e.getValue()) {
                events += f.count();
                if (f.objectName() != null) objects.add(f.objectKind() + "/" + f.objectName());
            }
            long denied = refused.getOrDefault(e.getKey(), 0L);
            List<String> names = List.copyOf(objects);
            Evidence ev = Evidence.detection(window).principal(who)
                    .put("reads", events).put("distinctObjects", objects.size())
                    .put("objects", names.size() <= OBJECTS ? names : names.subList(0, OBJECTS))
                    .put("baselineDataPlaneCalls", 0).put("baselineRefusedCalls", denied).put("baseline", baseline.evidence());
            out.add(new Finding(vault.id(), "vault", who, null, who.display() + " read " + objects.size() + " objects of "
                    + vault.vault().name() + " (" + events + " reads) and made no data-plane call to it in the "
                    + baseline.days().size() + " baseline days" + (denied > 0 ? " but " + denied + " refused ones" : ""),
                    ev.examples(e.getValue()).vault(vault, context.sources()).map()));
        }
    }
}
