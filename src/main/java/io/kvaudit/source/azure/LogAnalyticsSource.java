package io.kvaudit.source.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvaudit.activity.ActivityLog;
import io.kvaudit.activity.AuditDestinations;
import io.kvaudit.activity.AuditDestinations.Table;
import io.kvaudit.activity.FactAggregator;
import io.kvaudit.activity.LogSource;
import io.kvaudit.activity.WorkspaceReads;
import io.kvaudit.config.JsonPathNode;
import io.kvaudit.model.ActivityWindow;
import io.kvaudit.model.Inventory;
import io.kvaudit.source.AzureResponseMapper;
import io.kvaudit.source.LogResponseReader;
import io.kvaudit.source.TenantBodies;
import io.kvaudit.source.snapshot.LogExport;
import io.kvaudit.source.snapshot.LogQueries;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Key Vault audit logs read live from Log Analytics (docs/activity.md, "Live scans"). The inventory's diagnostic
 * settings name the workspaces ({@link AuditDestinations}); one resource-manager GET per workspace gives its
 * customerId and retention; then each readable workspace is asked four queries: the coverage of every vault and the
 * facts of the detection (hour buckets), baseline and dormancy (day buckets) windows, aggregated on the server by the
 * KQL files ({@link KqlTemplate}) into the very facts a snapshot's raw rows fold into. Each answer is read by the
 * reader a snapshot's {@code logs/} goes through ({@link LogResponseReader}); an export writes it as it came.
 *
 * <p>Limits: 5 queries in flight and 200 per 30 s ({@link QueryBudget}); 429 retried in the pipeline honouring
 * {@code Retry-After}; an answer near the 500,000-row or ~100 MB caps, cut at them, or timed out is split by time at a
 * bucket boundary and asked again, down to one bucket. A partial answer (200 with an {@code error} beside the tables)
 * is used and its workspace's vaults reported as incompletely covered; a workspace that answers nothing makes its
 * vaults not assessed for activity, with Azure's reason ({@link WorkspaceReads}). Nothing here stops the run.
 */
public final class LogAnalyticsSource implements LogSource {

