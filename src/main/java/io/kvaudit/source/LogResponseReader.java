package io.kvaudit.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kvaudit.activity.FactAggregator;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads one Log Analytics query response ({@code {"tables": [{"name", "columns", "rows"}], "error"?}}) as a stream,
 * cell by cell, into a {@link FactAggregator}, whatever its tables hold: raw Key Vault audit rows of either table
 * ({@link LogRowMapper}), or the facts and coverage kvaudit's own queries aggregate on the server
 * ({@link FactTableMapper}). A snapshot's {@code logs/} files and live answers go through this one reader, so a live
 * scan and a scan of its export fold the very same rows. Memory does not grow with the rows.
 *
 * <p>A row that cannot be read is counted and located; a body that is not a query response throws {@link Malformed}
 * (the caller decides: a snapshot error, or a failed query); an {@code error} beside the tables is returned, for the
 * caller to report the answer as partial.
 */
public final class LogResponseReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    /** Not a Log Analytics query response: {@code getMessage()} names the place and what was expected. */
    public static final class Malformed extends RuntimeException {
        public Malformed(String message) { super(message, null, false, false); }
    }

    /** Rows that could not be read, reported one by one (the first few are kept by the caller). */
    public interface RowIssue { void report(String where, String why); }

    /**
     * What a response held: whether it had tables, the error beside (or instead of) them, which kinds of table, how
     * many rows of each kind.
     */
    public record Outcome(boolean tables, JsonNode error, Set<FactTableMapper.Kind> kinds, long rows) {
        public boolean partial() { return tables && error != null; }
    }

    private LogResponseReader() {}

    /**
     * @param name      how messages name the body ("logs/a.json" resolved, or "query facts of workspace w")
     * @param shortName how row locations name it
     */
    public static Outcome read(InputStream in, String name, String shortName, FactAggregator facts, RowIssue issue)
            throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            p.setCodec(JSON);
            if (p.nextToken() != JsonToken.START_OBJECT) throw notAResponse(name, "it does not hold a JSON object");
            boolean tables = false;
            JsonNode error = null;
            Set<FactTableMapper.Kind> kinds = EnumSet.noneOf(FactTableMapper.Kind.class);
            long rows = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "tables" -> {
                        if (p.currentToken() != JsonToken.START_ARRAY) throw wrong(name, "$.tables", "an array", p);
                        tables = true;
                        int t = 0;
                        while (p.nextToken() != JsonToken.END_ARRAY) rows += readTable(p, name, shortName, t++, facts, issue, kinds);
                    }
                    case "error" -> error = p.readValueAsTree();
                    default -> p.skipChildren();
                }
            }
            if (error == null && !tables) throw notAResponse(name, "it has no \"tables\"");
            return new Outcome(tables, error, kinds, rows);
        }
    }

    private static long readTable(JsonParser p, String file, String shortName, int t, FactAggregator facts, RowIssue issue,
                                  Set<FactTableMapper.Kind> kinds) throws IOException {
        String at = "$.tables[" + t + "]";
        if (p.currentToken() != JsonToken.START_OBJECT) throw wrong(file, at, "an object", p);
        LogRowMapper raw = null;
        FactTableMapper folded = null;
        String tableName = null;
        int columns = 0;
        long read = 0;
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
                            throw new Malformed(file + ": at " + at + ".columns[" + c + "]: expected {\"name\": ..., \"type\": ...}");
                        names.add(n.asText());
                        c++;
                    }
                    columns = names.size();
                    FactTableMapper.Kind kind = FactTableMapper.kindOf(names);
                    kinds.add(kind);
                    if (kind == FactTableMapper.Kind.RAW) {
                        raw = new LogRowMapper(names);
                        String missing = raw.missingColumns();
                        if (missing != null)
                            throw new Malformed(file + ": at " + at + ".columns: expected the columns of AzureDiagnostics or "
                                    + "AZKVAuditLogs, or of kvaudit's fact or coverage query; found no " + missing + " column");
                    } else {
                        folded = new FactTableMapper(names);
                    }
                }
                case "rows" -> {
                    if (p.currentToken() != JsonToken.START_ARRAY) throw wrong(file, at + ".rows", "an array", p);
                    if (raw == null && folded == null)
                        throw new Malformed(file + ": at " + at + ".rows: expected \"columns\" before \"rows\"");
                    int r = 0;
                    String[] row = new String[columns];
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        r++;
                        if (!cells(p, row)) {
                            issue.report(where(shortName, at, r, tableName), "expected an array of cells");
                            continue;
                        }
                        read++;
                        try {
                            if (raw != null) {
                                if (raw.isAuditEvent(row)) facts.accept(raw.map(row));
                            } else if (folded.kind() == FactTableMapper.Kind.FACTS) {
                                facts.addFact(folded.fact(row));
                            } else {
                                FactTableMapper.VaultCoverage c = folded.coverage(row);
                                facts.addCoverage(c.vaultId(), c.events(), c.first(), c.last());
                            }
                        } catch (LogRowMapper.BadRow e) {
                            issue.report(where(shortName, at, r, tableName), e.getMessage());
                        }
                    }
                }
                default -> p.skipChildren();
            }
        }
        return read;
    }

    /** Where a row is, as messages name it ("logs/a.json: $.tables[0].rows[41] (row 42 of PrimaryResult)"). */
    private static String where(String shortName, String table, int row, String tableName) {
        return shortName + ": " + table + ".rows[" + (row - 1) + "] (row " + row + (tableName == null ? "" : " of " + tableName) + ")";
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

    /** "Forbidden: The client..." from a Log Analytics or resource-manager error object. */
    public static String errorText(JsonNode error) {
        String code = error.path("code").asText("");
        String message = error.path("message").asText("");
        JsonNode inner = error.path("details").path(0).path("innererror");
        String detail = inner.path("message").asText("");
        return (code.isEmpty() ? "error" : code) + (message.isEmpty() ? "" : ": " + message)
                + (detail.isEmpty() ? "" : " (" + detail + ")");
    }

    private static Malformed notAResponse(String name, String why) {
        return new Malformed(name + ": expected a Log Analytics query response {\"tables\": [{\"columns\": [...], "
                + "\"rows\": [...]}]}, but " + why);
    }

    private static Malformed wrong(String file, String at, String expected, JsonParser p) {
        return new Malformed(file + ": at " + at + ": expected " + expected + ", found " + p.currentToken());
    }
}
