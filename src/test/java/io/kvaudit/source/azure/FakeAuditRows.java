package io.kvaudit.source.azure;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fake Log Analytics' store: a snapshot's raw Key Vault audit rows ({@code logs/*.json}, Log Analytics query
 * responses holding AzureDiagnostics or AZKVAuditLogs rows), streamed once and kept per workspace (the row's
 * {@code TenantId}) in a compact form, projected as activity-facts.kql and activity-coverage.kql project them, so that
 * each query is a filter and an aggregation of this index. Written for the fake, independently of kvaudit's own
 * log mapping: parity tests compare the two.
 *
 * <p>What the KQL computes, and so what this does:
 * <ul>
 *   <li>AzureDiagnostics rows only with {@code ResourceProvider == "MICROSOFT.KEYVAULT"} and {@code Category ==
 *   "AuditEvent"} (both case-sensitive);</li>
 *   <li>the projection: {@code coalesce} is the first non-empty string, {@code tolower}, {@code toint} truncates a
 *   real (a number held as a string is read as the number), an absent column is the {@code column_ifexists}
 *   default, AZKVAuditLogs' {@code Identity} is parsed from a JSON string or taken as an object
 *   ({@code parse_json(tostring(Identity)).claim});</li>
 *   <li>rows with an empty VaultId or OperationName are dropped by both queries; {@code *EventGridNotification}
 *   ({@code endswith}: case-insensitive) and the two platform callers are dropped by the facts query only;</li>
 *   <li>the object: {@code extract(objectPattern, 1 and 2, ObjectUri)} (the pattern is {@link #OBJECT}'s), lower-cased,
 *   kept when its kind is secrets, keys or certificates;</li>
 *   <li>facts: {@code summarize count(), min, max by bin_at(TimeGenerated, bucketSize, bucketOrigin), VaultId, ...,
 *   HttpStatus = coalesce(HttpStatus, 0), ...}, ordered by VaultId then Bucket; coverage: {@code count(), min, max by
 *   VaultId}, ordered by VaultId.</li>
 * </ul>
 * Times are kept as 100 ns ticks since the epoch (Kusto's datetime precision), so nothing a row says is lost.
 */
final class FakeAuditRows {

    static final long TICKS_PER_SECOND = 10_000_000L;
    static final long NO_TIME = Long.MIN_VALUE;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern OBJECT = Pattern.compile("^(?:[^/]*://)?[^/]*/([^/?]+)/([^/?]+)");
    private static final Set<String> OBJECT_KINDS = Set.of("secrets", "keys", "certificates");
    private static final Set<String> PLATFORM_CALLERS = Set.of("509e4652-da8d-478d-a730-e9d4a1996ca4", "8cae6e77-e04e-42ce-b5cb-50d82bce26b1");
    private static final String LONG_OID = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    private static final String LONG_UPN = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";

    /**
     * One distinct projected row: the facts query's summarize keys but the bucket. {@code coverageOnly}: an Event Grid
     * notification or a platform caller, which the facts query drops (a function of the other fields).
     */
    record Event(String vaultId, String callerObjectId, String callerUpn, String callerAppId, String callerIp, String operationName,
                 String objectKind, String objectName, int httpStatus, String tlsVersion, String addressAuthorizationType,
                 boolean coverageOnly) {}

    record Fact(long bucket, Event event, long count, long firstSeen, long lastSeen) {}

    record Coverage(String vaultId, long events, long firstEvent, long lastEvent) {}

    /** A workspace's rows, sorted by time: ticks[i] and event[i] = (event id << 1) | (1 when AzureDiagnostics). */
    private record Rows(long[] ticks, int[] event) {
        int lowerBound(long t) {
            int lo = 0, hi = ticks.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (ticks[mid] < t) lo = mid + 1; else hi = mid;
            }
            return lo;
        }
    }

    private static final Rows NO_ROWS = new Rows(new long[0], new int[0]);

    private final Event[] events;
    /** Each event's place in (VaultId, the other keys) order: the tiebreak after VaultId and Bucket. */
    private final int[] rank;
    private final Map<String, Rows> byWorkspace;
    private final long indexedRows;
    private final long ignoredRows;

    private FakeAuditRows(Event[] events, Map<String, Rows> byWorkspace, long indexedRows, long ignoredRows) {
        this.events = events;
        this.byWorkspace = byWorkspace;
        this.indexedRows = indexedRows;
        this.ignoredRows = ignoredRows;
        Integer[] order = new Integer[events.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Comparator<Event> byKeys = Comparator.comparing(Event::vaultId).thenComparing(Event::callerObjectId)
                .thenComparing(Event::callerUpn).thenComparing(Event::callerAppId).thenComparing(Event::callerIp)
                .thenComparing(Event::operationName).thenComparing(Event::objectKind).thenComparing(Event::objectName)
                .thenComparingInt(Event::httpStatus).thenComparing(Event::tlsVersion).thenComparing(Event::addressAuthorizationType);
        Arrays.sort(order, (a, b) -> byKeys.compare(events[a], events[b]));
        rank = new int[events.length];
        for (int i = 0; i < order.length; i++) rank[order[i]] = i;
    }

    /** Rows either query can return (right provider and category, a vault and an operation), over all workspaces. */
    long indexedRows() { return indexedRows; }

    /** Rows neither query returns (another provider or category, no vault, operation, time or TenantId, another table). */
    long ignoredRows() { return ignoredRows; }

    /** Every {@code *.json} of the directory but workspaces.json, in name order; none when it does not exist. */
    static FakeAuditRows read(Path logs) {
        Reader reader = new Reader();
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".json"))
                        .filter(f -> !f.getFileName().toString().equals("workspaces.json")).sorted().toList())
                    reader.file(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return reader.finish();
    }

    // ---- queries

    /** activity-facts.kql over [from, to) of one workspace. */
    List<Fact> facts(String customerId, long from, long to, long bucketSize, long bucketOrigin, boolean azureDiagnostics, boolean azkvAuditLogs) {
        Rows rows = byWorkspace.getOrDefault(customerId.toLowerCase(Locale.ROOT), NO_ROWS);
        Map<FactKey, long[]> agg = new HashMap<>();
        for (int i = rows.lowerBound(from), end = rows.lowerBound(to); i < end; i++) {
            int e = rows.event[i];
            if ((e & 1) == 1 ? !azureDiagnostics : !azkvAuditLogs) continue;
            int id = e >>> 1;
            if (events[id].coverageOnly()) continue;
            long t = rows.ticks[i];
            long bucket = bucketOrigin + Math.floorDiv(t - bucketOrigin, bucketSize) * bucketSize;
            long[] a = agg.computeIfAbsent(new FactKey(bucket, id), k -> new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE});
            a[0]++;
            a[1] = Math.min(a[1], t);
            a[2] = Math.max(a[2], t);
        }
        List<FactKey> keys = new ArrayList<>(agg.keySet());
        keys.sort((x, y) -> {
            int c = events[x.event].vaultId().compareTo(events[y.event].vaultId());
            if (c != 0) return c;
            c = Long.compare(x.bucket, y.bucket);
            return c != 0 ? c : Integer.compare(rank[x.event], rank[y.event]);
        });
        List<Fact> facts = new ArrayList<>(keys.size());
        for (FactKey k : keys) {
            long[] a = agg.get(k);
            facts.add(new Fact(k.bucket, events[k.event], a[0], a[1], a[2]));
        }
        return facts;
    }

    /** activity-coverage.kql over [from, to) of one workspace. */
    List<Coverage> coverage(String customerId, long from, long to, boolean azureDiagnostics, boolean azkvAuditLogs) {
        Rows rows = byWorkspace.getOrDefault(customerId.toLowerCase(Locale.ROOT), NO_ROWS);
        Map<String, long[]> agg = new HashMap<>();
        for (int i = rows.lowerBound(from), end = rows.lowerBound(to); i < end; i++) {
            int e = rows.event[i];
            if ((e & 1) == 1 ? !azureDiagnostics : !azkvAuditLogs) continue;
            long t = rows.ticks[i];
            long[] a = agg.computeIfAbsent(events[e >>> 1].vaultId(), k -> new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE});
            a[0]++;
            a[1] = Math.min(a[1], t);
            a[2] = Math.max(a[2], t);
        }
        List<Coverage> out = new ArrayList<>(agg.size());
        agg.forEach((vault, a) -> out.add(new Coverage(vault, a[0], a[1], a[2])));
        out.sort(Comparator.comparing(Coverage::vaultId));
        return out;
    }

    private record FactKey(long bucket, int event) {}

    // ---- times

    /**
     * RFC 3339 ({@code 2026-11-19T06:12:03Z}, {@code 2026-11-19T06:12:03.1234567Z}, an offset instead of Z; no zone
     * is UTC, as in Kusto) to 100 ns ticks; digits past the 7th are dropped, as Kusto's datetime keeps 7.
     * {@link #NO_TIME} when it is not such a time.
     */
    static long ticks(String s) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') return NO_TIME;
        char sep = s.charAt(10);
        if (sep != 'T' && sep != 't' && sep != ' ') return NO_TIME;
        int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
        int hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
            return NO_TIME;
        int i = 19;
        long fraction = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && Character.isDigit(s.charAt(i))) {
                if (i - start < 7) fraction = fraction * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start) return NO_TIME;
            for (int k = Math.min(i - start, 7); k < 7; k++) fraction *= 10;
        }
        long offsetSeconds = 0;
        if (i < n) {
            char z = s.charAt(i);
            if ((z == 'Z' || z == 'z') && i + 1 == n) {
                // UTC
            } else if ((z == '+' || z == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
                int oh = digits(s, i + 1, 2), om = digits(s, i + 4, 2);
                if (oh < 0 || om < 0 || oh > 23 || om > 59) return NO_TIME;
                offsetSeconds = (z == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
            } else {
                return NO_TIME;
            }
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return NO_TIME;
        }
        long seconds = epochDay * 86400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return seconds * TICKS_PER_SECOND + fraction;
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    // ---- reading

    /** Where each column the KQL reads goes; a column absent from a table is absent (column_ifexists' default). */
    private static final String[] COLUMNS = {
            "TenantId", "Type", "TimeGenerated", "OperationName",
            // AzureDiagnostics
            "ResourceId", "_ResourceId", "Category", "ResourceProvider", "httpStatusCode_d", "identity_claim_oid_g",
            "identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g", "identity_claim_upn_s",
            "identity_claim_http_schemas_xmlsoap_org_ws_2005_05_identity_claims_upn_s", "identity_claim_appid_g", "CallerIPAddress",
            "id_s", "requestUri_s", "tlsVersion_s", "addrAuthType_s", "addressAuthorizationType_s",
            // AZKVAuditLogs
            "HttpStatusCode", "Identity", "CallerIpAddress", "Id", "RequestUri", "Tlsversion", "AddressAuthorizationType"};
    private static final int TENANT = 0, TYPE = 1, TIME = 2, OPERATION = 3, RESOURCE_ID = 4, UNDERSCORE_RESOURCE_ID = 5, CATEGORY = 6,
            PROVIDER = 7, STATUS_D = 8, OID_G = 9, OID_LONG_G = 10, UPN_S = 11, UPN_LONG_S = 12, APPID_G = 13, IP_AD = 14, ID_S = 15,
            REQUEST_URI_S = 16, TLS_S = 17, ADDR_AUTH_S = 18, ADDRESS_AUTH_S = 19, STATUS_CODE = 20, IDENTITY = 21, IP_KV = 22, ID = 23,
            REQUEST_URI = 24, TLS_KV = 25, ADDRESS_AUTH_KV = 26;
    private static final Map<String, Integer> SLOT = new HashMap<>();
    static {
        for (int i = 0; i < COLUMNS.length; i++) SLOT.put(COLUMNS[i], i); // KQL column names are case-sensitive
    }

    private static final String[] NO_CLAIMS = {"", "", ""};

    private static final class Reader {
        private final Map<String, String> strings = new HashMap<>();
        private final Map<Event, Integer> eventIds = new HashMap<>();
        private final List<Event> events = new ArrayList<>();
        private final Map<String, RowsBuilder> rows = new HashMap<>();
        private final Map<String, String[]> identities = new HashMap<>();
        private long indexed, ignored;
        /** Consecutive rows are mostly of one vault: each memo keeps the last raw value it projected. */
        private final Memo<String> vaults = new Memo<>(raw -> intern(lower(raw))), tenants = new Memo<>(raw -> intern(lower(raw)));
        private final Memo<String[]> objects = new Memo<>(uri -> {
            Matcher m = OBJECT.matcher(uri);
            if (m.lookingAt()) {
                String kind = lower(m.group(1));
                if (OBJECT_KINDS.contains(kind)) return new String[] {intern(kind), intern(lower(m.group(2)))};
            }
            return new String[] {"", ""};
        });

        private static final class Memo<T> {
            private final java.util.function.Function<String, T> f;
            private String raw;
            private T value;

            Memo(java.util.function.Function<String, T> f) { this.f = f; }

            T get(String s) {
                if (!s.equals(raw)) {
                    value = f.apply(s);
                    raw = s;
                }
                return value;
            }
        }

        void file(Path f) {
            try (JsonParser p = JSON.createParser(f.toFile())) {
                if (p.nextToken() != JsonToken.START_OBJECT) throw bad(f, "not a JSON object");
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    if (name.equals("tables") && t == JsonToken.START_ARRAY) {
                        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                            if (t == JsonToken.START_OBJECT) table(f, p); else p.skipChildren();
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("the fake Log Analytics cannot read " + f + ": " + e.getMessage(), e);
            }
        }

        private void table(Path f, JsonParser p) throws IOException {
            int[] slots = null; // column index -> slot, -1 when the KQL reads no such column
            boolean[] present = new boolean[COLUMNS.length];
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("columns") && t == JsonToken.START_ARRAY) {
                    List<Integer> s = new ArrayList<>();
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        JsonNode c = p.readValueAsTree();
                        Integer slot = SLOT.get(c.path("name").asText(""));
                        s.add(slot == null ? -1 : slot);
                        if (slot != null) present[slot] = true;
                    }
                    slots = s.stream().mapToInt(Integer::intValue).toArray();
                } else if (name.equals("rows") && t == JsonToken.START_ARRAY) {
                    if (slots == null) throw bad(f, "rows before columns");
                    Object[] cells = new Object[COLUMNS.length];
                    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                        if (t != JsonToken.START_ARRAY) {
                            p.skipChildren();
                            ignored++;
                            continue;
                        }
                        Arrays.fill(cells, null);
                        int i = 0;
                        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                            int slot = i < slots.length ? slots[i] : -1;
                            if (slot < 0) p.skipChildren(); else cells[slot] = cell(p, t);
                            i++;
                        }
                        row(present, cells);
                    }
                } else {
                    p.skipChildren();
                }
            }
        }

        private static Object cell(JsonParser p, JsonToken t) throws IOException {
            return switch (t) {
                case VALUE_STRING -> p.getText();
                case VALUE_NUMBER_INT -> p.getNumberValue();
                case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case START_OBJECT, START_ARRAY -> p.readValueAsTree();
                default -> null;
            };
        }

        private void row(boolean[] present, Object[] c) {
            String tenant = str(c[TENANT]);
            long t = c[TIME] instanceof String s ? ticks(s) : NO_TIME;
            String type = str(c[TYPE]);
            boolean ad;
            if (type.equals("AzureDiagnostics")) ad = true;
            else if (type.equals("AZKVAuditLogs")) ad = false;
            else if (!type.isEmpty()) { ignored++; return; } // another table's row
            else if (present[RESOURCE_ID] && present[CATEGORY]) ad = true;
            else if (present[UNDERSCORE_RESOURCE_ID] && !present[CATEGORY]) ad = false;
            else { ignored++; return; }
            if (tenant.isEmpty() || t == NO_TIME) { ignored++; return; }

            String vault, op = str(c[OPERATION]), oid, upn, app, ip, uri, tls, addr;
            Integer status;
            if (ad) {
                if (!"MICROSOFT.KEYVAULT".equals(c[PROVIDER]) || !"AuditEvent".equals(c[CATEGORY])) { ignored++; return; }
                vault = vaults.get(coalesce(str(c[UNDERSCORE_RESOURCE_ID]), str(c[RESOURCE_ID])));
                status = toint(c[STATUS_D]);
                oid = lower(coalesce(str(c[OID_G]), str(c[OID_LONG_G])));
                upn = lower(coalesce(str(c[UPN_S]), str(c[UPN_LONG_S])));
                app = lower(str(c[APPID_G]));
                ip = str(c[IP_AD]);
                uri = coalesce(str(c[ID_S]), str(c[REQUEST_URI_S]));
                tls = str(c[TLS_S]);
                addr = coalesce(str(c[ADDR_AUTH_S]), str(c[ADDRESS_AUTH_S]));
            } else {
                vault = vaults.get(str(c[UNDERSCORE_RESOURCE_ID]));
                status = toint(c[STATUS_CODE]);
                String[] claims = claims(c[IDENTITY]);
                oid = claims[0];
                upn = claims[1];
                app = claims[2];
                ip = str(c[IP_KV]);
                uri = coalesce(str(c[ID]), str(c[REQUEST_URI]));
                tls = str(c[TLS_KV]);
                addr = str(c[ADDRESS_AUTH_KV]);
            }
            if (vault.isEmpty() || op.isEmpty()) { ignored++; return; }
            boolean coverageOnly = op.regionMatches(true, op.length() - "EventGridNotification".length(), "EventGridNotification", 0,
                    "EventGridNotification".length()) || PLATFORM_CALLERS.contains(app) || PLATFORM_CALLERS.contains(oid);
            String[] object = objects.get(uri);
            Event e = new Event(vault, intern(oid), intern(upn), intern(app), intern(ip), intern(op), object[0], object[1],
                    status == null ? 0 : status, intern(tls), intern(addr), coverageOnly);
            Integer id = eventIds.get(e);
            if (id == null) {
                id = events.size();
                events.add(e);
                eventIds.put(e, id);
            }
            rows.computeIfAbsent(tenants.get(tenant), k -> new RowsBuilder()).add(t, (id << 1) | (ad ? 1 : 0));
            indexed++;
        }

        /** {@code parse_json(tostring(Identity)).claim}: oid (or the long claim), upn (or the long claim), appid; lower-cased. */
        private String[] claims(Object identity) {
            if (identity instanceof JsonNode n) return claimsOf(n);
            if (!(identity instanceof String s) || s.isEmpty()) return NO_CLAIMS;
            String[] cached = identities.get(s);
            if (cached != null) return cached;
            JsonNode n;
            try {
                n = JSON.readTree(s);
            } catch (IOException notJson) {
                n = null; // parse_json of text that is no JSON is that text: it has no claim
            }
            String[] claims = n == null ? NO_CLAIMS : claimsOf(n);
            if (identities.size() < 100_000) identities.put(s, claims);
            return claims;
        }

        private String[] claimsOf(JsonNode root) {
            JsonNode claim = root.path("claim");
            String[] c = {lower(coalesce(text(claim.get("oid")), text(claim.get(LONG_OID)))),
                    lower(coalesce(text(claim.get("upn")), text(claim.get(LONG_UPN)))), lower(text(claim.get("appid")))};
            for (int i = 0; i < 3; i++) c[i] = intern(c[i]);
            return c;
        }

        private String intern(String s) {
            String had = strings.putIfAbsent(s, s);
            return had == null ? s : had;
        }

        FakeAuditRows finish() {
            Map<String, Rows> done = new HashMap<>();
            rows.forEach((tenant, b) -> done.put(tenant, b.build()));
            return new FakeAuditRows(events.toArray(Event[]::new), done, indexed, ignored);
        }

        private static IllegalStateException bad(Path f, String why) {
            return new IllegalStateException("the fake Log Analytics cannot read " + f + ": " + why);
        }
    }

    /** tostring(): null is "", a real that is whole prints without a fraction, an object or array is its JSON. */
    static String str(Object v) {
        if (v == null) return "";
        if (v instanceof String s) return s;
        if (v instanceof Double d) return d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
        if (v instanceof JsonNode n) return text(n);
        return v.toString();
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return "";
        return n.isValueNode() ? n.asText() : n.toString();
    }

    /** toint(): a number truncated toward zero, a string read as a number; null when neither, or beyond an int. */
    static Integer toint(Object v) {
        double d;
        if (v instanceof Number n) d = n.doubleValue();
        else if (v instanceof Boolean b) return b ? 1 : 0;
        else if (v instanceof String s) {
            try {
                d = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        } else return null;
        if (Double.isNaN(d) || Double.isInfinite(d)) return null;
        double truncated = d < 0 ? Math.ceil(d) : Math.floor(d);
        if (truncated < Integer.MIN_VALUE || truncated > Integer.MAX_VALUE) return null;
        return (int) truncated;
    }

    private static String coalesce(String a, String b) { return a.isEmpty() ? b : a; }

    private static String lower(String s) { return s.toLowerCase(Locale.ROOT); }

    /** A workspace's rows as they are read; sorted by time (a stable merge sort on the two arrays) when done. */
    private static final class RowsBuilder {
        private long[] ticks = new long[256];
        private int[] event = new int[256];
        private int size;

        void add(long t, int e) {
            if (size == ticks.length) {
                ticks = Arrays.copyOf(ticks, size * 2);
                event = Arrays.copyOf(event, size * 2);
            }
            ticks[size] = t;
            event[size++] = e;
        }

        Rows build() {
            long[] t = Arrays.copyOf(ticks, size);
            int[] e = Arrays.copyOf(event, size);
            boolean sorted = true;
            for (int i = 1; i < size && sorted; i++) sorted = t[i - 1] <= t[i];
            if (!sorted) mergeSort(t, e);
            return new Rows(t, e);
        }

        private static void mergeSort(long[] t, int[] e) {
            int n = t.length;
            long[] srcT = t, dstT = new long[n];
            int[] srcE = e, dstE = new int[n];
            for (int width = 1; width < n; width *= 2) {
                for (int lo = 0; lo < n; lo += 2 * width) {
                    int mid = Math.min(lo + width, n), hi = Math.min(lo + 2 * width, n);
                    int i = lo, j = mid, k = lo;
                    while (i < mid && j < hi) {
                        if (srcT[j] < srcT[i]) { dstT[k] = srcT[j]; dstE[k++] = srcE[j++]; }
                        else { dstT[k] = srcT[i]; dstE[k++] = srcE[i++]; }
                    }
                    while (i < mid) { dstT[k] = srcT[i]; dstE[k++] = srcE[i++]; }
                    while (j < hi) { dstT[k] = srcT[j]; dstE[k++] = srcE[j++]; }
                }
                long[] swapT = srcT; srcT = dstT; dstT = swapT;
                int[] swapE = srcE; srcE = dstE; dstE = swapE;
            }
            if (srcT != t) {
                System.arraycopy(srcT, 0, t, 0, n);
                System.arraycopy(srcE, 0, e, 0, n);
            }
        }
    }
}