    static final int IN_FLIGHT = 5;
    static final int PER_WINDOW = 200;
    static final Duration RATE_WINDOW = Duration.ofSeconds(30);
    /** An answer this big is near Log Analytics' caps (500,000 rows, ~100 MB): split it, rather than trust it whole. */
    static final long SPLIT_ROWS = 450_000;
    static final long SPLIT_BYTES = 90L * 1024 * 1024;
    /** At most 2^8 = 256 parts per question: a workspace that keeps answering "too large" is not asked without end. */
    static final int MAX_SPLITS = 8;
    private static final Duration HOUR = Duration.ofHours(1), DAY = Duration.ofDays(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TenantBodies bodies;
    private final LogAnalyticsQueries queries;
    private final QueryBudget budget = new QueryBudget(IN_FLIGHT, PER_WINDOW, RATE_WINDOW);
    private final LogExport export;

    /** @param export where an export writes what was read; null for a scan */
    LogAnalyticsSource(TenantBodies bodies, LogAnalyticsQueries queries, LogExport export) {
        this.bodies = bodies;
        this.queries = queries;
        this.export = export;
    }

    /** One of the four questions asked of each workspace. */
    private record Question(String label, String name, KqlTemplate kql, Instant from, Instant to, Duration bucket) {}

    /** One answer used: the query as asked, how it ended, what it folded into. */
    private record Part(String workspace, String label, Instant from, Instant to, WorkspaceReads.Answer answer, String reason,
                        FactAggregator facts, long unreadable, List<String> examples) {}

    @Override
    public ActivityLog read(ActivityWindow window, Inventory inventory) {
        Map<String, Set<Table>> destinations = AuditDestinations.of(inventory);
        ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT, r -> {
            Thread t = new Thread(r, "kvaudit-log-query");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, ActivityLog.Workspace> workspaces = workspaces(destinations.keySet(), pool);
            Map<String, String> fileNames = fileNames(workspaces.keySet());
            List<CompletableFuture<List<Part>>> asked = new ArrayList<>();
            for (Map.Entry<String, ActivityLog.Workspace> w : workspaces.entrySet()) {
                if (w.getValue().readError() != null) continue;
                for (Question q : questions(window))
                    asked.add(CompletableFuture.supplyAsync(() -> ask(w.getValue(), destinations.get(w.getKey()),
                            fileNames.get(w.getKey()), q, q.from(), q.to(), window, 0), pool));
            }
            FactAggregator facts = new FactAggregator(window);
            WorkspaceReads reads = new WorkspaceReads();
            List<String> examples = new ArrayList<>();
            long unreadable = 0;
            for (CompletableFuture<List<Part>> f : asked)
                for (Part p : f.join()) {
                    facts.merge(p.facts());
                    reads.add(p.workspace(), p.label(), p.answer(), p.reason());
                    unreadable += p.unreadable();
                    for (String e : p.examples()) if (examples.size() < 20) examples.add(e);
                }
            if (export != null) export.finish();
            List<String> sources = asked.isEmpty() ? List.of() : sources();
            return new ActivityLog(facts.facts(), facts.vaults(), facts.firstEvent(), facts.lastEvent(), reads.judge(workspaces),
                    facts.rows(), facts.dropped(), new ActivityLog.Unreadable(unreadable, List.copyOf(examples)), List.of(), sources);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Where the facts came from, as evidence names it: the KQL files and the SHA-256 of each (as an export lists them). */
    static List<String> sources() {
        return List.of(LogQueries.source(KqlTemplate.COVERAGE.file(), KqlTemplate.COVERAGE.sha256()),
                LogQueries.source(KqlTemplate.FACTS.file(), KqlTemplate.FACTS.sha256()));
    }

    /** The four questions, over the windows every detector looks at together: [earliest, asOf). */
    static List<Question> questions(ActivityWindow w) {
        List<Question> q = new ArrayList<>();
        q.add(new Question("coverage", "coverage", KqlTemplate.COVERAGE, w.earliest(), w.asOf(), HOUR));
        q.add(new Question("detection facts", "detection", KqlTemplate.FACTS, w.detectionStart(), w.asOf(), HOUR));
        Instant baselineFrom = w.baselineStart().isBefore(w.earliest()) ? w.earliest() : w.baselineStart();
        q.add(new Question("baseline facts", "baseline", KqlTemplate.FACTS, baselineFrom, w.detectionStart(), DAY));
        if (w.earliest().isBefore(baselineFrom))
            q.add(new Question("dormancy facts", "dormancy", KqlTemplate.FACTS, w.earliest(), baselineFrom, DAY));
        return q;
    }

    // ---- workspaces

    /** Each workspace's GET, in id order; a refused or failed read is the workspace's read error. */
    private Map<String, ActivityLog.Workspace> workspaces(Set<String> ids, ExecutorService pool) {
        Map<String, CompletableFuture<JsonPathNode>> gets = new LinkedHashMap<>();
        for (String id : ids) gets.put(id, CompletableFuture.supplyAsync(() -> bodies.workspace(id).orElseThrow(), pool));
        Map<String, ActivityLog.Workspace> out = new LinkedHashMap<>();
        gets.forEach((id, get) -> {
            JsonPathNode body = get.join();
            ActivityLog.Workspace w = AzureResponseMapper.workspace(id, body);
            if (w.readError() != null && !body.has("error")) body = refusal(id, w.readError());
            if (export != null) export.workspace(id, body.raw());
            out.put(id, w);
        });
        return out;
    }

    /** A workspace body that is no workspace, stored by an export as the refusal it became. */
    private static JsonPathNode refusal(String id, String readError) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", id);
        int colon = readError.indexOf(": ");
        body.putObject("error").put("code", readError.substring(0, colon)).put("message", readError.substring(colon + 2));
        return JsonPathNode.root(body, id);
    }

    /** logs/{workspace name}.{window}.json names, the name made unique ("-2") where two workspaces share it. */
    private static Map<String, String> fileNames(Set<String> ids) {
        Map<String, String> out = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String id : ids) {
            String name = id.substring(id.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
            int n = seen.merge(name, 1, Integer::sum);
            out.put(id, n == 1 ? name : name + "-" + n);
        }
        return out;
    }

    // ---- queries

    private List<Part> ask(ActivityLog.Workspace ws, Set<Table> tables, String fileName, Question q, Instant from, Instant to,
                           ActivityWindow window, int splits) {
        String text = q.kql().text(parameters(q, from, to, tables, window));
        LogAnalyticsQueries.Answer a = budget.run(() -> queries.query(ws.customerId(), text, from, to));
        boolean canSplit = splits < MAX_SPLITS && Duration.between(from, to).compareTo(q.bucket()) > 0;
        String label = label(q, from, to);
        if (!a.answered()) {
            if (a.timedOut() && canSplit) return split(ws, tables, fileName, q, from, to, window, splits);
            return List.of(fail(ws, tables, fileName, q, from, to, window, a.status(), a.timedOut() ? "Timeout" : "ConnectionFailed", a.failure()));
        }
        if (a.status() >= 400) {
            JsonNode error = errorOf(a.body());
            String reason = error == null ? "HTTP " + a.status() : LogResponseReader.errorText(error);
            if (canSplit && (a.status() == 504 || isLimit(reason))) return split(ws, tables, fileName, q, from, to, window, splits);
            if (error == null) return List.of(fail(ws, tables, fileName, q, from, to, window, a.status(), "Http" + a.status(), "HTTP " + a.status()));
            exportAnswer(ws, tables, fileName, q, from, to, a.status(), a.body(), 0);
            return List.of(new Part(ws.id(), label, from, to, WorkspaceReads.Answer.FAILED, reason, new FactAggregator(window), 0, List.of()));
        }
        FactAggregator facts = new FactAggregator(window);
        List<String> examples = new ArrayList<>();
        long[] unreadable = {0};
        LogResponseReader.Outcome o;
        try {
            o = LogResponseReader.read(new ByteArrayInputStream(a.body()), "the " + label + " answer of workspace "
                    + ws.id(), fileName + " " + q.name(), facts, (where, why) -> {
                if (unreadable[0]++ < 20) examples.add(where + ": " + why);
            });
        } catch (LogResponseReader.Malformed | IOException e) {
            return List.of(fail(ws, tables, fileName, q, from, to, window, a.status(), "MalformedResponse", e.getMessage()));
        }
        String reason = o.error() == null ? null : LogResponseReader.errorText(o.error());
        boolean tooBig = o.rows() >= SPLIT_ROWS || a.body().length >= SPLIT_BYTES || (reason != null && isLimit(reason));
        if (tooBig && canSplit) return split(ws, tables, fileName, q, from, to, window, splits);
        WorkspaceReads.Answer answer = reason == null ? WorkspaceReads.Answer.COMPLETE
                : o.tables() ? WorkspaceReads.Answer.PARTIAL : WorkspaceReads.Answer.FAILED;
        exportAnswer(ws, tables, fileName, q, from, to, a.status(), a.body(), o.rows());
        return List.of(new Part(ws.id(), label, from, to, answer, reason, facts, unreadable[0], examples));
    }

    /** Both halves of [from, to), split at a bucket boundary (aligned to the detection window's start). */
    private List<Part> split(ActivityLog.Workspace ws, Set<Table> tables, String fileName, Question q, Instant from, Instant to,
                             ActivityWindow window, int splits) {
        long size = q.bucket().toSeconds(), origin = window.detectionStart().getEpochSecond();
        long middle = from.getEpochSecond() + (to.getEpochSecond() - from.getEpochSecond()) / 2;
        long at = origin + Math.floorDiv(middle - origin, size) * size;
        if (at <= from.getEpochSecond()) at += size;
        Instant cut = Instant.ofEpochSecond(Math.min(at, to.getEpochSecond() - 1));
        List<Part> parts = new ArrayList<>(ask(ws, tables, fileName, q, from, cut, window, splits + 1));
        parts.addAll(ask(ws, tables, fileName, q, cut, to, window, splits + 1));
        return parts;
    }

    /** Every query text a workspace with these tables is sent for this window (unsplit): what KqlQueriesTest parses. */
    static List<String> texts(ActivityWindow window, Set<Table> tables) {
        return questions(window).stream().map(q -> q.kql().text(parameters(q, q.from(), q.to(), tables, window))).toList();
    }

    private static Map<String, String> parameters(Question q, Instant from, Instant to, Set<Table> tables, ActivityWindow w) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("startTime", "datetime(" + from + ")");
        p.put("endTime", "datetime(" + to + ")");
        if (q.kql() == KqlTemplate.FACTS) {
            p.put("bucketSize", q.bucket().equals(HOUR) ? "1h" : "1d");
            p.put("bucketOrigin", "datetime(" + w.detectionStart() + ")");
        }
        p.put("readAzureDiagnostics", String.valueOf(tables.contains(Table.AzureDiagnostics)));
        p.put("readAZKVAuditLogs", String.valueOf(tables.contains(Table.AZKVAuditLogs)));
        return p;
    }

    private static String label(Question q, Instant from, Instant to) {
        return q.from().equals(from) && q.to().equals(to) ? q.label() : q.label() + ", " + from + " to " + to;
    }

    private void exportAnswer(ActivityLog.Workspace ws, Set<Table> tables, String fileName, Question q, Instant from, Instant to,
                              int status, byte[] body, long rows) {
        if (export == null) return;
        boolean whole = q.from().equals(from) && q.to().equals(to);
        String file = "logs/" + fileName + "." + q.name() + (whole ? "" : "." + from.getEpochSecond()) + ".json";
        export.answer(new LogQueries.Entry(file, ws.id(), ws.customerId(), label(q, from, to), q.kql().file(), q.kql().sha256(),
                from, to, tables.stream().map(Enum::name).toList(), status, rows), body);
    }

    /**
     * A query that got no usable answer: judged (and exported) as the error body it became, so a scan of the export
     * says what the live scan said.
     */
    private Part fail(ActivityLog.Workspace ws, Set<Table> tables, String fileName, Question q, Instant from, Instant to,
                      ActivityWindow window, int status, String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message == null ? code : message);
        try {
            exportAnswer(ws, tables, fileName, q, from, to, status, JSON.writeValueAsBytes(body), 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Part(ws.id(), label(q, from, to), from, to, WorkspaceReads.Answer.FAILED,
                LogResponseReader.errorText(body.path("error")), new FactAggregator(window), 0, List.of());
    }

    /** The {@code error} object of an error body; null when the body is none. */
    private static JsonNode errorOf(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.path("error").isObject()) return n.path("error");
        } catch (IOException | RuntimeException e) {
            // not JSON
        }
        return null;
    }

    /** Log Analytics' words for an answer cut at a limit, or a query stopped by its time limit. */
    static boolean isLimit(String reason) {
        String r = reason.toLowerCase(Locale.ROOT);
        return r.contains("e_query_result_set_too_large") || r.contains("exceeded") || r.contains("too large")
                || r.contains("timeout") || r.contains("timed out");
    }
}
