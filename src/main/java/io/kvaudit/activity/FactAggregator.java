package io.kvaudit.activity;

import io.kvaudit.model.ActivityWindow;
import io.kvaudit.model.AuditEvent;
import io.kvaudit.model.LogFact;
import io.kvaudit.model.Principal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Folds audit events into facts as they stream past (docs/activity.md, "From events to facts"): events outside the
 * windows are skipped; every other event counts for its vault's coverage; service-generated operations and platform
 * callers stop there; the rest add to the fact of their bucket. Memory grows with the distinct facts, not the events.
 * Not thread-safe: one reader feeds it.
 */
public final class FactAggregator implements Consumer<AuditEvent> {

    private record Key(long bucket, String vaultId, String objectId, String upn, String appId, String ip, String operation,
                       String objectKind, String objectName, int status, String tls, String addressAuth) {}

    private static final class Tally {
        long count, first = Long.MAX_VALUE, last = Long.MIN_VALUE;
    }

    private static final class VaultTally {
        long events, first = Long.MAX_VALUE, last = Long.MIN_VALUE;
    }

    private final ActivityWindow window;
    private final Map<Key, Tally> facts = new HashMap<>();
    private final Map<String, VaultTally> vaults = new HashMap<>();
    private final Map<String, String> strings = new HashMap<>();
    private long rows, dropped, first = Long.MAX_VALUE, last = Long.MIN_VALUE;
    /** Events known only as counts (Log Analytics' coverage answer) and those of the facts folded elsewhere. */
    private long counted, factEvents;

    public FactAggregator(ActivityWindow window) {
        this.window = window;
    }

    @Override
    public void accept(AuditEvent e) {
        rows++;
        if (!window.contains(e.time())) return;
        long millis = e.time().toEpochMilli();
        VaultTally v = vaults.computeIfAbsent(intern(e.vaultId()), k -> new VaultTally());
        v.events++;
        v.first = Math.min(v.first, millis);
        v.last = Math.max(v.last, millis);
        first = Math.min(first, millis);
        last = Math.max(last, millis);
        Principal caller = new Principal(e.callerObjectId(), e.callerUpn(), e.callerAppId());
        if (Operations.isServiceGenerated(e.operation()) || Operations.isPlatformCaller(caller)) {
            dropped++;
            return;
        }
        Key k = new Key(window.bucket(e.time()).getEpochSecond(), intern(e.vaultId()), intern(e.callerObjectId()),
                intern(e.callerUpn()), intern(e.callerAppId()), intern(e.callerIp()), intern(e.operation()),
                intern(e.objectKind()), intern(e.objectName()), e.httpStatus(), intern(e.tlsVersion()),
                intern(e.addressAuthorizationType()));
        Tally t = facts.computeIfAbsent(k, x -> new Tally());
        t.count++;
        t.first = Math.min(t.first, millis);
        t.last = Math.max(t.last, millis);
    }

    /** Adds a fact that was folded elsewhere (Log Analytics' server-side aggregation, an exported fact table). */
    public void addFact(LogFact f) {
        Key k = new Key(f.bucket().getEpochSecond(), intern(f.vaultId()), intern(f.caller().objectId()), intern(f.caller().upn()),
                intern(f.caller().appId()), intern(f.callerIp()), intern(f.operation()), intern(f.objectKind()),
                intern(f.objectName()), f.httpStatus(), intern(f.tlsVersion()), intern(f.addressAuthorizationType()));
        Tally t = facts.computeIfAbsent(k, x -> new Tally());
        t.count += f.count();
        t.first = Math.min(t.first, f.firstSeen().toEpochMilli());
        t.last = Math.max(t.last, f.lastSeen().toEpochMilli());
        factEvents += f.count();
    }

    /**
     * Adds a vault's coverage counted elsewhere (activity-coverage.kql): its audit events in the windows, platform
     * and service events included, with the first and last. The events the facts do not account for are the dropped
     * ones (platform callers, service-generated operations).
     */
    public void addCoverage(String vaultId, long events, Instant firstEvent, Instant lastEvent) {
        if (events <= 0 || firstEvent == null || lastEvent == null) return;
        long f = firstEvent.toEpochMilli(), l = lastEvent.toEpochMilli();
        VaultTally v = vaults.computeIfAbsent(intern(vaultId), k -> new VaultTally());
        v.events += events;
        v.first = Math.min(v.first, f);
        v.last = Math.max(v.last, l);
        first = Math.min(first, f);
        last = Math.max(last, l);
        rows += events;
        counted += events;
    }

