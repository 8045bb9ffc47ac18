package io.kvaudit.source.snapshot;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvaudit.activity.ActivityLog;
import io.kvaudit.activity.FactAggregator;
import io.kvaudit.activity.LogSource;
import io.kvaudit.config.ConfigurationException;
import io.kvaudit.config.JsonFiles;
import io.kvaudit.config.JsonPathNode;
import io.kvaudit.model.ActivityWindow;
import io.kvaudit.source.LogRowMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A snapshot's {@code logs/} (docs/snapshot-format.md): every {@code *.json} but {@code workspaces.json}, in name order,
 * is a Log Analytics query response whose rows are raw Key Vault audit events of either table. Each file is parsed as
 * a stream, row by row, into a {@link FactAggregator}, so memory does not grow with the events. A row that cannot be
 * read is counted and located (file, table, row); a file that is not a Log Analytics response is a snapshot error
 * naming it; a response carrying {@code error} beside its tables is used and reported as incomplete, one carrying only
 * an error means its rows were never read.
 */
public final class SnapshotLogSource implements LogSource {

    private static final int EXAMPLES = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private final SnapshotBodies bodies;
    private final SnapshotRoot root;

    public SnapshotLogSource(SnapshotBodies bodies) {
        this.bodies = bodies;
        this.root = bodies.root();
    }

    /** True when the snapshot has a {@code logs/} folder at all. */
    public boolean present() { return root.isDirectory(SnapshotLayout.LOGS); }

