package io.kvaudit.activity;

import io.kvaudit.model.ActivityWindow;
import io.kvaudit.model.LogFact;
import io.kvaudit.model.Principal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evidence every activity result carries (docs/activity.md): the window, the counts against the threshold or
 * baseline, the principal, up to five example events, the vault, its workspaces and where the logs came from.
 * Detectors add their own counts with {@link #put}; the rest is filled the same way for all of them.
 */
public final class Evidence {

    public static final int EXAMPLES = 5;

    private final Map<String, Object> map = new LinkedHashMap<>();

    private Evidence() {}

    public static Evidence of(ActivityWindow window, Instant from, Instant to) {
        Evidence e = new Evidence();
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("from", from.toString());
        w.put("to", to.toString());
        e.map.put("window", w);
        return e;
    }

    /** The detection window: the last --activity-days before --as-of. */
    public static Evidence detection(ActivityWindow window) { return of(window, window.detectionStart(), window.asOf()); }

    public Evidence put(String name, Object value) {
        map.put(name, value);
        return this;
    }

    public Evidence principal(Principal p) {
        if (p == null) return this;
        Map<String, Object> m = new LinkedHashMap<>();
        if (p.objectId() != null) m.put("objectId", p.objectId());
        if (p.upn() != null) m.put("upn", p.upn());
        if (p.appId() != null) m.put("appId", p.appId());
        if (m.isEmpty()) m.put("objectId", "anonymous");
        map.put("principal", m);
        return this;
    }

    /** Up to five example events, earliest first: time, operation, IP, object, status and how many such events. */
    public Evidence examples(Iterable<LogFact> facts) {
        List<LogFact> all = new ArrayList<>();
        facts.forEach(all::add);
        all.sort(Comparator.comparing(LogFact::firstSeen).thenComparing(FactAggregator.ORDER));
        List<Map<String, Object>> out = new ArrayList<>();
        for (LogFact f : all) {
            if (out.size() == EXAMPLES) break;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", f.firstSeen().toString());
            m.put("operation", f.operation());
            m.put("ip", f.callerIp() == null ? "" : f.callerIp());
            m.put("object", f.objectName() == null ? "" : f.objectKind() + "/" + f.objectName());
            m.put("status", f.httpStatus());
            if (f.count() > 1) m.put("events", f.count());
            out.add(m);
        }
        map.put("examples", out);
        return this;
    }

    public Evidence vault(VaultActivity v, List<String> sources) {
        map.put("vault", v.vault().name());
        map.put("workspaces", v.coverage().workspaces());
        map.put("logSource", sources);
        return this;
    }

    public Map<String, Object> map() { return map; }
}
