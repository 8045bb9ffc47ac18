package io.kvaudit.source;

import io.kvaudit.model.LogFact;
import io.kvaudit.model.Principal;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rows of the tables Log Analytics answers kvaudit's own queries with (src/main/resources/kql/): the facts of
 * {@code activity-facts.kql} and the per-vault coverage of {@code activity-coverage.kql}. Columns are found by name.
 * Empty text is absent (Log Analytics answers {@code tostring(null)} with ""). A row that cannot be read throws
 * {@link LogRowMapper.BadRow} with the reason, as a raw row does.
 */
public final class FactTableMapper {

    /** What a table holds, told by its columns. */
    public enum Kind { FACTS, COVERAGE, RAW }

    /** One vault's line of the coverage answer. */
    public record VaultCoverage(String vaultId, long events, Instant first, Instant last) {}

    static final List<String> FACT_COLUMNS = List.of("Bucket", "VaultId", "CallerObjectId", "CallerUpn", "CallerAppId",
            "CallerIp", "OperationName", "ObjectKind", "ObjectName", "HttpStatus", "TlsVersion", "AddressAuthorizationType",
            "Count", "FirstSeen", "LastSeen");
    static final List<String> COVERAGE_COLUMNS = List.of("VaultId", "Events", "FirstEvent", "LastEvent");

    private final Kind kind;
    private final int[] at;
    private final Map<String, Principal> principals = new HashMap<>();

    public FactTableMapper(List<String> columns) {
        this.kind = kindOf(columns);
        List<String> wanted = kind == Kind.FACTS ? FACT_COLUMNS : kind == Kind.COVERAGE ? COVERAGE_COLUMNS : List.of();
        at = new int[wanted.size()];
        for (int i = 0; i < wanted.size(); i++) at[i] = columns.indexOf(wanted.get(i));
    }

    /** Facts when every fact column is there, coverage when every coverage column is, else raw audit rows. */
    public static Kind kindOf(List<String> columns) {
        if (columns.containsAll(FACT_COLUMNS)) return Kind.FACTS;
        if (columns.containsAll(COVERAGE_COLUMNS) && !columns.contains("TimeGenerated")) return Kind.COVERAGE;
        return Kind.RAW;
    }

    public Kind kind() { return kind; }

    public LogFact fact(String[] row) throws LogRowMapper.BadRow {
        Instant bucket = time(row, 0, "Bucket");
        String vault = lower(required(row, 1, "VaultId"));
        String oid = lower(text(row, 2)), upn = lower(text(row, 3)), app = lower(text(row, 4));
        Principal caller = principals.computeIfAbsent(oid + "\u0000" + upn + "\u0000" + app, k -> new Principal(oid, upn, app));
        String op = required(row, 6, "OperationName");
        String kindOfObject = lower(text(row, 7)), name = lower(text(row, 8));
        if (kindOfObject == null || name == null) { kindOfObject = null; name = null; }
        long count = number(row, 12, "Count");
        if (count <= 0) throw new LogRowMapper.BadRow("Count is not a positive number: " + count);
        return new LogFact(bucket, vault, caller, text(row, 5), op, kindOfObject, name, (int) number(row, 9, "HttpStatus"),
                text(row, 10), text(row, 11), count, time(row, 13, "FirstSeen"), time(row, 14, "LastSeen"));
    }

    public VaultCoverage coverage(String[] row) throws LogRowMapper.BadRow {
        return new VaultCoverage(lower(required(row, 0, "VaultId")), number(row, 1, "Events"), time(row, 2, "FirstEvent"),
                time(row, 3, "LastEvent"));
    }

    private String text(String[] row, int column) {
        int i = at[column];
        if (i < 0 || i >= row.length) return null;
        String s = row[i];
        return s == null || s.isBlank() ? null : s;
    }

    private String required(String[] row, int column, String name) throws LogRowMapper.BadRow {
        String s = text(row, column);
        if (s == null) throw new LogRowMapper.BadRow(name + " is empty");
        return s;
    }

    private Instant time(String[] row, int column, String name) throws LogRowMapper.BadRow {
        String s = required(row, column, name);
        Instant t = LogTimes.parse(s);
        if (t == null) throw new LogRowMapper.BadRow(name + " is not an RFC 3339 time: \"" + shorten(s) + "\"");
        return t;
    }

    private long number(String[] row, int column, String name) throws LogRowMapper.BadRow {
        String s = text(row, column);
        if (s == null) return 0;
        try {
            double d = Double.parseDouble(s.strip());
            if (d < 0 || d > Long.MAX_VALUE / 2) throw new NumberFormatException();
            return (long) d;
        } catch (NumberFormatException e) {
            throw new LogRowMapper.BadRow(name + " is not a number: \"" + shorten(s) + "\"");
        }
    }

    private static String lower(String s) { return s == null ? null : s.toLowerCase(Locale.ROOT); }

    private static String shorten(String s) { return s.length() > 60 ? s.substring(0, 60) + "…" : s; }
}
