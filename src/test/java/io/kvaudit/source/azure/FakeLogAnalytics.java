package io.kvaudit.source.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Log Analytics part of {@link FakeAzure}: the workspace GET on the resource manager (from the snapshot's
 * {@code logs/workspaces.json}) and the query API ({@code POST https://api.loganalytics.io/v1/workspaces/{customerId}/query}),
 * which answers kvaudit's two queries, activity-facts.kql and activity-coverage.kql, from the snapshot's raw audit rows
 * ({@link FakeAuditRows}), as Log Analytics would compute them.
 *
 * <p>A query is the KQL file's text with its parameter block ({@code let name = value;} lines up to
 * {@code // End of parameters.}) filled in; everything after the block must be the resource file's text (comment and
 * blank lines aside), so a change to the KQL that the fake does not compute is a 400, never a silent wrong answer.
 * It is the facts query when it declares {@code bucketSize}. The rows of a workspace are those whose {@code TenantId}
 * is its customerId. The window is [startTime, endTime) intersected with the body's {@code timespan}.
 *
 * <p>On demand it refuses a workspace (403), throttles queries (429 with Retry-After), answers a partial result
 * (HTTP 200 with an {@code error} beside the tables), caps the rows a result may hold (as Log Analytics does at 500,000),
 * and adds latency. Every query request is logged ({@link #queries()}) with its parameters, status, rows and times.
 */
public final class FakeLogAnalytics {

    public static final String HOST = "api.loganalytics.io";
    public static final String PARAMETERS_END = "// End of parameters.";

    public enum Kind { FACTS, COVERAGE }

    /**
     * One query request as the fake saw it. Parameters are null when the request never got as far as a parsed query
     * (401, 400...). {@code from}/{@code to}: the window the rows were taken from (the parameters' window intersected
     * with the timespan). {@code rows}: the rows returned. Nanos are {@link System#nanoTime()} when the fake received
     * the request (before any latency) and when it answered, for overlap checks ({@link #maxOverlap}).
     */
    public record Query(String customerId, String workspace, Kind kind, Instant startTime, Instant endTime, Duration bucketSize,
                        Instant bucketOrigin, Boolean readAzureDiagnostics, Boolean readAZKVAuditLogs, String timespan,
                        Instant from, Instant to, int status, int rows, boolean partial, long startNanos, long endNanos) {
        public boolean facts() { return kind == Kind.FACTS; }

        public Duration elapsed() { return Duration.ofNanos(endNanos - startNanos); }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern WORKSPACE = Pattern.compile(
            "(?i)^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.OperationalInsights/workspaces/([^/]+)$");
    private static final Pattern QUERY_PATH = Pattern.compile("(?i)^/v1/workspaces/([^/]+)/query$");
    private static final Pattern LET = Pattern.compile("^let\\s+([A-Za-z_][A-Za-z_0-9]*)\\s*=\\s*(.+?)\\s*;\\s*(//.*)?$");
    private static final Pattern DATETIME = Pattern.compile("^datetime\\(\\s*(.+?)\\s*\\)$");
    private static final Pattern TIMESPAN = Pattern.compile("^(?:(?:timespan|time)\\(\\s*)?(\\d+(?:\\.\\d+)?)(d|h|m|s|ms)(?:\\s*\\))?$");

    private record DateTime(long ticks) {}

    private record Span(long ticks) {}

    private record Template(Kind kind, Map<String, Object> defaults, String body) {}

    private static final Template FACTS = template(Kind.FACTS, "/kql/activity-facts.kql");
    private static final Template COVERAGE = template(Kind.COVERAGE, "/kql/activity-coverage.kql");

    private static final String[][] FACT_COLUMNS = {{"Bucket", "datetime"}, {"VaultId", "string"}, {"CallerObjectId", "string"},
            {"CallerUpn", "string"}, {"CallerAppId", "string"}, {"CallerIp", "string"}, {"OperationName", "string"},
            {"ObjectKind", "string"}, {"ObjectName", "string"}, {"HttpStatus", "int"}, {"TlsVersion", "string"},
            {"AddressAuthorizationType", "string"}, {"Count", "long"}, {"FirstSeen", "datetime"}, {"LastSeen", "datetime"}};
    private static final String[][] COVERAGE_COLUMNS = {{"VaultId", "string"}, {"Events", "long"}, {"FirstEvent", "datetime"},
            {"LastEvent", "datetime"}};

    private final Path snapshot;
    private final ConcurrentLinkedQueue<Query> log = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicLong queryCounter = new AtomicLong();
    private final Map<String, AtomicInteger> throttledInARow = new ConcurrentHashMap<>();
    private final Set<String> forbidden = ConcurrentHashMap.newKeySet();
    private final Set<String> partial = ConcurrentHashMap.newKeySet();

    private volatile int throttleEvery = 0;
    private volatile int retryAfterSeconds = 1;
    private volatile int maxRows = Integer.MAX_VALUE;
    private volatile Duration queryLatency = Duration.ZERO;
    private volatile Clock clock = Clock.systemUTC();

    private volatile List<JsonNode> workspaces;
    private volatile FakeAuditRows rows;

    FakeLogAnalytics(Path snapshot) {
        this.snapshot = snapshot;
    }

    // ---- knobs

    /** The workspace GET answers 403 AuthorizationFailed, and its queries 403 InsufficientAccessError. */
    public FakeLogAnalytics forbidWorkspace(String workspaceName) { forbidden.add(workspaceName.toLowerCase(Locale.ROOT)); return this; }

    /** Every n-th query request answers 429 with Retry-After; one query is throttled at most twice in a row. */
    public FakeLogAnalytics throttleQueries(int everyN, int retryAfterSeconds) {
        this.throttleEvery = everyN;
        this.retryAfterSeconds = retryAfterSeconds;
        return this;
    }

    /**
     * That workspace's queries answer 200 with their full tables and, beside them, Log Analytics' PartialError about a
     * data shard that did not answer (not about size: {@link #maxQueryRows} gives that one).
     */
    public FakeLogAnalytics partialQueryError(String customerIdOrWorkspaceName) { partial.add(customerIdOrWorkspaceName.toLowerCase(Locale.ROOT)); return this; }

    /** A result of more than n rows is cut to its first n and carries the partial error (Log Analytics' row cap). */
    public FakeLogAnalytics maxQueryRows(int n) { maxRows = n; return this; }

    /** Each query request takes this long (on top of {@link FakeAzure#latency}). */
    public FakeLogAnalytics queryLatency(Duration d) { queryLatency = d; return this; }

    /** "Now", for a timespan that is a duration alone (PT12H: the 12 hours before now). */
    public FakeLogAnalytics queryClock(Clock c) { clock = c; return this; }

    // ---- what happened

    public List<Query> queries() { return List.copyOf(log); }

    /** The most query requests the fake was answering at once. */
    public int maxConcurrentQueries() { return maxInFlight.get(); }

    /** The most of these queries that overlapped in time. */
    public static int maxOverlap(Collection<Query> queries) {
        List<long[]> edges = new ArrayList<>();
        for (Query q : queries) {
            edges.add(new long[] {q.startNanos(), 1});
            edges.add(new long[] {q.endNanos(), -1});
        }
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1])); // an end before a start at one instant
        int now = 0, max = 0;
        for (long[] e : edges) max = Math.max(max, now += (int) e[1]);
        return max;
    }

    /** Rows the queries can return, over all workspaces (reads the logs if no query has yet). */
    public long indexedRows() { return rows().indexedRows(); }

    /** Reads and indexes the logs now rather than on the first query (a benchmark keeps that out of its timings). */
    public FakeLogAnalytics preload() { rows(); workspaces(); return this; }

    // ---- resource manager: the workspace

    static boolean isWorkspacePath(String path) { return WORKSPACE.matcher(path).matches(); }

    HttpResponse workspace(HttpRequest req, String path) {
        Matcher m = WORKSPACE.matcher(path);
        if (!m.matches()) throw new IllegalArgumentException(path);
        String name = m.group(3);
        if (forbidden.contains(name.toLowerCase(Locale.ROOT)))
            return response(req, 403, error("AuthorizationFailed", "The client '" + FakeCredential.OBJECT_ID + "' with object id '"
                    + FakeCredential.OBJECT_ID + "' does not have authorization to perform action "
                    + "'Microsoft.OperationalInsights/workspaces/read' over scope '" + path + "' or the scope is invalid. If access "
                    + "was recently granted, please refresh your credentials."));
        for (JsonNode w : workspaces())
            if (w.path("id").asText().equalsIgnoreCase(path)) return response(req, 200, w);
        return response(req, 404, error("ResourceNotFound", "The Resource 'Microsoft.OperationalInsights/workspaces/" + name
                + "' under resource group '" + m.group(2) + "' was not found. For more details please go to "
                + "https://aka.ms/ARMResourceNotFoundFix"));
    }

    // ---- the query API

    /** A request to {@link #HOST}, after {@code latency} (FakeAzure's, for every request) and {@link #queryLatency}. */
    HttpResponse answer(HttpRequest req, boolean authorized, Duration latency) {
        long started = System.nanoTime();
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        Attempt a = new Attempt();
        HttpResponse r = null;
        try {
            sleep(latency);
            r = handle(req, authorized, a);
            return r;
        } finally {
            inFlight.decrementAndGet();
            log.add(new Query(a.customerId, a.workspace, a.kind, instant(a.params, "startTime"), instant(a.params, "endTime"),
                    span(a.params, "bucketSize"), instant(a.params, "bucketOrigin"), bool(a.params, "readAzureDiagnostics"),
                    bool(a.params, "readAZKVAuditLogs"), a.timespan, a.from == null ? null : toInstant(a.from),
                    a.to == null ? null : toInstant(a.to), r == null ? -1 : r.getStatusCode(), a.rows, a.partial, started, System.nanoTime()));
        }
    }

    /** What one request was, as far as the fake understood it. */
    private static final class Attempt {
        String customerId, workspace, timespan;
        Kind kind;
        Map<String, Object> params;
        Long from, to;
        int rows;
        boolean partial;
    }

    private HttpResponse handle(HttpRequest req, boolean authorized, Attempt a) {
        URI url = URI.create(req.getUrl().toString());
        String path = URLDecoder.decode(url.getRawPath(), StandardCharsets.UTF_8);
        if (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        Matcher m = QUERY_PATH.matcher(path);
        if (!m.matches()) return response(req, 404, laError("PathNotFoundError", "The requested path does not exist", null));
        a.customerId = m.group(1).toLowerCase(Locale.ROOT);
        if (req.getHttpMethod() != HttpMethod.POST)
            return response(req, 405, laError("MethodNotAllowed", "the fake Log Analytics answers POST queries only", null));
        if (!authorized) return response(req, 401, laError("AuthorizationRequiredError", "Valid authentication was not provided", null));
        sleep(queryLatency);

        Parsed q;
        long[] window;
        try {
            JsonNode body = body(req);
            JsonNode extra = body.path("workspaces");
            if (extra.isArray() && !extra.isEmpty()) throw new BadQuery("BadArgumentError", "the fake Log Analytics does not query additional workspaces");
            if (!body.path("query").isTextual()) throw new BadQuery("BadArgumentError", "the body has no query");
            a.timespan = body.path("timespan").isTextual() ? body.path("timespan").asText() : null;
            q = parse(body.path("query").asText());
            a.kind = q.template.kind;
            a.params = q.params;
            long[] ts = timespan(a.timespan, clock);
            long start = ((DateTime) q.params.get("startTime")).ticks(), end = ((DateTime) q.params.get("endTime")).ticks();
            window = new long[] {Math.max(start, ts[0]), Math.min(end, ts[1])};
            a.from = window[0];
            a.to = window[1];
        } catch (BadQuery e) {
            return response(req, 400, laError("BadArgumentError", "The request had some invalid properties", e));
        }

        JsonNode w = null;
        for (JsonNode ws : workspaces()) if (ws.path("properties").path("customerId").asText().equalsIgnoreCase(a.customerId)) w = ws;
        if (w == null) return response(req, 404, laError("WorkspaceNotFoundError", "Workspace could not be found", null));
        a.workspace = w.path("name").asText();
        String name = a.workspace.toLowerCase(Locale.ROOT);
        if (forbidden.contains(name))
            return response(req, 403, laError("InsufficientAccessError",
                    "The provided credentials have insufficient access to perform the requested operation", null));
        if (throttled(a.customerId + "\n" + a.timespan + "\n" + q.text)) {
            HttpHeaders h = FakeAzure.json().set(HttpHeaderName.RETRY_AFTER, String.valueOf(retryAfterSeconds));
            return new FakeResponse(req, 429, h, FakeAzure.bytes(laError("ThrottledError", "Your request was throttled: too many requests. "
                    + "Retry in " + retryAfterSeconds + " seconds.", null)));
        }

        boolean ad = (Boolean) q.params.get("readAzureDiagnostics"), kv = (Boolean) q.params.get("readAZKVAuditLogs");
        FakeAuditRows store = rows();
        boolean partialKnob = partial.contains(a.customerId) || partial.contains(name);
        int cap = maxRows;
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("tables");
            g.writeStartObject();
            g.writeStringField("name", "PrimaryResult");
            int total;
            if (q.template.kind == Kind.FACTS) {
                List<FakeAuditRows.Fact> facts = window[0] >= window[1] ? List.of() : store.facts(a.customerId, window[0], window[1],
                        ((Span) q.params.get("bucketSize")).ticks(), ((DateTime) q.params.get("bucketOrigin")).ticks(), ad, kv);
                total = facts.size();
                a.rows = Math.min(total, cap);
                columns(g, FACT_COLUMNS);
                g.writeArrayFieldStart("rows");
                for (FakeAuditRows.Fact f : facts.subList(0, a.rows)) {
                    FakeAuditRows.Event e = f.event();
                    g.writeStartArray();
                    g.writeString(iso(f.bucket()));
                    g.writeString(e.vaultId());
                    g.writeString(e.callerObjectId());
                    g.writeString(e.callerUpn());
                    g.writeString(e.callerAppId());
                    g.writeString(e.callerIp());
                    g.writeString(e.operationName());
                    g.writeString(e.objectKind());
                    g.writeString(e.objectName());
                    g.writeNumber(e.httpStatus());
                    g.writeString(e.tlsVersion());
                    g.writeString(e.addressAuthorizationType());
                    g.writeNumber(f.count());
                    g.writeString(iso(f.firstSeen()));
                    g.writeString(iso(f.lastSeen()));
                    g.writeEndArray();
                }
            } else {
                List<FakeAuditRows.Coverage> coverage = window[0] >= window[1] ? List.of() : store.coverage(a.customerId, window[0], window[1], ad, kv);
                total = coverage.size();
                a.rows = Math.min(total, cap);
                columns(g, COVERAGE_COLUMNS);
                g.writeArrayFieldStart("rows");
                for (FakeAuditRows.Coverage c : coverage.subList(0, a.rows)) {
                    g.writeStartArray();
                    g.writeString(c.vaultId());
                    g.writeNumber(c.events());
                    g.writeString(iso(c.firstEvent()));
                    g.writeString(iso(c.lastEvent()));
                    g.writeEndArray();
                }
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            boolean cut = total > a.rows;
            a.partial = partialKnob || cut;
            if (a.partial) {
                g.writeFieldName("error");
                g.writeTree(cut ? partialError() : shardError());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FakeResponse(req, 200, FakeAzure.json(), out.toByteArray());
    }

    private boolean throttled(String query) {
        if (throttleEvery <= 0) return false;
        if (queryCounter.incrementAndGet() % throttleEvery != 0) {
            throttledInARow.remove(query);
            return false;
        }
        if (throttledInARow.computeIfAbsent(query, k -> new AtomicInteger()).incrementAndGet() <= 2) return true;
        throttledInARow.remove(query);
        return false;
    }

    /** Log Analytics' PartialError beside the tables: an answer cut at the result-set limit. */
    private static JsonNode partialError() {
        return partialError("-2133196797", "Query result set has exceeded the internal data size limit 64000000 "
                + "(E_QUERY_RESULT_SET_TOO_LARGE; see https://aka.ms/kustoquerylimits)");
    }

    /**
     * A partial failure that is not about size (the partialQueryError knob): a part of the workspace's data did not
     * answer. Splitting the query by time would not help, so kvaudit uses what came and says so.
     */
    private static JsonNode shardError() {
        return partialError("-2133196798", "Partial query failure: one of the workspace's data shards did not answer (E_SHARD_UNAVAILABLE)");
    }

    private static JsonNode partialError(String innerCode, String innerMessage) {
        ObjectNode e = JSON.createObjectNode();
        e.put("code", "PartialError");
        e.put("message", "There were some errors when processing your query.");
        ObjectNode d = e.putArray("details").addObject();
        d.put("code", "EngineError");
        d.put("message", "Something went wrong processing your query on the server.");
        ObjectNode inner = d.putObject("innererror");
        inner.put("code", innerCode);
        inner.put("message", innerMessage);
        inner.put("severity", 2);
        inner.put("severityName", "Error");
        return e;
    }

    private static void columns(JsonGenerator g, String[][] columns) throws IOException {
        g.writeArrayFieldStart("columns");
        for (String[] c : columns) {
            g.writeStartObject();
            g.writeStringField("name", c[0]);
            g.writeStringField("type", c[1]);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    // ---- the query text

    private static final class BadQuery extends Exception {
        final String innerCode;

        BadQuery(String innerCode, String message) {
            super(message);
            this.innerCode = innerCode;
        }
    }

    private record Parsed(Template template, Map<String, Object> params, String text) {}

    private static Parsed parse(String text) throws BadQuery {
        String[] lines = text.split("\r?\n", -1);
        Map<String, Object> params = new LinkedHashMap<>();
        int end = -1;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.equals(PARAMETERS_END)) {
                end = i;
                break;
            }
            if (line.isEmpty() || line.startsWith("//")) continue;
            Matcher m = LET.matcher(line);
            if (!m.matches())
                throw new BadQuery("SyntaxError", "line " + (i + 1) + " of the parameter block is neither `let name = value;` nor a comment: " + line);
            if (params.put(m.group(1), value(m.group(2), i + 1)) != null)
                throw new BadQuery("SemanticError", "line " + (i + 1) + ": '" + m.group(1) + "' is declared twice");
        }
        if (end < 0) throw new BadQuery("SyntaxError", "the query has no '" + PARAMETERS_END + "' line");
        Template t = params.containsKey("bucketSize") ? FACTS : COVERAGE;
        String body = normalize(lines, end + 1);
        if (!body.equals(t.body)) {
            String[] got = body.split("\n", -1), want = t.body.split("\n", -1);
            int i = 0;
            while (i < got.length && i < want.length && got[i].equals(want[i])) i++;
            throw new BadQuery("SyntaxError", "after its parameters the query is not the text of " + t.kind.name().toLowerCase(Locale.ROOT)
                    + " KQL file, which is all the fake Log Analytics computes; first difference: got `" + (i < got.length ? got[i] : "(end)")
                    + "`, expected `" + (i < want.length ? want[i] : "(end)") + "`");
        }
        for (Map.Entry<String, Object> d : t.defaults.entrySet()) {
            Object v = params.get(d.getKey());
            if (v == null) throw new BadQuery("SemanticError", "Failed to resolve scalar expression named '" + d.getKey() + "'");
            if (v.getClass() != d.getValue().getClass())
                throw new BadQuery("SemanticError", "'" + d.getKey() + "' must be a " + typeName(d.getValue()) + ", not a " + typeName(v));
        }
        if (t.kind == Kind.FACTS && ((Span) params.get("bucketSize")).ticks() <= 0)
            throw new BadQuery("SemanticError", "bin_at(): the bucket size must be positive");
        return new Parsed(t, params, text);
    }

    private static String typeName(Object v) {
        return v instanceof DateTime ? "datetime" : v instanceof Span ? "timespan" : "bool";
    }

    /** The text after the parameter block, without comment lines, blank lines and the lines' outer whitespace. */
    private static String normalize(String[] lines, int from) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.isEmpty() || l.startsWith("//")) continue;
            if (!b.isEmpty()) b.append('\n');
            b.append(l);
        }
        return b.toString();
    }

    private static Object value(String v, int line) throws BadQuery {
        if (v.equals("true")) return Boolean.TRUE;
        if (v.equals("false")) return Boolean.FALSE;
        Matcher d = DATETIME.matcher(v);
        if (d.matches()) {
            long t = parseTime(d.group(1));
            if (t == FakeAuditRows.NO_TIME) throw new BadQuery("SyntaxError", "line " + line + ": not a datetime: " + v);
            return new DateTime(t);
        }
        Matcher s = TIMESPAN.matcher(v);
        if (s.matches()) {
            long unit = switch (s.group(2)) {
                case "d" -> 86_400L * FakeAuditRows.TICKS_PER_SECOND;
                case "h" -> 3_600L * FakeAuditRows.TICKS_PER_SECOND;
                case "m" -> 60L * FakeAuditRows.TICKS_PER_SECOND;
                case "s" -> FakeAuditRows.TICKS_PER_SECOND;
                default -> FakeAuditRows.TICKS_PER_SECOND / 1000;
            };
            return new Span(new BigDecimal(s.group(1)).multiply(BigDecimal.valueOf(unit)).longValue());
        }
        throw new BadQuery("SyntaxError", "line " + line + ": a parameter is a datetime(...), a timespan (1h, 1d, 30m) or true/false: " + v);
    }

    /** A datetime literal or a timespan's end: RFC 3339, or ISO 8601 without seconds or zone (UTC), or a date. */
    private static long parseTime(String s) {
        long t = FakeAuditRows.ticks(s);
        if (t != FakeAuditRows.NO_TIME) return t;
        try {
            return ticks(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return ticks(LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return ticks(LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return FakeAuditRows.NO_TIME;
        }
    }

    /** The body's timespan as [from, to): START/END, DURATION (ending now), START/DURATION, DURATION/END, or none. */
    private static long[] timespan(String s, Clock clock) throws BadQuery {
        if (s == null || s.isBlank()) return new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
        String[] p = s.strip().split("/", -1);
        try {
            if (p.length == 1) {
                long now = ticks(clock.instant());
                return new long[] {now - duration(p[0]), now};
            }
            if (p.length == 2) {
                boolean d0 = isDuration(p[0]), d1 = isDuration(p[1]);
                if (!d0 && !d1) return new long[] {time(p[0]), time(p[1])};
                if (!d0) return new long[] {time(p[0]), time(p[0]) + duration(p[1])};
                if (!d1) return new long[] {time(p[1]) - duration(p[0]), time(p[1])};
            }
        } catch (DateTimeException | ArithmeticException e) {
            // below
        }
        throw new BadQuery("SyntaxError", "Invalid timespan: " + s + " (ISO 8601: START/END, DURATION, START/DURATION or DURATION/END)");
    }

    private static boolean isDuration(String s) { return s.startsWith("P") || s.startsWith("p") || s.startsWith("-P"); }

    private static long duration(String s) {
        Duration d = Duration.parse(s);
        return Math.addExact(Math.multiplyExact(d.getSeconds(), FakeAuditRows.TICKS_PER_SECOND), d.getNano() / 100);
    }

    private static long time(String s) {
        long t = parseTime(s);
        if (t == FakeAuditRows.NO_TIME) throw new DateTimeException(s);
        return t;
    }

    private static Template template(Kind kind, String resource) {
        try (InputStream in = Objects.requireNonNull(FakeLogAnalytics.class.getResourceAsStream(resource), resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String[] lines = text.split("\r?\n", -1);
            Map<String, Object> defaults = new LinkedHashMap<>();
            for (int i = 0; i < lines.length; i++) {
                String l = lines[i].strip();
                if (l.equals(PARAMETERS_END)) return new Template(kind, defaults, normalize(lines, i + 1));
                Matcher m = LET.matcher(l);
                if (m.matches()) defaults.put(m.group(1), value(m.group(2), i + 1));
            }
            throw new IllegalStateException(resource + " has no '" + PARAMETERS_END + "' line");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (BadQuery e) {
            throw new IllegalStateException(resource + ": " + e.getMessage());
        }
    }

    // ---- the snapshot

    private List<JsonNode> workspaces() {
        List<JsonNode> w = workspaces;
        if (w == null) synchronized (this) {
            w = workspaces;
            if (w == null) {
                Path f = snapshot.resolve("logs/workspaces.json");
                List<JsonNode> items = new ArrayList<>();
                if (Files.isRegularFile(f)) {
                    try {
                        JSON.readTree(f.toFile()).path("value").forEach(items::add);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                workspaces = w = List.copyOf(items);
            }
        }
        return w;
    }

    /** The audit rows, read on the first query (once, whichever thread asks first). */
    private FakeAuditRows rows() {
        FakeAuditRows r = rows;
        if (r == null) synchronized (this) {
            r = rows;
            if (r == null) rows = r = FakeAuditRows.read(snapshot.resolve("logs"));
        }
        return r;
    }

    // ---- bodies and times

    private static JsonNode body(HttpRequest req) throws BadQuery {
        BinaryData data = req.getBodyAsBinaryData();
        if (data == null) throw new BadQuery("BadArgumentError", "the request has no body");
        try {
            JsonNode n = JSON.readTree(data.toBytes());
            if (n == null || !n.isObject()) throw new BadQuery("BadArgumentError", "the body is not a JSON object");
            return n;
        } catch (IOException e) {
            throw new BadQuery("BadArgumentError", "the body is not JSON: " + e.getMessage());
        }
    }

    /** ISO 8601 UTC with at least milliseconds and up to the 7 digits a time has: 2026-11-19T06:12:03.123Z, ...03.1234567Z. */
    static String iso(long ticks) {
        long seconds = Math.floorDiv(ticks, FakeAuditRows.TICKS_PER_SECOND);
        int fraction = (int) Math.floorMod(ticks, FakeAuditRows.TICKS_PER_SECOND);
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(28);
        int y = t.getYear();
        if (y < 1000) b.append(y < 10 ? "000" : y < 100 ? "00" : "0");
        b.append(y).append('-');
        two(b, t.getMonthValue()).append('-');
        two(b, t.getDayOfMonth()).append('T');
        two(b, t.getHour()).append(':');
        two(b, t.getMinute()).append(':');
        two(b, t.getSecond()).append('.');
        String f = Integer.toString(fraction + 10_000_000).substring(1); // 7 digits
        int len = 7;
        while (len > 3 && f.charAt(len - 1) == '0') len--;
        return b.append(f, 0, len).append('Z').toString();
    }

    private static StringBuilder two(StringBuilder b, int v) { return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10)); }

    private static long ticks(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), FakeAuditRows.TICKS_PER_SECOND), i.getNano() / 100);
    }

    private static Instant toInstant(long ticks) {
        if (ticks == Long.MIN_VALUE) return Instant.MIN;
        if (ticks == Long.MAX_VALUE) return Instant.MAX;
        return Instant.ofEpochSecond(Math.floorDiv(ticks, FakeAuditRows.TICKS_PER_SECOND), Math.floorMod(ticks, FakeAuditRows.TICKS_PER_SECOND) * 100);
    }

    private static Instant instant(Map<String, Object> params, String name) {
        return params != null && params.get(name) instanceof DateTime d ? toInstant(d.ticks()) : null;
    }

    private static Duration span(Map<String, Object> params, String name) {
        return params != null && params.get(name) instanceof Span s ? Duration.ofNanos(Math.multiplyExact(s.ticks(), 100L)) : null;
    }

    private static Boolean bool(Map<String, Object> params, String name) {
        return params != null && params.get(name) instanceof Boolean b ? b : null;
    }

    private static void sleep(Duration d) {
        if (d.isZero()) return;
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse response(HttpRequest req, int status, JsonNode body) {
        return new FakeResponse(req, status, FakeAzure.json(), FakeAzure.bytes(body));
    }

    /** An ARM error body. */
    private static ObjectNode error(String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message);
        return body;
    }

    /** A Log Analytics error body; a bad query's reason goes in its innererror, as Log Analytics puts it. */
    private static ObjectNode laError(String code, String message, BadQuery inner) {
        ObjectNode body = error(code, message);
        if (inner != null) {
            ObjectNode e = (ObjectNode) body.get("error");
            e.putObject("innererror").put("code", inner.innerCode).put("message", inner.getMessage());
        }
        return body;
    }

}