    @Override
    public ActivityLog read(ActivityWindow window) {
        List<String> files = bodies.logFiles();
        if (files.isEmpty() && !root.isFile(SnapshotLayout.WORKSPACES)) return ActivityLog.empty(files);
        // files are read in parallel, each into its own aggregator, merged in file order: the same facts however many threads
        int threads = Math.max(1, Math.min(files.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "kvaudit-log-reader");
            t.setDaemon(true);
            return t;
        });
        List<Future<FileRead>> reads = new ArrayList<>();
        try {
            for (String f : files) reads.add(pool.submit(() -> readFile(f, window)));
            FactAggregator facts = new FactAggregator(window);
            List<String> incomplete = new ArrayList<>(), examples = new ArrayList<>();
            long unreadable = 0;
            for (Future<FileRead> read : reads) {
                FileRead r = join(read);
                facts.merge(r.facts());
                if (r.incomplete() != null) incomplete.add(r.incomplete());
                unreadable += r.unreadable();
                for (String e : r.examples()) if (examples.size() < EXAMPLES) examples.add(e);
            }
            return new ActivityLog(facts.facts(), facts.vaults(), facts.firstEvent(), facts.lastEvent(), workspaces(),
                    facts.rows(), facts.dropped(), new ActivityLog.Unreadable(unreadable, List.copyOf(examples)),
                    List.copyOf(incomplete), files);
        } finally {
            pool.shutdownNow();
        }
    }

    /** What one file gave: its facts, why it is incomplete (null when it is not), its unreadable rows. */
    private record FileRead(FactAggregator facts, String incomplete, long unreadable, List<String> examples) {}

    private static FileRead join(Future<FileRead> read) {
        try {
            return read.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading logs/", e);
        }
    }

    private FileRead readFile(String file, ActivityWindow window) {
        FactAggregator facts = new FactAggregator(window);
        List<String> incomplete = new ArrayList<>(), examples = new ArrayList<>();
        long[] unreadable = {0};
        readFile(file, facts, incomplete, (where, why) -> {
            if (unreadable[0]++ < EXAMPLES) examples.add(where + ": " + why);
        });
        return new FileRead(facts, incomplete.isEmpty() ? null : incomplete.get(0), unreadable[0], examples);
    }

    private interface RowIssue { void report(String where, String why); }

    private void readFile(String file, FactAggregator facts, List<String> incomplete, RowIssue issue) {
        String name = root.where(file).toString();
        try (InputStream in = root.open(file); JsonParser p = FACTORY.createParser(in)) {
            p.setCodec(JSON);
            if (p.nextToken() != JsonToken.START_OBJECT)
                throw notAResponse(name, "the file does not hold a JSON object");
            boolean tables = false;
            JsonNode error = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "tables" -> {
                        if (p.currentToken() != JsonToken.START_ARRAY) throw wrong(name, "$.tables", "an array", p);
                        tables = true;
                        int t = 0;
                        while (p.nextToken() != JsonToken.END_ARRAY) readTable(p, name, file, t++, facts, issue);
                    }
                    case "error" -> error = p.readValueAsTree();
                    default -> p.skipChildren();
                }
            }
            if (error != null) {
                String why = errorText(error);
                incomplete.add(file + ": " + (tables ? "partial answer, " : "no rows, ") + why);
            } else if (!tables) {
                throw notAResponse(name, "it has no \"tables\"");
            }
        } catch (JsonParseException e) {
            throw JsonFiles.notJson(name, e);
        } catch (IOException e) {
            throw new ConfigurationException(name + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private void readTable(JsonParser p, String file, String shortName, int t, FactAggregator facts, RowIssue issue) throws IOException {
        String at = "$.tables[" + t + "]";
        if (p.currentToken() != JsonToken.START_OBJECT) throw wrong(file, at, "an object", p);
        LogRowMapper mapper = null;
        String tableName = null;
        int columns = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "name" -> tableName = p.getValueAsString();
                case "columns" -> {
                    if (p.currentToken() != JsonToken.START_ARRAY) throw wrong(file, at + ".columns", "an array", p);
                    List<String> names = new ArrayList<>();
                    int c = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        JsonNode col = p.readValueAsTree();
                        JsonNode n = col == null ? null : col.get("name");
                        if (n == null || !n.isTextual())
                            throw new ConfigurationException(file + ": at " + at + ".columns[" + c + "]: expected {\"name\": ..., \"type\": ...}");
                        names.add(n.asText());
                        c++;
                    }
                    mapper = new LogRowMapper(names);
                    columns = names.size();
                    String missing = mapper.missingColumns();
                    if (missing != null)
                        throw new ConfigurationException(file + ": at " + at + ".columns: expected the columns of AzureDiagnostics or "
                                + "AZKVAuditLogs; found no " + missing + " column");
                }
                case "rows" -> {
                    if (p.currentToken() != JsonToken.START_ARRAY) throw wrong(file, at + ".rows", "an array", p);
                    if (mapper == null)
                        throw new ConfigurationException(file + ": at " + at + ".rows: expected \"columns\" before \"rows\"");
                    int r = 0;
                    String[] row = new String[columns];
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        r++;
                        if (!cells(p, row)) {
                            issue.report(shortName + ": " + at + ".rows[" + (r - 1) + "] (row " + r
                                    + (tableName == null ? "" : " of " + tableName) + ")", "expected an array of cells");
                            continue;
                        }
                        if (!mapper.isAuditEvent(row)) continue;
                        try {
                            facts.accept(mapper.map(row));
                        } catch (LogRowMapper.BadRow e) {
                            issue.report(shortName + ": " + at + ".rows[" + (r - 1) + "] (row " + r
                                    + (tableName == null ? "" : " of " + tableName) + ")", e.getMessage());
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
    }

    /**
     * Reads one row into {@code cells} as text: strings as they are, numbers and booleans in their JSON spelling,
     * objects and arrays (a {@code dynamic} cell sent as JSON) as JSON text, null for null; cells past the columns are
     * ignored, missing ones are null. False (the row skipped) when the row is not an array.
     */
    private static boolean cells(JsonParser p, String[] cells) throws IOException {
        java.util.Arrays.fill(cells, null);
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return false;
        }
        int i = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), i++) {
            String v = switch (t) {
                case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> p.getText();
                case VALUE_NULL -> null;
                default -> JSON.writeValueAsString(p.readValueAsTree());
            };
            if (i < cells.length) cells[i] = v;
        }
        return true;
    }

    /** workspaces.json: a Workspaces_List body, or the workspaces' GET bodies in one value; null when absent. */
    Map<String, ActivityLog.Workspace> workspaces() {
        Optional<JsonPathNode> read = root.read(SnapshotLayout.WORKSPACES);
        if (read.isEmpty()) return null;
        JsonPathNode body = read.get().requireObject();
        Map<String, ActivityLog.Workspace> out = new LinkedHashMap<>();
        for (JsonPathNode w : body.requiredArray("value")) {
            w.requireObject();
            String id = w.requiredText("id").toLowerCase(Locale.ROOT);
            if (w.has("error")) {
                out.put(id, new ActivityLog.Workspace(id, null, null, errorText(w.get("error").raw())));
                continue;
            }
            JsonPathNode props = w.object("properties");
            if (props.isMissing()) throw props.wrongShape("an object");
            out.put(id, new ActivityLog.Workspace(id, props.text("customerId"), props.integer("retentionInDays"), null));
        }
        return out;
    }

    private static String errorText(JsonNode error) {
        String code = error.path("code").asText("");
        String message = error.path("message").asText("");
        return (code.isEmpty() ? "error" : code) + (message.isEmpty() ? "" : ": " + message);
    }

    private ConfigurationException notAResponse(String file, String why) {
        return new ConfigurationException(file + ": expected a Log Analytics query response {\"tables\": [{\"columns\": [...], "
                + "\"rows\": [...]}]}, but " + why);
    }

    private static ConfigurationException wrong(String file, String at, String expected, JsonParser p) {
        return new ConfigurationException(file + ": at " + at + ": expected " + expected + ", found " + p.currentToken());
    }
}
