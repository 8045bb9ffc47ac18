package io.kvaudit.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kvaudit.model.ActivityCoverage;
import io.kvaudit.model.ActivityWindow;
import io.kvaudit.model.Coverage;
import io.kvaudit.model.LogCoverage;
import io.kvaudit.model.Result;
import io.kvaudit.model.RuleTally;
import io.kvaudit.model.SnapshotPart;
import io.kvaudit.store.RunRecord;
import io.kvaudit.store.RunStore;
import io.kvaudit.store.Trend;
import io.kvaudit.waiver.ExceptionMatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * results.json (docs/results-schema.md, schemaVersion 1): written from typed records with Jackson's streaming
 * generator, results streamed from the run store, so a 5,000-vault tenant never sits in memory. The same code
 * writes a scan's file and re-renders a stored run ({@code kvaudit report --run ID}).
 */
public final class ResultsJson {

    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            // one flush at the end, not one per result
            .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

    private ResultsJson() {}

    public static String coverageJson(Coverage c) { return coverageJson(c, null); }

    /** The coverage block, with {@code activity} (the activity stage's windows, logs and per-vault coverage) when known. */
    public static String coverageJson(Coverage c, ActivityCoverage a) { return coverageJson(c, a, List.of()); }

    /**
     * The coverage block; with {@code parts} (a scan of several snapshot directories as one tenant) also
     * {@code parts}: where each subscription came from. Absent for a single source, so its results.json is as before.
     */
    public static String coverageJson(Coverage c, ActivityCoverage a, List<SnapshotPart> parts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subscriptions", ordered("inScope", c.subscriptionsInScope(), "scanned", c.subscriptionsScanned(), "failed", c.subscriptionsFailed()));
        m.put("vaults", ordered("found", c.vaultsFound(), "assessed", c.vaultsAssessed(), "notAssessed", c.vaultsNotAssessed()));
        m.put("secrets", c.secrets());
        m.put("keys", c.keys());
        m.put("certificates", c.certificates());
        m.put("roleAssignments", c.roleAssignments());
        m.put("logEvents", c.logEvents());
        List<Object> gaps = new ArrayList<>();
        for (Coverage.NotAssessed n : c.notAssessed())
            gaps.add(ordered("resourceId", n.resourceId(), "name", n.name(), "reasons", n.reasons()));
        m.put("notAssessed", gaps);
        if (!parts.isEmpty()) {
            List<Object> ps = new ArrayList<>();
            for (SnapshotPart p : parts)
                ps.add(ordered("snapshot", p.snapshot(), "capturedAt", p.capturedAt().toString(), "subscriptions", p.subscriptions(),
                        "vaults", p.vaults()));
            m.put("parts", ps);
        }
        if (a != null) m.put("activity", activityJson(a));
        return write(m);
    }

    private static Map<String, Object> activityJson(ActivityCoverage a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ran", a.skipped() == null);
        if (a.skipped() != null) m.put("skipped", a.skipped());
        ActivityWindow w = a.window();
        m.put("windows", ordered("asOf", w.asOf().toString(), "detectionFrom", w.detectionStart().toString(),
                "baselineFrom", w.baselineStart().toString(), "dormancyFrom", w.dormancyStart().toString(),
                "detectionDays", w.detectionDays(), "baselineDays", w.baselineDays(), "dormancyDays", w.dormancyDays()));
        if (a.skipped() != null) return m;
        m.put("logSources", a.sources());
        m.put("rows", a.rows());
        m.put("events", a.events());
        m.put("dropped", a.dropped());
        m.put("unreadableRows", ordered("count", a.unreadableRows(), "examples", a.unreadableExamples()));
        m.put("incomplete", a.incomplete());
        List<Object> vaults = new ArrayList<>();
        for (LogCoverage v : a.vaults()) {
            Map<String, Object> vm = new LinkedHashMap<>();
            vm.put("vaultId", v.vaultId());
            vm.put("workspaces", v.workspaces());
            vm.put("from", v.from() == null ? null : v.from().toString());
            vm.put("to", v.to() == null ? null : v.to().toString());
            vm.put("events", v.events());
            vm.put("firstEvent", v.firstEvent() == null ? null : v.firstEvent().toString());
            vm.put("lastEvent", v.lastEvent() == null ? null : v.lastEvent().toString());
            if (v.notAssessable() != null) vm.put("notAssessable", v.notAssessable());
            if (v.incomplete() != null) vm.put("incomplete", v.incomplete());
            vaults.add(vm);
        }
        m.put("vaults", vaults);
        return m;
    }

    public static String rulesJson(List<RuleTally> tallies) {
        List<Object> out = new ArrayList<>();
        for (RuleTally t : tallies)
            out.add(ordered("id", t.id(), "title", t.title(), "severity", t.severity().label(), "evaluated", t.evaluated(),
                    "passed", t.passed(), "failed", t.failed(), "muted", t.muted(), "errors", t.errors()));
        return write(out);
    }

