package io.kvaudit.source.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kvaudit.activity.LogsNotUsable;
import io.kvaudit.config.ConfigurationException;
import io.kvaudit.config.JsonPathNode;
import io.kvaudit.model.ActivityWindow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code logs/queries.json} (docs/snapshot-format.md): what an export asked Log Analytics, so a scan of the export
 * reads each answer as the live scan did. It names the window the facts were folded for ({@code asOf},
 * {@code activityDays}) and, per answer file, the workspace, the query (as reports name it), the KQL file and the
 * SHA-256 of the text sent, the time range, the tables read, the HTTP status and the rows.
 */
public final class LogQueries {

    /** One answer file. {@code workspace} is the lower-cased ARM id. */
    public record Entry(String file, String workspace, String customerId, String query, String kql, String querySha256,
                        Instant from, Instant to, List<String> tables, int status, long rows) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Instant asOf;
    private final int activityDays;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    public LogQueries(Instant asOf, int activityDays) {
        this.asOf = asOf;
        this.activityDays = activityDays;
    }

    public Instant asOf() { return asOf; }

    public int activityDays() { return activityDays; }

    /** How evidence names a query's answers: "Log Analytics: kql/activity-facts.kql sha256:…". */
    public static String source(String kql, String sha256) { return "Log Analytics: kql/" + kql + " sha256:" + sha256; }

    /** The sources of the listed answers, distinct, in KQL file order. */
    public synchronized List<String> sources() {
        return entries.values().stream().map(e -> source(e.kql(), e.querySha256())).distinct().sorted().toList();
    }

    public synchronized void add(Entry e) { entries.put(e.file(), e); }

    public synchronized Entry entry(String file) { return entries.get(file); }

    public synchronized List<Entry> entries() { return List.copyOf(entries.values()); }

    /** The facts were folded for buckets aligned to this window's start: another window cannot use them. */
    public void requireWindow(ActivityWindow window) {
        if (window.asOf().equals(asOf) && window.detectionDays() == activityDays) return;
        throw new LogsNotUsable("the snapshot's logs/ hold facts Log Analytics folded for the window ending " + asOf
                + " (--activity-days " + activityDays + "), not for this scan's (--as-of " + window.asOf() + " --activity-days "
                + window.detectionDays() + "); scan the export with --as-of " + asOf + " --activity-days " + activityDays
                + ", or export again");
    }

    /** The file, or null when the snapshot has none; a malformed one is a snapshot error naming the place. */
    static LogQueries read(SnapshotRoot root) {
        Optional<JsonPathNode> read = root.read(SnapshotLayout.QUERIES);
        if (read.isEmpty()) return null;
        JsonPathNode body = read.get().requireObject();
        LogQueries q = new LogQueries(time(body, "asOf"), positive(body, "activityDays"));
        for (JsonPathNode e : body.requiredArray("queries")) {
            e.requireObject();
            List<String> tables = new ArrayList<>();
            for (JsonPathNode t : e.requiredArray("tables")) tables.add(t.raw().asText());
            String file = e.requiredText("file");
            if (!file.startsWith(SnapshotLayout.LOGS + "/") || !root.isFile(file))
                throw new ConfigurationException(e.get("file").file() + ": at " + e.get("file").path()
                        + ": expected a file in logs/ of this snapshot, found \"" + file + "\"");
            q.add(new Entry(file, e.requiredText("workspace").toLowerCase(Locale.ROOT), e.text("customerId"),
                    e.requiredText("query"), e.text("kql"), e.text("querySha256"), time(e, "from"), time(e, "to"), tables,
                    e.integer("status") == null ? 0 : e.integer("status"), e.longValue("rows") == null ? 0 : e.longValue("rows")));
        }
        return q;
    }

    /** The JSON an export writes. */
    public synchronized byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("asOf", asOf.toString());
        root.put("activityDays", activityDays);
        ArrayNode list = root.putArray("queries");
        for (Entry e : entries.values()) {
            ObjectNode o = list.addObject();
            o.put("file", e.file());
            o.put("workspace", e.workspace());
            o.put("customerId", e.customerId());
            o.put("query", e.query());
            o.put("kql", e.kql());
            o.put("querySha256", e.querySha256());
            o.put("from", e.from().toString());
            o.put("to", e.to().toString());
            ArrayNode t = o.putArray("tables");
            e.tables().forEach(t::add);
            o.put("status", e.status());
            o.put("rows", e.rows());
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant time(JsonPathNode node, String field) {
        node.requiredText(field);
        return node.rfc3339(field);
    }

    private static int positive(JsonPathNode node, String field) {
        Integer n = node.integer(field);
        if (n == null || n < 1) throw new ConfigurationException(node.file() + ": at " + node.path() + "." + field
                + ": expected a whole number of days from 1 to 30");
        return n;
    }
}