    /** Folds another aggregator's facts and counts into this one (files read in parallel, each into its own). */
    public void merge(FactAggregator other) {
        other.facts.forEach((k, t) -> {
            Key key = new Key(k.bucket(), intern(k.vaultId()), intern(k.objectId()), intern(k.upn()), intern(k.appId()), intern(k.ip()),
                    intern(k.operation()), intern(k.objectKind()), intern(k.objectName()), k.status(), intern(k.tls()), intern(k.addressAuth()));
            Tally mine = facts.get(key);
            if (mine == null) { facts.put(key, t); return; }
            mine.count += t.count;
            mine.first = Math.min(mine.first, t.first);
            mine.last = Math.max(mine.last, t.last);
        });
        other.vaults.forEach((id, t) -> {
            VaultTally mine = vaults.get(id);
            if (mine == null) { vaults.put(intern(id), t); return; }
            mine.events += t.events;
            mine.first = Math.min(mine.first, t.first);
            mine.last = Math.max(mine.last, t.last);
        });
        rows += other.rows;
        dropped += other.dropped;
        counted += other.counted;
        factEvents += other.factEvents;
        first = Math.min(first, other.first);
        last = Math.max(last, other.last);
    }

    /** Audit rows read (raw rows, in or out of the windows) plus the events counted by a coverage answer. */
    public long rows() { return rows; }

    /** Platform and service events in the windows: counted, but no fact. */
    public long dropped() { return dropped + Math.max(0, counted - factEvents); }

    /** The facts, sorted by vault, bucket, caller, operation, object, status: the same order from any source. */
    public List<LogFact> facts() {
        List<LogFact> out = new ArrayList<>(facts.size());
        Map<String, Principal> principals = new HashMap<>();
        facts.forEach((k, t) -> {
            Principal p = principals.computeIfAbsent(k.objectId() + "\u0000" + k.upn() + "\u0000" + k.appId(),
                    x -> new Principal(k.objectId(), k.upn(), k.appId()));
            out.add(new LogFact(Instant.ofEpochSecond(k.bucket()), k.vaultId(), p, k.ip(), k.operation(), k.objectKind(),
                    k.objectName(), k.status(), k.tls(), k.addressAuth(), t.count, Instant.ofEpochMilli(t.first), Instant.ofEpochMilli(t.last)));
        });
        out.sort(ORDER);
        return out;
    }

    public Map<String, ActivityLog.VaultEvents> vaults() {
        Map<String, ActivityLog.VaultEvents> out = new LinkedHashMap<>();
        vaults.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.put(e.getKey(),
                new ActivityLog.VaultEvents(e.getValue().events, Instant.ofEpochMilli(e.getValue().first), Instant.ofEpochMilli(e.getValue().last))));
        return out;
    }

    public Instant firstEvent() { return first == Long.MAX_VALUE ? null : Instant.ofEpochMilli(first); }

    public Instant lastEvent() { return last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last); }

    private String intern(String s) {
        if (s == null) return null;
        String seen = strings.putIfAbsent(s, s);
        return seen != null ? seen : s;
    }

    private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());

    public static final Comparator<LogFact> ORDER = Comparator.comparing(LogFact::vaultId, NULLS_FIRST)
            .thenComparing(LogFact::bucket)
            .thenComparing(f -> f.caller().key(), NULLS_FIRST)
            .thenComparing(LogFact::callerIp, NULLS_FIRST)
            .thenComparing(LogFact::operation, NULLS_FIRST)
            .thenComparing(LogFact::objectKind, NULLS_FIRST)
            .thenComparing(LogFact::objectName, NULLS_FIRST)
            .thenComparingInt(LogFact::httpStatus)
            .thenComparing(LogFact::tlsVersion, NULLS_FIRST)
            .thenComparing(f -> Objects.toString(f.caller().upn(), ""))
            .thenComparing(f -> Objects.toString(f.caller().appId(), ""))
            .thenComparing(LogFact::addressAuthorizationType, NULLS_FIRST);
}