    public static String exceptionsJson(List<ExceptionMatcher.Use> uses) {
        List<Object> applied = new ArrayList<>(), expired = new ArrayList<>(), unused = new ArrayList<>();
        for (ExceptionMatcher.Use u : uses) {
            var e = u.entry();
            Map<String, Object> m = ordered("rule", e.rule(), "target", e.target(), "reason", e.reason(), "owner", e.owner(),
                    "expires", e.expires().toString(), "matched", u.matched(), "where", e.where());
            if (u.matched() == 0) unused.add(m);
            else if (u.expired()) expired.add(m);
            else applied.add(m);
        }
        return write(ordered("applied", applied, "expired", expired, "unused", unused));
    }

    /** Writes results.json for a stored run; its SHA-256 goes into {@code digests} (for the manifest). */
    public static Path write(Path outDir, RunRecord run, RunStore store, boolean includePassed, Map<Path, String> digests) {
        Path file = outDir.resolve("results.json");
        try {
            Files.createDirectories(outDir);
            DigestingOutput out = new DigestingOutput(file);
            try (JsonGenerator g = MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
                g.useDefaultPrettyPrinter();
                g.writeStartObject();
                g.writeNumberField("schemaVersion", SCHEMA_VERSION);
                g.writeFieldName("run");
                MAPPER.writeValue(g, runObject(run));
                g.writeFieldName("coverage");
                g.writeTree(MAPPER.readTree(run.coverageJson()));
                g.writeFieldName("rules");
                g.writeTree(MAPPER.readTree(run.rulesJson()));
                g.writeFieldName("trend");
                MAPPER.writeValue(g, trendObject(store.trend(run)));
                g.writeArrayFieldStart("results");
                store.streamResults(run.runId(), includePassed, r -> {
                    try {
                        writeResult(g, r);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                g.writeEndArray();
                g.writeFieldName("exceptions");
                g.writeTree(MAPPER.readTree(run.exceptionsJson()));
                g.writeEndObject();
            }
            out.close();
            digests.put(file, out.sha256());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(outDir + ": cannot write results.json: " + e.getMessage(), e);
        }
    }

    static Map<String, Object> runObject(RunRecord r) {
        Map<String, Object> run = ordered("id", r.runId(), "startedAt", str(r.startedAt()), "finishedAt", str(r.finishedAt()),
                "asOf", str(r.asOf()), "source", r.source(), "tenantId", r.tenantId(), "cloud", r.cloud(),
                "tool", ordered("name", "kvaudit", "version", r.toolVersion()), "rulesDigest", r.rulesDigest(),
                "identity", r.identity());
        if (r.collectionJson() != null) {
            try {
                run.put("collection", MAPPER.readTree(r.collectionJson()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return run;
    }

    /**
     * The comparison with the previous run, as stored when the run was recorded: {@code pruned} names the newer runs
     * it could not compare with because their results had been pruned (null when none were).
     */
    static Map<String, Object> trendObject(Trend t) {
        Map<String, Object> pruned = t.pruned() == null ? null : ordered("runs", t.pruned().runs(),
                "latestRunId", t.pruned().latestRunId(), "latestStartedAt", str(t.pruned().latestStartedAt()));
        return ordered("previousRunId", t.previousRunId(), "previousStartedAt", str(t.previousStartedAt()),
                "new", t.newCount(), "fixed", t.fixedCount(), "stillOpen", t.stillOpenCount(), "pruned", pruned);
    }

    /** One entry of "results", field by field (the order of docs/results-schema.md). */
    static void writeResult(JsonGenerator g, Result r) throws IOException {
        g.writeStartObject();
        g.writeStringField("ruleId", r.ruleId());
        g.writeStringField("status", r.status().name());
        g.writeStringField("severity", r.severity().label());
        g.writeStringField("resourceId", r.resourceId());
        g.writeStringField("resourceType", r.resourceType());
        g.writeStringField("subscriptionId", r.subscriptionId());
        g.writeStringField("vaultName", r.vaultName());
        g.writeStringField("message", r.message());
        g.writeFieldName("evidence");
        if (r.evidence() == null) g.writeNull();
        else MAPPER.writeValue(g, r.evidence());
        g.writeFieldName("controls");
        if (r.controls() == null) g.writeNull();
        else {
            g.writeStartArray();
            for (String c : r.controls()) g.writeString(c);
            g.writeEndArray();
        }
        g.writeStringField("fingerprint", r.fingerprint());
        if (r.exception() != null) {
            g.writeObjectFieldStart("exception");
            g.writeStringField("reason", r.exception().reason());
            g.writeStringField("owner", r.exception().owner());
            g.writeStringField("expires", r.exception().expires().toString());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static String str(Object o) { return o == null ? null : o.toString(); }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
